/**
 * Stopping reminders and notices (issue 11 §4): "stop messages" or "unsubscribe" (and the same in
 * Spanish and Portuguese) asks once; yes records it, no changes nothing, "start messages" undoes it.
 * A bare "stop" keeps its binding meaning (leave the current flow) except in answer to a message
 * the clinic sent first. Replies to what the patient writes are never affected.
 */
import assert from "node:assert/strict";
import { Conversation, FakeWorld } from "../turn/fake-world.ts";
import { afterNoticeState } from "../outbox/next-state.ts";
import { makeContext, slotsOn } from "./testing.ts";
import type { Language } from "../locales/types.ts";

function patient(language: Language = "en"): Conversation {
  const ctx = makeContext({ language });
  return new Conversation(ctx, new FakeWorld(ctx, slotsOn("2026-11-25", ["09:00", "11:00"])));
}

Deno.test("stop messages asks once, and yes stops reminders and notices", async () => {
  const chat = patient();
  const question = await chat.say("stop messages");
  assert.match(question, /^Stop reminders and notices from Smile Clinic\?/);
  assert.equal(chat.state.step.kind, "confirm_opt_out");
  assert.equal(await chat.say("1"), "Done: we won't send you reminders or notices any more. To get them again, reply *start messages*.");
  assert.equal(chat.world.optedOut, true);
  assert.equal(chat.state.step.kind, "menu");
});

Deno.test("the same words in Spanish and Portuguese ask in that language", async () => {
  for (const [words, language, asked] of [
    ["unsubscribe", "en", /^Stop reminders/],
    ["no más mensajes", "es", /^¿Dejar de recibir recordatorios y avisos de Smile Clinic\?/],
    ["darme de baja", "es", /^¿Dejar de recibir/],
    ["parar mensagens", "pt", /^Parar de receber lembretes e avisos da Smile Clinic\?/],
    ["descadastrar", "pt", /^Parar de receber/],
  ] as const) {
    const chat = patient(language);
    assert.match(await chat.say(words), asked, words);
    assert.match(await chat.say("sí"), /./);
    assert.equal(chat.world.optedOut, true, words);
  }
});

Deno.test("no, or leaving the question, changes nothing", async () => {
  for (const answer of ["2", "no", "menu", "stop"]) {
    const chat = patient();
    await chat.say("stop messages");
    assert.match(await chat.say(answer), /^Okay, you'll keep getting reminders and notices\./, answer);
    assert.equal(chat.world.optedOut, false, answer);
  }
});

Deno.test("start messages turns them on again, and says so when they were on", async () => {
  const chat = patient();
  assert.equal(await chat.say("start messages"), "You already get reminders and notices. To stop them, reply *stop messages*.");
  await chat.say("stop messages");
  await chat.say("yes");
  assert.equal(await chat.say("start messages"), "Done: you'll get reminders and notices again. To stop them, reply *stop messages*.");
  assert.equal(chat.world.optedOut, false);
  const spanish = patient("es");
  assert.match(await spanish.say("activar mensajes"), /^Ya recibe recordatorios y avisos/);
});

Deno.test("asking again when already stopped says so", async () => {
  const chat = patient();
  await chat.say("stop messages");
  await chat.say("1");
  await chat.say("unsubscribe");
  assert.equal(await chat.say("1"), "You had already stopped reminders and notices. To get them again, reply *start messages*.");
});

Deno.test("a bare stop keeps its meaning: nothing to stop at the menu, the booking left mid-way", async () => {
  const chat = patient();
  assert.match(await chat.say("stop"), /There's nothing in progress to stop/);
  await chat.say("book");
  assert.match(await chat.say("stop"), /^Okay, I stopped booking\. Nothing was booked\./);
  assert.equal(chat.state.step.kind, "menu");
  assert.equal(chat.world.optedOut, false);
});

Deno.test("a bare stop in answer to a notice asks whether to stop reminders and notices, in any language", async () => {
  for (const [word, language] of [["stop", "en"], ["STOP", "en"], ["basta", "es"], ["pare", "pt"]] as const) {
    const chat = patient(language);
    chat.state = afterNoticeState();
    const question = await chat.say(word);
    assert.equal(chat.state.step.kind, "confirm_opt_out", word);
    assert.match(question, /\n\n1\. /, word);
  }
});

Deno.test("stop messages in the middle of a booking says what was left, then asks", async () => {
  const chat = patient();
  await chat.say("book");
  assert.match(await chat.say("stop messages"), /^Okay, I stopped booking\. Nothing was booked\.\n\nStop reminders and notices/);
});

Deno.test("after stopping them, the patient's own messages are answered as ever", async () => {
  const chat = patient();
  await chat.say("stop messages");
  await chat.say("1");
  assert.match(await chat.say("hi"), /1\. Book an appointment/);
  assert.match(await chat.say("1"), /Which service would you like\?/);
});
