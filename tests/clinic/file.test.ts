/**
 * The clinic file format: what a valid file becomes, and how every mistake is reported (the file,
 * the line and column, the field, the problem). Pure: `SUPABASE_URL=x npx vitest run tests/clinic/file.test.ts`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ClinicFileError, parseClinicFile, readClinicFile } from "../../scripts/clinic/file/read.ts";
import { DEMO_FILE, minimalYaml, REPO_ROOT } from "./support/files.ts";

function problems(text: string, file = "my-clinic.yaml"): string[] {
  try {
    parseClinicFile(file, text);
  } catch (error) {
    if (error instanceof ClinicFileError) return error.message.split("\n");
    throw error;
  }
  throw new Error("the file was accepted");
}

describe("a valid clinic file", () => {
  it("the demo clinic's file is valid, with every section", () => {
    const { data } = readClinicFile(DEMO_FILE);
    expect(data.clinic).toMatchObject({ id: "c11a1c00-0000-4000-8000-000000000001", timezone: "America/New_York", language: "en" });
    expect(data.providers?.map((p) => p.name)).toEqual(["Dr. Sarah Mitchell", "Dr. James Okafor", "Nurse Emily Park"]);
    expect(data.faqs?.en).toHaveLength(12);
    expect(data.faqs?.es).toHaveLength(12);
    expect(data.faqs?.pt).toHaveLength(12);
    expect(data.staff).toEqual([{ email: "reception@harborfamilyclinic.example", display_name: "Front desk", role: "receptionist", alert_phone: "+15550100900" }]);
    expect(data.channels).toEqual([{ name: "harbor-main", id: "c4a77e10-0000-4000-8000-000000000001", phone: "+15550100100" }]);
    // Every kind a patient receives that the assistant writes, in English, Spanish and Portuguese.
    for (const kind of ["reminder", "appointment_booked", "appointment_cancelled", "appointment_moved", "rebook_offer", "hand_back"] as const) {
      expect(Object.keys(data.templates?.[kind] ?? {}).sort(), kind).toEqual(["en", "es", "pt"]);
    }
    for (const texts of Object.values(data.templates?.campaign ?? {})) expect(Object.keys(texts).sort()).toEqual(["en", "es", "pt"]);
    expect(data.clinic).toMatchObject({ quiet_hours_start: "20:00", quiet_hours_end: "08:00" });
  });

  it("weekly hours with a break become two blocks a day, and a run of days expands", () => {
    const text = `${minimalYaml({ hours: '  mon-wed: 09:00-13:00, 14:00-17:00\n  sat: ["09:00-12:00"]' })}providers:\n  - name: Dr. Ana Costa\n`;
    const { data } = parseClinicFile("f.yaml", text);
    expect(data.hours).toEqual([
      { weekday: 1, start: "09:00", end: "13:00" },
      { weekday: 1, start: "14:00", end: "17:00" },
      { weekday: 2, start: "09:00", end: "13:00" },
      { weekday: 2, start: "14:00", end: "17:00" },
      { weekday: 3, start: "09:00", end: "13:00" },
      { weekday: 3, start: "14:00", end: "17:00" },
      { weekday: 6, start: "09:00", end: "12:00" },
    ]);
  });

  it("a closure given by dates covers whole days: from the first day's start to the end of the last", () => {
    const { data } = parseClinicFile("f.yaml", minimalYaml({ closures: '  - { from: 2026-12-24, to: 2026-12-26, reason: Holidays }\n  - { from: "2026-12-31 13:00", to: "2026-12-31 17:30" }' }));
    expect(data.closures).toEqual([
      { from: "2026-12-24T00:00", to: "2026-12-27T00:00", reason: "Holidays" },
      { from: "2026-12-31T13:00", to: "2026-12-31T17:30" },
    ]);
  });

  it("the README's example (\"Setting up a clinic\") is a valid clinic file", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Setting up a clinic"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const yaml = block.replace(/^ {3}/gm, "");
    const { data } = parseClinicFile("README example", yaml);
    expect(data.clinic.name).toBe("Clínica Sol");
    expect(data.providers?.[1]?.hours).toHaveLength(3);
  });

  it("JSON is read as well, with lines", () => {
    const json = JSON.stringify({ clinic: { name: "Clínica Sol", timezone: "America/Mexico_City", language: "es", locale: "es-MX" } }, null, 2);
    expect(parseClinicFile("sol.json", json).data.clinic.locale).toBe("es-MX");
    const bad = JSON.stringify({ clinic: { name: "Clínica Sol", timezone: "America/Mexico_City", language: "fr" } }, null, 2);
    expect(problems(bad, "sol.json")).toEqual([expect.stringMatching(/^sol\.json:5:17: clinic\.language: /)]);
  });
});

describe("a mistake names the file, the line, the field and the problem", () => {
  it("a wrong value points at the value", () => {
    expect(problems(minimalYaml({ clinicExtra: "  slot_minutes: 300" }))).toEqual(["my-clinic.yaml:4:17: clinic.slot_minutes: must be at most 240"]);
  });

  it("a misspelt field points at the field itself", () => {
    expect(problems(minimalYaml({ clinicExtra: "  slot_minute: 30" }))).toEqual([
      "my-clinic.yaml:4:3: clinic.slot_minute: unknown field (check the spelling against supabase/clinics/harbor-family-clinic.yaml)",
    ]);
  });

  it("a missing field points at the entry that lacks it", () => {
    const text = `${minimalYaml()}providers:\n  - name: Dr. Ana Costa\nservices:\n  - name: Cleaning\n    providers: [Dr. Ana Costa]\n`;
    expect(problems(text)).toEqual(["my-clinic.yaml:7:5: services[0].duration_minutes: is required"]);
  });

  it("a template's unknown placeholder, and one its kind cannot fill, are named at the text", () => {
    const text = `${minimalYaml()}templates:\n  reminder:\n    en: "See you {tomorrow}"\n  hand_back:\n    es: "Su cita de {service}"\n`;
    expect(problems(text)).toEqual([
      "my-clinic.yaml:6:9: templates.reminder.en: unknown placeholder {tomorrow}: reminder messages can use {patient}, {clinic}, {service}, {provider}, {day}, {time}",
      "my-clinic.yaml:8:9: templates.hand_back.es: hand_back messages cannot fill {service}: they can use {patient}, {clinic}",
    ]);
  });

  it("a kind that has no template, a language the assistant does not speak and a notice template's odd name are refused", () => {
    const text = `${minimalYaml()}templates:\n  staff_reply:\n    en: Hi\n  reminder:\n    fr: Bonjour\n  campaign:\n    Doctor Away:\n      en: Hi\n`;
    const found = problems(text);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^my-clinic\.yaml:5:3: templates\.staff_reply: unknown field/);
    expect(found[1]).toMatch(/^my-clinic\.yaml:8:5: templates\.reminder\.fr: unknown field/);
    expect(found[2]).toMatch(/templates\.campaign\.Doctor Away: a notice template's name is lower-case letters/);
  });

  it("quiet hours are both given, or both null for none", () => {
    expect(problems(minimalYaml({ clinicExtra: '  quiet_hours_start: null\n  quiet_hours_end: "08:00"' }))).toEqual([
      "my-clinic.yaml:5:20: clinic.quiet_hours_end: no quiet hours is null for both quiet_hours_start and quiet_hours_end",
    ]);
    expect(problems(minimalYaml({ clinicExtra: '  quiet_hours_start: "21:00"\n  quiet_hours_end: "21:00"' }))).toEqual([
      "my-clinic.yaml:5:20: clinic.quiet_hours_end: quiet hours must not start and end at the same time (null for both: no quiet hours)",
    ]);
    expect(() => parseClinicFile("f.yaml", minimalYaml({ clinicExtra: "  quiet_hours_start: null\n  quiet_hours_end: null" }))).not.toThrow();
    expect(() => parseClinicFile("f.yaml", minimalYaml({ clinicExtra: '  quiet_hours_start: "22:00"' }))).not.toThrow();
  });

  it("an unquoted phone number is read as a number, and the message says to quote it", () => {
    const text = `${minimalYaml()}channels:\n  - name: main\n    phone: +15550100100\n`;
    expect(problems(text)).toEqual([
      'my-clinic.yaml:6:12: channels[0].phone: write phone numbers in quotes, like "+15551234567" (unquoted, YAML reads them as numbers and drops the +)',
    ]);
  });

  it("overlapping hours and an unknown weekday are each named at their key", () => {
    expect(problems(minimalYaml({ hours: "  mon-fri: 09:00-13:00, 12:00-17:00\n  funday: 09:00-10:00" }))).toEqual([
      "my-clinic.yaml:5:12: hours.mon-fri: 09:00-13:00 and 12:00-17:00 overlap",
      'my-clinic.yaml:6:11: hours.funday: "funday" is not a weekday or a run of weekdays (use mon, tue, wed, thu, fri, sat, sun, or e.g. mon-fri)',
    ]);
  });

  it("a service offered by a practitioner the file does not list is named where it is used", () => {
    const text = `${minimalYaml()}providers:\n  - name: Dr. Ana Costa\nservices:\n  - name: Cleaning\n    duration_minutes: 30\n    providers: [Dr. Ana Costa, Dr. Nobody]\n`;
    expect(problems(text)).toEqual(['my-clinic.yaml:9:32: services[0].providers[1]: no practitioner named "Dr. Nobody" under providers (there: Dr. Ana Costa)']);
  });

  it("two entries with one name (in any case) are refused", () => {
    const text = `${minimalYaml()}providers:\n  - name: Dr. Ana Costa\n  - name: dr. ana costa\n`;
    expect(problems(text)).toEqual(["my-clinic.yaml:6:11: providers[1].name: this name is already used by providers[0]"]);
  });

  it("a staff member with neither login nor alert phone is refused", () => {
    expect(problems(`${minimalYaml()}staff:\n  - display_name: Nobody\n`)).toEqual([
      "my-clinic.yaml:5:5: staff[0]: give the person's login (email), an alert_phone, or both",
    ]);
  });

  it("a YAML syntax error names its line", () => {
    expect(problems("clinic:\n  name: [\n")).toEqual([expect.stringMatching(/^my-clinic\.yaml:3:1: /)]);
  });

  it("an empty file says what a clinic file starts with", () => {
    expect(problems("")).toEqual(["my-clinic.yaml: the file must be a mapping of fields, starting with clinic: (see supabase/clinics/harbor-family-clinic.yaml)"]);
  });

  it("a file that does not exist is named", () => {
    expect(() => readClinicFile("/nonexistent/clinic.yaml")).toThrow("/nonexistent/clinic.yaml: no such file");
  });
});
