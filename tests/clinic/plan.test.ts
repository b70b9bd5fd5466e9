/**
 * The planner, pure: a clinic file against hand-made database contents. What the file leaves out is
 * left alone; a section it lists is the whole truth; rows are recognised by id, else by name.
 * `SUPABASE_URL=x npx vitest run tests/clinic/plan.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { parseClinicFile } from "../../scripts/clinic/file/read.ts";
import type { ClinicFile } from "../../scripts/clinic/file/schema.ts";
import { GENERATED_SECRET, type Change } from "../../scripts/clinic/plan/changes.ts";
import { PlanError } from "../../scripts/clinic/plan/compare.ts";
import { planClinic } from "../../scripts/clinic/plan/plan.ts";
import { emptyState, type CurrentState } from "../../scripts/clinic/plan/state.ts";
import { describeChange } from "../../scripts/clinic/report.ts";

const CLINIC_ID = "00000000-0000-4000-8000-00000000c11c";
const NOW = "2026-12-02T12:00:00.000Z";
let counter = 0;
const sequentialIds = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;

function file(yaml: string): ClinicFile {
  return parseClinicFile("test.yaml", `clinic:\n  id: ${CLINIC_ID}\n  name: Test Clinic\n  timezone: America/New_York\n${yaml}`).data;
}

/** A database holding the clinic (settings as given) and the rows given. */
function state(rows: Partial<CurrentState> & { settings?: Record<string, string | number | boolean> } = {}): CurrentState {
  const { settings, ...rest } = rows;
  return {
    ...emptyState(NOW),
    clinic: { id: CLINIC_ID, settings: { name: "Test Clinic", timezone: "America/New_York", language: "en", slot_minutes: 30, ...settings } },
    ...rest,
  };
}

const provider = (id: string, name: string, active = true) => ({ id, name, name_translations: {}, active });
const lines = (changes: readonly Change[]) => changes.map(describeChange);

describe("against an empty database", () => {
  it("creates the clinic and every row, parents first, each with an id", () => {
    const plan = planClinic(
      file(`providers:\n  - name: Dr. Ana Costa\n    hours: { mon: 09:00-12:00 }\nservices:\n  - { name: Cleaning, duration_minutes: 30, providers: [Dr. Ana Costa] }\n`),
      emptyState(NOW),
      sequentialIds,
    );
    expect(plan.creates).toBe(true);
    expect(plan.changes.map((c) => `${c.action} ${c.table}`)).toEqual([
      "insert clinics",
      "insert providers",
      "insert services",
      "insert provider_services",
      "insert working_hours",
    ]);
    expect(plan.changes.every((c) => c.action === "insert" && typeof c.values.id === "string")).toBe(true);
  });

  it("a new channel's secret is left to be made when the change runs, never planned", () => {
    const plan = planClinic(file(`channels:\n  - { name: main, phone: "+15550100100" }\n`), emptyState(NOW), sequentialIds);
    const channel = plan.changes.find((c) => c.table === "channels");
    expect(channel).toMatchObject({ action: "insert", bot: { name: "main" }, values: { secret: GENERATED_SECRET, enabled: true } });
  });
});

describe("what the file leaves out is left alone", () => {
  it("an omitted setting keeps its value", () => {
    const plan = planClinic(file(""), state({ settings: { slot_minutes: 15 } }), sequentialIds);
    expect(plan.changes).toEqual([]);
  });

  it("an omitted section keeps its rows", () => {
    const current = state({
      providers: [provider("p1", "Dr. Old")],
      faqs: [{ id: "f1", language: "en", question: "Parking?", answer: "No.", keywords: [], enabled: true }],
      staff: [{ id: "s1", user_id: null, role: "receptionist", display_name: null, alert_phone: "+15550100901" }],
    });
    expect(planClinic(file(""), current, sequentialIds).changes).toEqual([]);
  });

  it("a changed setting is one update naming the old and the new value", () => {
    const plan = planClinic(file("  slot_minutes: 15\n  locale: en-GB\n"), state({ settings: { locale: "en-US" } }), sequentialIds);
    expect(lines(plan.changes)).toEqual(['~ clinic Test Clinic: locale "en-US" → "en-GB"; slot_minutes 30 → 15']);
    expect(plan.recutSlots).toBe(true);
  });
});

