/** Reading typed answers: numbers, labels, fragments, commands, and never guessing between labels. */
import assert from "node:assert/strict";
import { chooseOption, isMenuWord, readCommand, readYesNo } from "./input.ts";
import { en } from "../replies/en.ts";

const MENU = ["Book an appointment", "My appointments", "Ask a question", "Talk to staff"];

Deno.test("a number in range chooses that option, with or without filler", () => {
  assert.equal(chooseOption("2", MENU), 1);
  assert.equal(chooseOption(" 2. ", MENU), 1);
  assert.equal(chooseOption("option 4", MENU), 3);
  assert.equal(chooseOption("#3", MENU), 2);
});

Deno.test("a number out of range chooses nothing", () => {
  assert.equal(chooseOption("5", MENU), null);
  assert.equal(chooseOption("0", MENU), null);
});

Deno.test("a label chooses itself regardless of case, accents and punctuation", () => {
  assert.equal(chooseOption("BOOK AN APPOINTMENT!", MENU), 0);
  assert.equal(chooseOption("Vaccinação", ["Consulta", "Vacinação", "Vaccinação"]), 2);
});

Deno.test("a fragment of exactly one label chooses it; a fragment of two chooses nothing", () => {
  assert.equal(chooseOption("book", MENU), 0);
  assert.equal(chooseOption("staff please", MENU), null);
  assert.equal(chooseOption("appointment", MENU), null);
});

Deno.test("exact matching refuses a text that merely contains the label", () => {
  assert.equal(chooseOption("Ana Sousa", ["Ana"]), 0, "the forgiving match takes a text containing the label");
  assert.equal(chooseOption("Ana Sousa", ["Ana"], true), null);
  assert.equal(chooseOption("ana", ["Ana"], true), 0);
});

Deno.test("commands are whole answers, not words inside a sentence", () => {
  assert.equal(readCommand("Menu"), "menu");
  assert.equal(readCommand("hello!"), "menu");
  assert.equal(readCommand("go back"), "back");
  assert.equal(readCommand("CANCEL"), "stop");
  assert.equal(readCommand("human"), "staff");
  assert.equal(readCommand("can I cancel my appointment?"), null);
});

Deno.test("the main menu's staff label, typed on any screen, is a request for staff", () => {
  assert.equal(readCommand(en.menuLabels[3]), "staff");
  assert.equal(readCommand("talk to staff"), "staff");
});

Deno.test("common ways of asking for a person are requests for staff", () => {
  for (const text of ["Talk to a human", "speak to someone", "I want to talk to a real person", "can I speak with the staff?", "human please", "Chat with an agent"]) {
    assert.equal(readCommand(text), "staff", text);
  }
});

Deno.test("sentences that mention staff or people are not requests for staff", () => {
  for (const text of ["is the staff friendly?", "talk to staff about parking", "how many staff do you have", "a person with a cold", "someone"]) {
    assert.equal(readCommand(text), null, text);
  }
});

Deno.test("only the word menu itself is the menu word (greetings are not)", () => {
  assert.equal(isMenuWord("Menu"), true);
  assert.equal(isMenuWord(" *menu* "), true);
  for (const text of ["hi", "hello", "start", "0", "main menu please", "the menu?x"]) assert.equal(isMenuWord(text), false, text);
});

Deno.test("yes and no have their usual short forms", () => {
  assert.equal(readYesNo("Yes!"), "yes");
  assert.equal(readYesNo("ok"), "yes");
  assert.equal(readYesNo("nope"), "no");
  assert.equal(readYesNo("maybe"), null);
});
