/** The placeholder table and its checks, as the clinic tool and the function use them (the database's copy: tests/db/template-placeholders.test.ts). */
import { describe, expect, it } from "vitest";
import { FILLABLE, fillTemplate, placeholdersIn, TEMPLATE_KINDS, templateProblem } from "./placeholders.ts";

describe("template placeholders", () => {
  it("finds every {name} of a text, in order, as written", () => {
    expect(placeholdersIn("Hi {patient}, {Day} at {time} {}")).toEqual(["patient", "Day", "time", ""]);
  });

  it("names an unknown placeholder, and one the kind cannot fill, with what the kind can use", () => {
    expect(templateProblem("reminder", "See you {tomorrow}")).toBe(
      "unknown placeholder {tomorrow}: reminder messages can use {patient}, {clinic}, {service}, {provider}, {day}, {time}",
    );
    expect(templateProblem("hand_back", "Back for your {service}")).toBe(
      "hand_back messages cannot fill {service}: they can use {patient}, {clinic}",
    );
    expect(templateProblem("appointment_booked", "It was {previous_day}")).toMatch(/^appointment_booked messages cannot fill \{previous_day\}/);
    expect(templateProblem("appointment_moved", "It was {previous_day} at {previous_time}")).toBeNull();
    expect(templateProblem("rebook_offer", "Off: {reason}")).toBeNull();
  });

  it("refuses an empty text and one longer than three thousand characters", () => {
    expect(templateProblem("campaign", "  ")).toBe("the text is empty: write the message");
    expect(templateProblem("campaign", "x".repeat(3_001))).toBe("the text is 3001 characters long: at most 3000");
    expect(templateProblem("campaign", "é".repeat(3_000))).toBeNull();
  });

  it("every kind fills who it is to and from", () => {
    for (const kind of TEMPLATE_KINDS) expect(FILLABLE[kind]).toEqual(expect.arrayContaining(["patient", "clinic"]));
  });

  it("fills values, drops a missing one tidily, and keeps one full stop after an abbreviation", () => {
    expect(fillTemplate("Hi {patient}, see you {day}.", { patient: "Ana", day: "sex., 11 de jan." })).toBe("Hi Ana, see you sex., 11 de jan.");
    expect(fillTemplate("Hi {patient}, see you.", {})).toBe("Hi, see you.");
    expect(fillTemplate("Dear {patient}\nWelcome", { patient: " " })).toBe("Dear\nWelcome");
    expect(fillTemplate("Keep {this} as written", {})).toBe("Keep {this} as written");
  });
});
