/** Runs the wire-schema specification under Node (vitest). */
import { test } from "vitest";
import { webhookCases } from "./webhook.cases.ts";

for (const spec of webhookCases) test(spec.name, spec.run);
