/**
 * The database connection of the clinic tool: a Postgres URL (`--db` or DATABASE_URL). On Supabase
 * use the session pooler's string (Dashboard → Connect → Session pooler): the direct host
 * db.<ref>.supabase.co is IPv6-only unless the project buys the IPv4 add-on. The pooler accepts
 * unencrypted connections unless "Enforce SSL" is on; add `sslmode=verify-full&sslrootcert=<the
 * project's CA certificate>` (node-postgres reads the file) to encrypt and check the server.
 */
import { isIP } from "node:net";
import pg from "pg";

export class ConnectionError extends Error {
  override name = "ConnectionError";
}

const DIRECT_SUPABASE_HOST = /^db\.[a-z0-9]+\.supabase\.co$/i;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
const CONNECT_TIMEOUT_MS = 15_000;

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** A remote URL without TLS sends the database password in the clear: say so (once). */
export function connectionWarnings(url: string): string[] {
  const host = hostOf(url);
  if (host === null || LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith("127."))) return [];
  const sslmode = new URL(url).searchParams.get("sslmode");
  if (sslmode !== null && sslmode !== "disable") return [];
  return [
    `the connection to ${host} is not encrypted: add ?sslmode=verify-full&sslrootcert=/path/to/the-project-ca.crt ` +
      "(Supabase: Database Settings → SSL Configuration → Download certificate)",
  ];
}

export async function connectDatabase(url: string): Promise<pg.Client> {
  const host = hostOf(url);
  if (host === null) throw new ConnectionError("the database URL is not a postgresql://… URL");
  const client = new pg.Client({ connectionString: url, application_name: "clinic-tool", connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    const reason = (error as Error).message;
    const hint = DIRECT_SUPABASE_HOST.test(host)
      ? "\n  db.<ref>.supabase.co is IPv6-only: use the session pooler's connection string (Dashboard → Connect → Session pooler, port 5432)."
      : "";
    throw new ConnectionError(`could not connect to the database at ${host}: ${reason}${hint}`);
  }
  return client;
}
