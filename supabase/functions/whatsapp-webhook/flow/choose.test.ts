/** Reading typed answers: numbers, labels, fragments, yes and no in any language, never guessing between labels. */
import assert from "node:assert/strict";
import { chooseIndex, readYesNo } from "./choose.ts";

const MENU = ["Book an appointment", "My appointments", "Ask a question", "Talk to staff"];

Deno.test("a number in range chooses that option, with or without filler", () => {
  assert.equal(chooseIndex("2", MENU), 1);
  assert.equal(chooseIndex(" 2. ", MENU), 1);
  assert.equal(chooseIndex("option 4", MENU), 3);
  assert.equal(chooseIndex("#3", MENU), 2);
  assert.equal(chooseIndex("opción 2", MENU), 1);
  assert.equal(chooseIndex("opção 3", MENU), 2);
});

Deno.test("a number out of range chooses nothing", () => {
  assert.equal(chooseIndex("5", MENU), null);
  assert.equal(chooseIndex("0", MENU), null);
});

Deno.test("a label chooses itself regardless of case, accents and punctuation", () => {
  assert.equal(chooseIndex("BOOK AN APPOINTMENT!", MENU), 0);
  assert.equal(chooseIndex("Vaccinação", ["Consulta", "Vacinação", "Vaccinação"]), 2);
});

Deno.test("a fragment of exactly one label chooses it; a fragment of two chooses nothing", () => {
  assert.equal(chooseIndex("book", MENU), 0);
  assert.equal(chooseIndex("staff please", MENU), null);
  assert.equal(chooseIndex("appointment", MENU), null);
});

Deno.test("exact matching refuses a text that merely contains the label", () => {
  assert.equal(chooseIndex("Ana Sousa", ["Ana"]), 0, "the forgiving match takes a text containing the label");
  assert.equal(chooseIndex("Ana Sousa", ["Ana"], true), null);
  assert.equal(chooseIndex("ana", ["Ana"], true), 0);
});

Deno.test("yes and no have their usual short forms, in every language", () => {
  for (const yes of ["Yes!", "ok", "sí", "Si", "claro", "sim", "Sim!", "vale", "pode ser"]) assert.equal(readYesNo(yes), "yes", yes);
  for (const no of ["nope", "No", "não", "nao"]) assert.equal(readYesNo(no), "no", no);
  assert.equal(readYesNo("maybe"), null);
});
