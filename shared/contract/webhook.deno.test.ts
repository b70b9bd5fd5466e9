/** Runs the wire-schema specification under Deno. */
import { webhookCases } from "./webhook.cases.ts";

for (const spec of webhookCases) Deno.test(spec.name, spec.run);
