/** The stack's variables for gateway tests, parsed once (vitest's global setup or npm test sets them). */
import { z } from "zod";

const StackEnvSchema = z.object({
  SUPABASE_URL: z.url(),
  SUPABASE_ANON_KEY: z.string().min(1),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1),
  SUPABASE_JWT_SECRET: z.string().min(32),
  DATABASE_URL: z.string().startsWith("postgresql://"),
});

export type TestStackEnv = z.infer<typeof StackEnvSchema>;

export function stackEnv(): TestStackEnv {
  return StackEnvSchema.parse(process.env);
}
