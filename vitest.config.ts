/**
 * Vitest runs the Node tests (docs/design.md, "Test layout"): every *.test.ts except the Deno ones
 * (inside supabase/functions or named *.deno.test.ts). Tests that need the database read the stack's
 * variables; the global setup starts a stack when none is given.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", ".local/**", "supabase/functions/**", "**/*.deno.test.ts"],
    globalSetup: ["scripts/test/vitest-global-setup.ts"],
    watch: false,
    // Every file talks to one shared stack, and some assert that bad input stored nothing by counting
    // whole tables, or book the demo clinic's first free time: files run one at a time so that holds
    // on any machine (on 2 cores vitest already used a single worker).
    fileParallelism: false,
    // supabase-js builds its realtime client eagerly and needs a global WebSocket, which Node 20
    // provides only behind this flag (Node 22 has it by default).
    execArgv: ["--experimental-websocket"],
    // Tests talk to a real database and a Deno process; allow them more than vitest's 5 s default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
