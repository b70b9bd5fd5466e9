/**
 * The Host header check that keeps /health from answering a page another site loaded through DNS
 * rebinding (a name that resolves to 127.0.0.1 in the operator's browser), and from answering a
 * name the operator did not put in front of it. Accepted: loopback names and addresses, the
 * address the server listens on (when it is one address, not 0.0.0.0 or ::), and HEALTH_ALLOWED_HOSTS
 * (a TLS reverse proxy's name). Ports do not matter: a proxy may forward from 443. Pure.
 */
import { isIPv6 } from "node:net";
import { isLoopbackHost } from "../config.ts";

/** Listening on every address: not a name a browser would use. */
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(["0.0.0.0", "::", "[::]"]);

/** The host part of a Host header, lower case, IPv6 without brackets; null when malformed. */
export function hostOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const value = header.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1] !== undefined) return isIPv6(bracketed[1]) ? bracketed[1] : null;
  const plain = /^([^:\s/]+)(?::\d+)?$/.exec(value);
  return plain?.[1]?.replace(/\.$/, "") ?? null;
}

function bare(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

export function isAllowedHost(header: string | undefined, allowedHosts: readonly string[], bindHost: string): boolean {
  const host = hostOf(header);
  if (host === null) return false;
  if (isLoopbackHost(host)) return true;
  if (!WILDCARD_HOSTS.has(bindHost) && bare(bindHost) === host) return true;
  return allowedHosts.some((allowed) => bare(allowed) === host);
}
