/**
 * The English texts agree with the flow they describe: limits are quoted from flow/limits.ts, and
 * every command a reply tells the patient to type is one the flow actually reads.
 */
import assert from "node:assert/strict";
import { en } from "./en.ts";
import { MAX_NAME_CHARS } from "../flow/limits.ts";
import { isMenuWord, readCommand } from "../flow/input.ts";
import { makeContext } from "../flow/testing.ts";

/** Every text of `en` with sample arguments, so commands inside function replies are seen too. */
function everyText(): string[] {
  const ctx = makeContext();
  return Object.values(en).flatMap((value): string[] => {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
    return [];
  }).concat([en.menu(ctx.clinic.name, "hello"), en.cooloff(ctx.clinic.cooloffMinutes), en.answerFollowUp(true), en.answerFollowUp(false)]);
}

Deno.test("the invalid-name hint quotes the longest name the flow accepts", () => {
  assert.match(en.invalidName, new RegExp(`up to ${MAX_NAME_CHARS} characters`));
});

Deno.test("every *word* a reply asks the patient to type is a command the flow reads", () => {
  const quoted = everyText().flatMap((text) => [...text.matchAll(/[Rr]eply \*([^*]+)\*|or \*([^*]+)\* for/g)].map((m) => m[1] ?? m[2] ?? ""));
  assert.ok(quoted.length > 0);
  for (const word of quoted) assert.notEqual(readCommand(word), null, word);
});

Deno.test("the handoff reply tells the patient the one word that brings the assistant back", () => {
  assert.match(en.handoff, /Reply \*menu\* to go back to the assistant\./);
  assert.equal(isMenuWord("menu"), true);
});
