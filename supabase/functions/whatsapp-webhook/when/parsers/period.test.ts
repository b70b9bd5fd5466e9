import assert from "node:assert/strict";
import { only, settings } from "../testing.ts";
import { periodParser } from "./period.ts";

const nextWeek = [{ kind: "range", from: "2026-11-30", to: "2026-12-06" }];

Deno.test("next week in every language is Monday to Sunday of the next week (chrono: a day a week away)", () => {
  assert.deepEqual(only("next week", [periodParser(settings("en"))]), nextWeek);
  for (const text of ["la semana que viene", "la próxima semana", "la semana próxima"]) {
    assert.deepEqual(only(text, [periodParser(settings("es"))]), nextWeek, text);
  }
  for (const text of ["semana que vem", "próxima semana", "na semana que vem"]) {
    assert.deepEqual(only(text, [periodParser(settings("pt"))]), nextWeek, text);
  }
});

Deno.test("this week is the rest of it, from today", () => {
  assert.deepEqual(only("esta semana", [periodParser(settings("es"))]), [{ kind: "range", from: "2026-11-25", to: "2026-11-29" }]);
});

Deno.test("months and weekends", () => {
  assert.deepEqual(only("el mes que viene", [periodParser(settings("es"))]), [{ kind: "range", from: "2026-12-01", to: "2026-12-31" }]);
  assert.deepEqual(only("this weekend", [periodParser(settings("en"))]), [{ kind: "range", from: "2026-11-28", to: "2026-11-29" }]);
});
