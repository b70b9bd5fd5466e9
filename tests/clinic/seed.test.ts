/**
 * supabase/seed.sql is generated from the demo clinic's file, and says the same: byte for byte what
 * `npm run clinic -- seed` prints, a database seeded with it is what `apply` would make of the file,
 * and seeding twice changes nothing (the channel keeps the random secret of the first seed).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClinicFile } from "../../scripts/clinic/file/read.ts";
import { renderSeed } from "../../scripts/clinic/seed/render.ts";
import { runClinic } from "./support/cli.ts";
import { freshDatabase, type TestDatabase } from "./support/databases.ts";
import { DEMO_FILE, REPO_ROOT } from "./support/files.ts";

const SEED_FILE = path.join(REPO_ROOT, "supabase", "seed.sql");
const DEMO_CHANNEL_ID = "c4a77e10-0000-4000-8000-000000000001";
const SECRET = /^[0-9a-f]{64}$/;

describe("supabase/seed.sql", () => {
  it("is what `npm run clinic -- seed supabase/clinics/harbor-family-clinic.yaml` prints (regenerate it after editing the file)", () => {
    const seed = renderSeed(readClinicFile(DEMO_FILE).data, path.relative(REPO_ROOT, DEMO_FILE));
    expect(seed.notices).toEqual([]);
    expect(readFileSync(SEED_FILE, "utf8"), "supabase/seed.sql is out of date: npm run clinic -- seed supabase/clinics/harbor-family-clinic.yaml > supabase/seed.sql").toBe(seed.sql);
  });

  describe("in a fresh database", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await freshDatabase({ seed: true });
    });
    afterAll(async () => {
      await db.drop();
    });

    const secret = async () => (await db.client.query<{ secret: string }>("select secret from public.channels where id = $1", [DEMO_CHANNEL_ID])).rows[0]?.secret;

    it("gives the demo channel a random 64-hex secret and two weeks of slots", async () => {
      expect(await secret()).toMatch(SECRET);
      const slots = await db.client.query<{ n: string }>("select count(*) as n from public.slots where clinic_id = 'c11a1c00-0000-4000-8000-000000000001'");
      expect(Number(slots.rows[0]?.n)).toBeGreaterThan(0);
    });

    it("holds exactly what the demo file says: applying the file finds nothing to change", async () => {
      const result = await runClinic(["apply", DEMO_FILE, "--db", db.url, "--dry-run"]);
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toContain("No changes: the database already says what the file says.");
      expect(result.stderr).toBe("");
    });

    it("can run again: every row is skipped and the channel keeps its secret", async () => {
      const before = await secret();
      await db.client.query(readFileSync(SEED_FILE, "utf8"));
      expect(await secret()).toBe(before);
      const result = await runClinic(["apply", DEMO_FILE, "--db", db.url, "--dry-run"]);
      expect(result.stdout).toContain("No changes");
    });

    it("lets the demo receptionist log in with the documented password, and alerts her phone", async () => {
      const login = await db.client.query<{ ok: boolean }>(
        "select encrypted_password = extensions.crypt('demo-reception-2026', encrypted_password) as ok from auth.users where email = 'reception@harborfamilyclinic.example'",
      );
      expect(login.rows[0]?.ok).toBe(true);
      const staff = await db.client.query("select role::text, display_name, alert_phone from public.staff where user_id = '57aff000-0000-4000-8000-000000000001'");
      expect(staff.rows).toEqual([{ role: "receptionist", display_name: "Front desk", alert_phone: "+15550100900" }]);
    });
  });
});
