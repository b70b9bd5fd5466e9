/**
 * The stack's JWT secret and the two API keys signed with it. Like the Supabase CLI's local keys,
 * they are HS256 JWTs with `role` = anon / service_role and issuer `supabase-demo`; unlike the CLI's
 * shared well-known secret, each data directory gets its own random secret, kept between runs.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";

/** PostgREST requires at least 32 characters of secret. */
const SECRET_BYTES = 32;
/** The CLI's local keys last ten years; so do ours. */
const KEY_LIFETIME_S = 10 * 365 * 24 * 3600;

export interface ApiKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

export interface StoredSecret {
  secret: string;
  /** When the secret was made: the keys' `iat`, so the same data directory always yields the same keys. */
  createdAtS: number;
}

/** Reads the secret stored in `file`, creating it on first use. */
export function loadOrCreateSecret(file: string): StoredSecret {
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(SECRET_BYTES).toString("hex")}\n`, { mode: 0o600 });
  return { secret: readFileSync(file, "utf8").trim(), createdAtS: Math.floor(statSync(file).mtimeMs / 1000) };
}

/** Signs a token with the stack's secret; tests use it for authenticated users and expired tokens. */
export async function signJwt(
  secret: string,
  claims: Record<string, unknown>,
  expiresAtS?: number,
  issuedAtS: number = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(issuedAtS)
    .setExpirationTime(expiresAtS ?? issuedAtS + KEY_LIFETIME_S)
    .sign(new TextEncoder().encode(secret));
}

export async function makeApiKeys({ secret, createdAtS }: StoredSecret): Promise<ApiKeys> {
  const sign = (role: string): Promise<string> => signJwt(secret, { iss: "supabase-demo", role }, undefined, createdAtS);
  return { jwtSecret: secret, anonKey: await sign("anon"), serviceRoleKey: await sign("service_role") };
}
