/** Stored states: empty is a fresh start, the current version is kept, anything else is outdated. */
import assert from "node:assert/strict";
import { initialState, loadState, STATE_VERSION } from "./state.ts";
import { transition } from "./transition.ts";
import { everyStep, makeContext } from "./testing.ts";

Deno.test("an empty stored state is a fresh conversation at the menu", () => {
  assert.deepEqual(loadState({}), { kind: "fresh", state: initialState() });
  assert.deepEqual(loadState(null), { kind: "fresh", state: initialState() });
});

Deno.test("a stored state of the current version is used as it is", () => {
  const stored = { v: STATE_VERSION, step: { kind: "ask_question" }, stack: [{ kind: "menu" }], invalid: 2 };
  assert.deepEqual(loadState(stored), { kind: "current", state: stored });
});

Deno.test("a stored state of another version or shape is outdated and replaced by the menu", () => {
  assert.equal(loadState({ v: 0, screen: "booking" }).kind, "outdated");
  assert.equal(loadState({ v: STATE_VERSION, step: { kind: "no_such_step" }, stack: [], invalid: 0 }).kind, "outdated");
  assert.deepEqual(loadState({ v: 2 }).state, initialState());
});

Deno.test("an outdated state restarts politely with the menu", () => {
  const t = transition(initialState(), { type: "restart", reason: "outdated" }, makeContext());
  const text = t.effects.map((e) => (e.type === "reply" ? e.text : "")).join("");
  assert.match(text, /assistant was updated, so let's start again[\s\S]*1\. Book an appointment/);
});

Deno.test("every step's state survives a round trip through JSON (it is stored as jsonb)", () => {
  for (const { name, state } of everyStep()) {
    const stored = { ...state, invalid: 1 };
    assert.deepEqual(loadState(JSON.parse(JSON.stringify(stored))), { kind: "current", state: stored }, name);
  }
});

Deno.test("a state stored by the previous version (1) restarts politely rather than being misread", () => {
  const v1 = { v: 1, step: { kind: "pick_day", draft: { serviceId: "s", rescheduleOf: null }, days: [] }, stack: [], invalid: 0 };
  assert.equal(loadState(v1).kind, "outdated");
});