describe("a listed section is the whole truth", () => {
  it("a practitioner or service no longer listed is switched off, never deleted", () => {
    const current = state({
      providers: [provider("p1", "Dr. Ana Costa"), provider("p2", "Dr. Gone")],
      services: [
        { id: "s1", name: "Cleaning", name_translations: {}, description: null, duration_minutes: 30, price_cents: null, keywords: [], active: true },
        { id: "s2", name: "Old service", name_translations: {}, description: null, duration_minutes: 30, price_cents: null, keywords: [], active: true },
      ],
      offers: [{ id: "o1", provider_id: "p1", service_id: "s1" }],
    });
    const plan = planClinic(file(`providers:\n  - name: Dr. Ana Costa\nservices:\n  - { name: Cleaning, duration_minutes: 30, providers: [Dr. Ana Costa] }\n`), current, sequentialIds);
    expect(lines(plan.changes)).toEqual([
      "- provider Dr. Gone: no longer in the file: switched off (active = false); its appointments stay",
      "- service Old service: no longer in the file: switched off (active = false); its appointments stay",
    ]);
    expect(plan.changes.every((c) => c.action === "update")).toBe(true);
  });

  it("a practitioner listed again is switched on", () => {
    const plan = planClinic(file("providers:\n  - name: Dr. Ana Costa\n"), state({ providers: [provider("p1", "Dr. Ana Costa", false)] }), sequentialIds);
    expect(lines(plan.changes)).toEqual(["~ provider Dr. Ana Costa: active false → true (listed again: switched on)"]);
  });

  it("FAQ entries, staff rows and upcoming closures no longer listed are deleted; channels are disabled", () => {
    const current = state({
      faqs: [{ id: "f1", language: "en", question: "Parking?", answer: "No.", keywords: [], enabled: true }],
      staff: [{ id: "s1", user_id: null, role: "receptionist", display_name: "Ex colleague", alert_phone: "+15550100901" }],
      closures: [{ id: "c1", provider_id: null, starts_at: "2026-12-25T05:00:00.000Z", ends_at: "2026-12-26T05:00:00.000Z", reason: "Christmas" }],
      channels: [{ id: "ch1", phone: "+15550100100", enabled: true }],
    });
    const plan = planClinic(file("faqs: {}\nstaff: []\nclosures: []\nchannels: []\n"), current, sequentialIds);
    expect(lines(plan.changes)).toEqual([
      "- closure whole clinic 2026-12-25 00:00 → 2026-12-26 00:00 (Christmas): no longer in the file: those times are bookable again",
      '- FAQ en "Parking?": no longer in the file',
      "- staff Ex colleague: no longer in the file: their access and alerts end",
      "- channel +15550100100: no longer in the file: disabled (the bot's requests for it are refused)",
    ]);
  });
});

describe("message templates", () => {
  const template = (id: string, kind: string, language: "en" | "es" | "pt", body: string, name: string | null = null) => ({ id, kind, name, language, body });

  it("each text is a row by kind, name and language; a changed text is an update, one no longer listed is deleted", () => {
    const current = state({
      templates: [
        template("t1", "reminder", "en", "Old words {day}"),
        template("t2", "reminder", "es", "Hasta el {day}"),
        template("t3", "campaign", "en", "Closed", "closed_today"),
      ],
    });
    const yaml = `templates:\n  reminder:\n    en: New words {day}\n    es: Hasta el {day}\n  campaign:\n    doctor_away:\n      en: "{provider} is ill"\n`;
    const plan = planClinic(file(yaml), current, sequentialIds);
    expect(lines(plan.changes)).toEqual([
      "- template campaign closed_today en: no longer in the file",
      '~ template reminder en: body "Old words {day}" → "New words {day}"',
      "+ template campaign doctor_away en",
    ]);
    expect(plan.changes.at(-1)).toMatchObject({
      table: "message_templates",
      values: { clinic_id: CLINIC_ID, kind: "campaign", name: "doctor_away", language: "en", body: "{provider} is ill" },
    });
  });

  it("a file without templates leaves the clinic's (written in Studio) alone", () => {
    const plan = planClinic(file(""), state({ templates: [template("t1", "reminder", "en", "Ours {day}")] }), sequentialIds);
    expect(plan.changes).toEqual([]);
  });
});

describe("rows are recognised by id, else by name", () => {
  it("with its id, a renamed practitioner is the same row, renamed", () => {
    const plan = planClinic(file("providers:\n  - { id: 00000000-0000-4000-8000-0000000000a1, name: Dr. Ana Costa-Lima }\n"), state({ providers: [provider("00000000-0000-4000-8000-0000000000a1", "Dr. Ana Costa")] }), sequentialIds);
    expect(lines(plan.changes)).toEqual(['~ provider Dr. Ana Costa-Lima: name "Dr. Ana Costa" → "Dr. Ana Costa-Lima"']);
  });

  it("without an id, a renamed practitioner is a new one, and the old one is switched off", () => {
    const plan = planClinic(file("providers:\n  - name: Dr. Ana Costa-Lima\n"), state({ providers: [provider("p1", "Dr. Ana Costa")] }), sequentialIds);
    expect(lines(plan.changes)).toEqual(["+ provider Dr. Ana Costa-Lima", "- provider Dr. Ana Costa: no longer in the file: switched off (active = false); its appointments stay"]);
  });

  it("two practitioners of one name in the database: the file must give the id, at its line", () => {
    const current = state({ providers: [provider("p1", "Dr. Ana Costa"), provider("p2", "Dr. Ana Costa")] });
    const plan = () => planClinic(file("providers:\n  - name: Dr. Ana Costa\n"), current, sequentialIds);
    expect(plan).toThrow(PlanError);
    expect(plan).toThrow("2 practitioners named so in the database match this entry (ids p1, p2): give the id of the one it means");
    try {
      plan();
    } catch (error) {
      expect((error as PlanError).path).toEqual(["providers", 0, "name"]);
    }
  });

  it("an FAQ row without a language counts as the clinic's, and gets it written", () => {
    const current = state({ faqs: [{ id: "f1", language: null, question: "Parking?", answer: "No.", keywords: [], enabled: true }] });
    const plan = planClinic(file("faqs:\n  en:\n    - { question: Parking?, answer: No. }\n"), current, sequentialIds);
    expect(lines(plan.changes)).toEqual(['~ FAQ en "Parking?": language (empty) → "en"']);
  });
});

