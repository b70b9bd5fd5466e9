/**
 * Databases of their own, in the test stack's cluster, for tests that need an empty or freshly
 * seeded database (the shared one is seeded once and other test files add to it): created, migrated
 * exactly as the stack migrates (scripts/stack/migrate.ts), seeded or not, and dropped afterwards.
 */
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { silentLog } from "../../../scripts/stack/log.ts";
import { migrate } from "../../../scripts/stack/migrate.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export interface TestDatabase {
  url: string;
  client: pg.Client;
  drop(): Promise<void>;
}

export function stackDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run through vitest (its global setup starts a stack)");
  return url;
}

/** A checkout whose supabase/ has the migrations and no seed.sql. */
function unseededRoot(): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), "clinic-unseeded-"));
  mkdirSync(path.join(root, "supabase"));
  symlinkSync(path.join(REPO_ROOT, "supabase", "migrations"), path.join(root, "supabase", "migrations"));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function freshDatabase(options: { seed: boolean }): Promise<TestDatabase> {
  const name = `clinic_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: stackDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(stackDatabaseUrl());
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const checkout = options.seed ? { root: REPO_ROOT, remove: () => undefined } : unseededRoot();
  try {
    await migrate(client, checkout.root, silentLog);
  } finally {
    checkout.remove();
  }
  return {
    url: url.toString(),
    client,
    async drop() {
      await client.end();
      const again = new pg.Client({ connectionString: stackDatabaseUrl() });
      await again.connect();
      try {
        await again.query(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}
