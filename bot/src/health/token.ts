/** HEALTH_TOKEN checks: the token from `?token=` or `Authorization: Bearer`, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

const BEARER = /^Bearer\s+(.+)$/i;

export function presentedToken(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  const bearer = header ? BEARER.exec(header)?.[1]?.trim() : undefined;
  return bearer ?? url.searchParams.get("token");
}

/** Hashing first gives equal lengths, so the comparison time says nothing about the token. */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

/** No HEALTH_TOKEN configured means everyone who can reach the port (127.0.0.1 by default) is trusted. */
export function isAuthorised(expected: string | undefined, given: string | null): boolean {
  return expected === undefined || tokenMatches(expected, given);
}
