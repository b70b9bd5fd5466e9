import assert from "node:assert/strict";
import { find, settings } from "../testing.ts";
import { numberParser } from "./number.ts";

const en = [numberParser(settings("en"))];
const es = [numberParser(settings("es"))];

Deno.test("bare numbers up to 31 and hour words are kept for the refiners", () => {
  assert.deepEqual(find("3", en).map((found) => found.pieces), [[{ kind: "number", value: 3 }]]);
  assert.deepEqual(find("tres", es).map((found) => found.pieces), [[{ kind: "number", value: 3 }]]);
});

Deno.test("prices, decimals, percentages, big numbers and 'one' are not numbers here", () => {
  for (const text of ["$20", "2.5", "20%", "555", "one", "una"]) {
    assert.deepEqual(find(text, text === "una" ? es : en), [], text);
  }
});
