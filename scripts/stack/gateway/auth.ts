/**
 * Who is calling: PostgREST's JWT handling for the gateway. The token comes from
 * `Authorization: Bearer …`, else from the `apikey` header (what Supabase's API gateway forwards);
 * no token means the anonymous role. HS256 with the stack's secret; exp/nbf/iat checked with
 * PostgREST's messages and codes (PGRST301 undecodable, PGRST303 claims invalid).
 */
import { jwtVerify, errors as joseErrors } from "jose";
import { gatewayError, type GatewayError } from "./errors.ts";

export const ANON_ROLE = "anon";
/** PostgREST tolerates this much clock skew on exp/nbf/iat. */
const CLOCK_SKEW_S = 30;

export interface Caller {
  role: string;
  claims: Record<string, unknown>;
}

function invalid(code: "PGRST301" | "PGRST303", message: string, details: string | null = null): GatewayError {
  return gatewayError(401, code, message, {
    details,
    headers: { "www-authenticate": `Bearer error="invalid_token", error_description="${message}"` },
  });
}

function tokenFrom(headers: Record<string, string | string[] | undefined>): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === "string") {
    const match = /^bearer\s*(.*)$/i.exec(authorization.trim());
    if (match) return match[1] ?? "";
  }
  const apikey = headers.apikey;
  return typeof apikey === "string" && apikey.length > 0 ? apikey : null;
}

/**
 * Verified tokens are remembered until they expire, as PostgREST's JWT cache does: clients send the
 * same few keys on every request, and verifying costs more than the rest of the gateway's work.
 */
const JWT_CACHE_ENTRIES = 256;

export function createAuthenticator(jwtSecret: string): (headers: Record<string, string | string[] | undefined>) => Promise<Caller> {
  const key = new TextEncoder().encode(jwtSecret);
  const verified = new Map<string, { caller: Caller; validUntilS: number }>();
  return async (headers) => {
    const token = tokenFrom(headers);
    if (token === null) return { role: ANON_ROLE, claims: { role: ANON_ROLE } };
    const cached = verified.get(token);
    if (cached && Date.now() / 1000 < cached.validUntilS) return cached.caller;
    verified.delete(token);
    const caller = await verify(token, key);
    if (verified.size >= JWT_CACHE_ENTRIES) verified.clear();
    const exp = caller.claims.exp;
    verified.set(token, { caller, validUntilS: typeof exp === "number" ? exp : Number.POSITIVE_INFINITY });
    return caller;
  };
}

async function verify(token: string, key: Uint8Array): Promise<Caller> {
  if (token === "") throw invalid("PGRST301", "Empty JWT is sent in Authorization header");
  const parts = token.split(".").length;
  if (parts !== 3) throw invalid("PGRST301", `Expected 3 parts in JWT; got ${parts}`);
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, key, { algorithms: ["HS256", "HS384", "HS512"], clockTolerance: CLOCK_SKEW_S });
    claims = verified.payload as Record<string, unknown>;
  } catch (error) {
    throw jwtFailure(error);
  }
  const iat = claims.iat;
  if (typeof iat === "number" && iat > Date.now() / 1000 + CLOCK_SKEW_S) throw invalid("PGRST303", "JWT issued at future");
  const role = typeof claims.role === "string" && claims.role.length > 0 ? claims.role : ANON_ROLE;
  return { role, claims };
}

function jwtFailure(error: unknown): GatewayError {
  if (error instanceof joseErrors.JWTExpired) return invalid("PGRST303", "JWT expired");
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "nbf":
        return invalid("PGRST303", "JWT not yet valid");
      case "exp":
        return invalid("PGRST303", "The JWT 'exp' claim must be a number");
      case "iat":
        return invalid("PGRST303", "The JWT 'iat' claim must be a number");
      default:
        return invalid("PGRST303", "Parsing claims failed");
    }
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return invalid("PGRST301", "Wrong or unsupported encoding algorithm");
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return invalid("PGRST301", "No suitable key or wrong key type", "None of the keys was able to decode the JWT");
  }
  return invalid("PGRST301", "JWT couldn't be decoded");
}
