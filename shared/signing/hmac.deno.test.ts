/** Runs the signing specification under Deno. */
import { hmacCases } from "./hmac.cases.ts";

for (const spec of hmacCases) Deno.test(spec.name, spec.run);
