import assert from "node:assert/strict";
import { find, only, settings } from "../testing.ts";
import { weekdayParser } from "./weekday.ts";

const en = [weekdayParser(settings("en"))];
const es = [weekdayParser(settings("es"))];
const pt = [weekdayParser(settings("pt"))];
const friday = { kind: "weekday", weekday: 5, reading: { kind: "day", day: "2026-11-27" } };

Deno.test("a weekday keeps what qualifies it, before or after (chrono's es parser drops 'que viene')", () => {
  assert.deepEqual(only("friday", en), [friday]);
  assert.deepEqual(only("el lunes que viene", es), [{ kind: "weekday", weekday: 1, reading: { kind: "day", day: "2026-11-30" } }]);
  assert.equal(find("el lunes que viene", es)[0]?.text, "el lunes que viene");
  assert.deepEqual(only("na próxima sexta", pt)[0], {
    kind: "weekday",
    weekday: 5,
    reading: { kind: "unsure", reason: "next_weekday", days: ["2026-11-27", "2026-12-04"] },
  });
});

Deno.test("Portuguese weekdays with and without '-feira'", () => {
  assert.deepEqual(only("segunda-feira", pt), only("segunda", pt));
  assert.deepEqual(only("sexta feira", pt), [friday]);
  assert.deepEqual(only("6ª feira", pt), [friday]);
});

Deno.test("plurals and 'every' are recurring: unsure", () => {
  for (const [text, parsers] of [["mondays", en], ["every monday", en], ["los lunes", es], ["às segundas", pt], ["toda segunda", pt]] as const) {
    assert.deepEqual(only(text, parsers)[0], { kind: "weekday", weekday: 1, reading: { kind: "unsure", reason: "recurring" } }, text);
  }
});

Deno.test("names that are also words need a preposition: 'I sat down' is no Saturday, 'on sat' is", () => {
  assert.deepEqual(find("I sat down", en), []);
  assert.deepEqual(find("the sun is out", en), []);
  assert.equal(only("on sat", en).length, 1);
});

Deno.test("Portuguese ordinals are not weekdays: 'a segunda opção', 'a segunda vez'", () => {
  assert.deepEqual(find("a segunda opção", pt), []);
  assert.deepEqual(find("é a segunda vez", pt), []);
  assert.equal(only("segunda às 10", pt).length, 1);
});
