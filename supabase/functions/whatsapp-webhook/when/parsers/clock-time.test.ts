import assert from "node:assert/strict";
import { find, only, settings, time } from "../testing.ts";
import { clockTimeParser } from "./clock-time.ts";

const en = [clockTimeParser(settings("en"))];
const es = [clockTimeParser(settings("es"))];
const pt = [clockTimeParser(settings("pt"))];

Deno.test("am and pm fix the half of the day", () => {
  assert.deepEqual(only("10am", en), [time(10, 0, false)]);
  assert.deepEqual(only("10 am", en), [time(10, 0, false)]);
  assert.deepEqual(only("3p.m.", en), [time(15, 0, false)]);
  assert.deepEqual(only("a las 4 p. m.", es), [time(16, 0, false)]);
  assert.deepEqual(only("12pm", en), [time(12, 0, false)]);
});

Deno.test("'12am' is unsure: people mean noon as often as midnight", () => {
  assert.deepEqual(only("12am", en), [{ kind: "unsure", reason: "twelve_am" }]);
});

Deno.test("'10.00', '10h', '15h', '15h30' are times (issue 8); '15h' is 15:00, never a duration", () => {
  assert.deepEqual(only("10.00", en), [time(10, 0, true)]);
  assert.deepEqual(only("10h", pt), [time(10, 0, true)]);
  assert.deepEqual(only("15h", en), [time(15, 0, false)]);
  assert.deepEqual(only("15h30", es), [time(15, 30, false)]);
  assert.deepEqual(only("às 15h", pt), [time(15, 0, false)]);
  assert.deepEqual(only("19hs", es), [time(19, 0, false)]);
});

Deno.test("an hour of 1 to 12 without am/pm is ambiguous; a 24-hour hour or a leading zero is not", () => {
  assert.deepEqual(only("at 3", en), [time(3, 0, true)]);
  assert.deepEqual(only("10:30", es), [time(10, 30, true)]);
  assert.deepEqual(only("at 12", en), [time(12, 0, true)]);
  assert.deepEqual(only("14:30", en), [time(14, 30, false)]);
  assert.deepEqual(only("09:00", en), [time(9, 0, false)]);
});

Deno.test("a bare number is no time: menus use numbers", () => {
  assert.deepEqual(find("2", en), []);
  assert.deepEqual(find("10", es), []);
  assert.deepEqual(find("option 3", en), []);
});

Deno.test("prefixes make a number a time: 'at', 'a las', 'às', and 'a la una', 'à uma'", () => {
  assert.deepEqual(only("a las 3", es), [time(3, 0, true)]);
  assert.deepEqual(only("às 10", pt), [time(10, 0, true)]);
  assert.deepEqual(only("a la una", es), [time(1, 0, true)]);
  assert.deepEqual(only("à uma", pt), [time(1, 0, true)]);
  assert.deepEqual(find("vou a uma consulta", pt), []);
});

Deno.test("a weak prefix needs a fitting word after it: 'as 10' is a time, 'as 2 opções' is not", () => {
  assert.deepEqual(only("as 10", pt), [time(10, 0, true)]);
  assert.deepEqual(find("as 2 opções", pt), []);
  assert.deepEqual(find("las 2 opciones", es), []);
});

Deno.test("'2 horas' alone is a duration, '15 horas' and 'às 10 horas' are times", () => {
  assert.deepEqual(find("dura 2 horas", pt), []);
  assert.deepEqual(only("15 horas", es), [time(15, 0, false)]);
  assert.deepEqual(only("às 10 horas", pt), [time(10, 0, true)]);
});

Deno.test("prices and impossible clocks are not times", () => {
  assert.deepEqual(find("$2.50", en), []);
  assert.deepEqual(find("25:00", en), []);
  assert.deepEqual(find("10:75", en), []);
  assert.deepEqual(find("13pm", en), []);
});