describe("working hours are replaced row by row", () => {
  it("a lunch break in a day: the two new blocks are added before the old one goes", () => {
    const current = state({
      providers: [provider("p1", "Dr. Ana Costa")],
      hours: [
        { id: "h1", provider_id: "p1", weekday: 1, start: "09:00", end: "17:00" },
        { id: "h2", provider_id: "p1", weekday: 2, start: "09:00", end: "17:00" },
      ],
    });
    const plan = planClinic(file("hours:\n  mon: 09:00-13:00, 14:00-17:00\n  tue: 09:00-17:00\nproviders:\n  - name: Dr. Ana Costa\n"), current, sequentialIds);
    expect(lines(plan.changes)).toEqual(["+ hours Dr. Ana Costa: Mon 09:00–13:00", "+ hours Dr. Ana Costa: Mon 14:00–17:00", "- hours Dr. Ana Costa: Mon 09:00–17:00"]);
  });

  it("a practitioner's own hours replace the default ones", () => {
    const plan = planClinic(
      file("hours:\n  mon: 09:00-17:00\nproviders:\n  - name: Dr. Ana Costa\n  - { name: Dr. Ben Ode, hours: { fri: 10:00-12:00 } }\n"),
      emptyState(NOW),
      sequentialIds,
    );
    expect(lines(plan.changes.filter((c) => c.table === "working_hours"))).toEqual(["+ hours Dr. Ana Costa: Mon 09:00–17:00", "+ hours Dr. Ben Ode: Fri 10:00–12:00"]);
  });
});

describe("closures", () => {
  it("are on the clinic's wall clock, and one that has already ended is left alone", () => {
    const plan = planClinic(file("closures:\n  - { from: 2026-12-24, to: 2026-12-24, reason: Christmas Eve }\n  - { from: 2026-11-26, to: 2026-11-26 }\n"), state(), sequentialIds);
    expect(plan.changes).toEqual([
      expect.objectContaining({ action: "insert", values: expect.objectContaining({ starts_at: "2026-12-24T05:00:00.000Z", ends_at: "2026-12-25T05:00:00.000Z", provider_id: null }) }),
    ]);
    expect(plan.notices).toEqual([{ level: "note", message: "closures[1] has already ended: left alone", path: ["closures", 1] }]);
  });
});

describe("staff and logins", () => {
  const alertOnly = "staff:\n  - { email: ana@clinic.example, alert_phone: \"+15550100901\", display_name: Ana }\n";

  it("an email without a login is reported, and the person still gets their alerts", () => {
    const plan = planClinic(file(alertOnly), state(), sequentialIds);
    expect(lines(plan.changes)).toEqual(["+ staff Ana (ana@clinic.example)"]);
    expect(plan.changes[0]).toMatchObject({ values: { alert_phone: "+15550100901" } });
    expect((plan.changes[0] as { values: object }).values).not.toHaveProperty("user_id");
    expect(plan.notices).toEqual([expect.objectContaining({ level: "warning", path: ["staff", 0, "email"] })]);
    expect(plan.notices[0]?.message).toContain("no login with the email ana@clinic.example yet");
  });

  it("once the login exists, the next apply links it to the same row", () => {
    const current = state({
      staff: [{ id: "s1", user_id: null, role: "receptionist", display_name: "Ana", alert_phone: "+15550100901" }],
      logins: new Map([["ana@clinic.example", "u1"]]),
    });
    const plan = planClinic(file(alertOnly), current, sequentialIds);
    expect(lines(plan.changes)).toEqual(['~ staff Ana (ana@clinic.example): user_id (empty) → "u1"']);
    expect(plan.notices).toEqual([]);
  });

  it("an email without a login and without an alert phone makes no row yet", () => {
    const plan = planClinic(file("staff:\n  - email: ben@clinic.example\n"), state(), sequentialIds);
    expect(plan.changes).toEqual([]);
    expect(plan.notices[0]?.message).toContain("no staff row until then");
  });
});
