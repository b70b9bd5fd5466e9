/**
 * The placeholder table is written twice, in SQL (template_placeholders, template_problem: checked
 * when staff save a template) and in TypeScript (shared/templates/placeholders.ts: the function fills
 * them, the clinic tool checks a file): the two must say the same thing, word for word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { FILLABLE, TEMPLATE_KINDS, type TemplateKind, templateProblem } from "../../shared/templates/placeholders.ts";
import { serviceRolePool } from "./support/booking-fixture.ts";
import { databaseUrl } from "./support/database-url.ts";

let pool: pg.Pool;

beforeAll(() => {
  pool = serviceRolePool(databaseUrl(), 2);
});

afterAll(async () => {
  await pool?.end();
});

describe("the placeholders of message templates, in SQL and in TypeScript", () => {
  it("each kind fills the same placeholders, in the same order", async () => {
    for (const kind of TEMPLATE_KINDS) {
      const { rows } = await pool.query<{ names: string[] }>("select public.template_placeholders($1::public.outbox_kind) as names", [kind]);
      expect(rows[0]!.names, kind).toEqual([...FILLABLE[kind]]);
    }
  });

  it("the kinds without templates are the same", async () => {
    const { rows } = await pool.query<{ kind: string }>(
      "select k::text as kind from unnest(enum_range(null::public.outbox_kind)) k where public.template_placeholders(k) is not null order by k::text",
    );
    expect(rows.map((r) => r.kind)).toEqual([...TEMPLATE_KINDS].sort());
  });

  it("the same text gets the same verdict, in the same words", async () => {
    const samples: Array<[TemplateKind, string]> = [
      ["reminder", "Hi {patient}, see you {day} at {time}"],
      ["reminder", "See you {tomorrow}"],
      ["hand_back", "Your {service} is waiting"],
      ["appointment_moved", "Was {previous_day} {previous_time}"],
      ["appointment_booked", "Was {previous_day}"],
      ["rebook_offer", "Off: {reason}"],
      ["campaign", "   "],
      ["campaign", "x".repeat(3001)],
      ["campaign", "{Patient}"],
      ["campaign", "Literal { brace } and {} empty"],
    ];
    for (const [kind, body] of samples) {
      const { rows } = await pool.query<{ problem: string | null }>("select public.template_problem($1::public.outbox_kind, $2) as problem", [kind, body]);
      expect(rows[0]!.problem, `${kind}: ${body.slice(0, 40)}`).toBe(templateProblem(kind, body));
    }
  });
});
