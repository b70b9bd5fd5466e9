/** Runs the signing specification under Node (vitest). */
import { test } from "vitest";
import { hmacCases } from "./hmac.cases.ts";

for (const spec of hmacCases) test(spec.name, spec.run);
