/**
 * Answering a reminder (issue 11 §2), as whole conversations against the in-memory world: the
 * reminder left an idle chat at its question (outbox/next-state.ts, applied when the bot acked it),
 * and the patient answers with each option, after the visit has passed, after staff cancelled it,
 * with a bare "stop", or never sees the question because the reminder arrived mid-flow.
 */
import assert from "node:assert/strict";
import { Conversation, FakeWorld } from "../turn/fake-world.ts";
import { reminderState } from "../outbox/next-state.ts";
import { renderRow } from "../outbox/render.ts";
import type { RenderContext } from "../outbox/render.ts";
import { APPOINTMENT, CLEANING, DR_SILVA, makeContext, slotsOn } from "./testing.ts";
import type { Language } from "../locales/types.ts";

/** The patient's chat once their reminder was sent to it while idle. */
function reminded(options: { now?: Date; language?: Language } = {}): Conversation {
  const ctx = makeContext({ now: options.now, language: options.language });
  const world = new FakeWorld(ctx, [...slotsOn("2026-11-25", ["09:00", "11:00"]), ...slotsOn("2026-11-26", ["10:00"])]);
  world.appointments.push(APPOINTMENT);
  const chat = new Conversation(ctx, world);
  chat.state = reminderState(APPOINTMENT);
  return chat;
}

Deno.test("answering 1 confirms the visit, and the chat is back at the menu", async () => {
  const chat = reminded();
  const reply = await chat.say("1");
  assert.equal(reply, "Thank you! Your Cleaning with Dr. Ana Silva on *Tue 24 Nov, 10:30* is *confirmed*. See you then!\n\nReply *menu* for the main menu.");
  assert.deepEqual([...chat.world.confirmed], [APPOINTMENT.appointmentId]);
  assert.equal(chat.state.step.kind, "menu");
});

Deno.test("yes, or the option's words, confirm too; in Spanish as well", async () => {
  for (const answer of ["yes", "Yes, I'll be there", "ok"]) {
    const chat = reminded();
    assert.match(await chat.say(answer), /is \*confirmed\*/, answer);
  }
  const spanish = reminded({ language: "es" });
  assert.match(await spanish.say("sí"), /está \*confirmada\*/);
});

Deno.test("answering 2 asks before cancelling, and cancels on yes", async () => {
  const chat = reminded();
  assert.match(await chat.say("2"), /^Cancel your Cleaning with Dr\. Ana Silva on \*Tue 24 Nov, 10:30\*\?\n\n1\. Yes, cancel it\n2\. No, keep it$/);
  assert.match(await chat.say("1"), /is \*cancelled\*/);
  assert.deepEqual(chat.world.appointments, []);
  assert.equal(chat.world.confirmed.size, 0);
});

Deno.test("answering no is the cancellation question, never a cancellation by itself", async () => {
  const chat = reminded();
  assert.match(await chat.say("no"), /^Cancel your Cleaning/);
  assert.match(await chat.say("2"), /stays as it is/);
  assert.equal(chat.world.appointments.length, 1);
});

Deno.test("answering 3 moves the appointment through the normal booking flow", async () => {
  const chat = reminded();
  const days = await chat.say("3");
  assert.match(days, /\*Cleaning\*: which day suits you\?/);
  assert.match(await chat.say("1"), /Free times on \*Wed 25 Nov\*/);
  const summary = await chat.say("2");
  assert.match(summary, /Move your Cleaning with Dr\. Ana Silva\nfrom Tue 24 Nov, 10:30\nto \*Wed 25 Nov, 11:00\*/);
  assert.match(await chat.say("1"), /The old time is cancelled/);
  assert.deepEqual(chat.world.appointments.map((a) => [a.serviceId, a.providerId, a.startsAt]), [
    [CLEANING.id, DR_SILVA.id, "2026-11-25T11:00:00.000Z"],
  ]);
});

Deno.test("answered after the visit has begun, every option says so and changes nothing", async () => {
  for (const answer of ["1", "2", "3", "yes"]) {
    const chat = reminded({ now: new Date("2026-11-24T10:45:00Z") });
    chat.world.now = new Date("2026-11-24T10:45:00Z");
    const reply = await chat.say(answer);
    assert.match(reply, /^That appointment \(Tue 24 Nov, 10:30\) has already begun or passed/, answer);
    assert.equal(chat.world.confirmed.size, 0);
    assert.equal(chat.world.appointments.length, 1);
    assert.equal(chat.state.step.kind, "menu");
  }
});

Deno.test("a visit staff cancelled before the answer cannot be confirmed, and the patient is told", async () => {
  const chat = reminded();
  chat.world.appointments.length = 0;
  assert.match(await chat.say("1"), /^That appointment or time is no longer available\./);
  assert.equal(chat.world.confirmed.size, 0);
});

Deno.test("a bare stop in answer to the reminder asks once whether to stop reminders and notices", async () => {
  const chat = reminded();
  const question = await chat.say("stop");
  assert.match(question, /^Stop reminders and notices from Smile Clinic\? You'll still get answers when you write to us/);
  assert.match(question, /1\. Yes, turn them off\n2\. No, keep them$/);
  assert.match(await chat.say("1"), /^Done: we won't send you reminders or notices any more/);
  assert.equal(chat.world.optedOut, true);
  assert.equal(chat.world.appointments.length, 1, "the appointment is untouched");
});

Deno.test("back from a cancellation question returns to the reminder's question", async () => {
  const chat = reminded();
  await chat.say("2");
  assert.match(await chat.say("back"), /^Your \*Cleaning\* with Dr\. Ana Silva is on \*Tue 24 Nov, 10:30\*\. Will you come\?\n\n1\. Yes, I'll be there/);
});

Deno.test("a question at the reminder is answered as at the menu", async () => {
  const chat = reminded();
  assert.match(await chat.say("is there parking?"), /Parking is behind the building/);
});

/** The render context of a Lisbon clinic's reminder of APPOINTMENT, for a chat whose state is `state`. */
function reminderContext(state: unknown): RenderContext {
  return {
    clinic: { name: "Smile Clinic", timezone: "Europe/Lisbon", language: "en", locale: "en-GB" },
    patient: { name: "Ana", pushName: null, language: null },
    conversation: { mode: "bot", state, version: 7, pausedUntil: null, lastInboundAt: "2026-11-22T09:59:00Z", updatedAt: "2026-11-22T09:59:00Z", sessionIdleMinutes: 30 },
    appointment: { ...APPOINTMENT, id: APPOINTMENT.appointmentId, status: "booked", endsAt: "2026-11-24T11:00:00Z", confirmedAt: null },
    freeTimes: null,
    catalog: { services: {}, providers: {} },
  };
}

Deno.test("a reminder arriving mid-flow asks nothing: the patient's next answer still belongs to their booking, and my appointments changes it", async () => {
  const ctx = makeContext();
  const world = new FakeWorld(ctx, slotsOn("2026-11-25", ["09:00", "11:00"]));
  world.appointments.push(APPOINTMENT);
  const chat = new Conversation(ctx, world);
  assert.match(await chat.say("book"), /Which service would you like\?/);
  const rendered = renderRow({ id: "o1", kind: "reminder", params: { startsAt: APPOINTMENT.startsAt }, context: reminderContext(chat.state) }, ctx.now);
  assert.equal(rendered.kind, "written");
  if (rendered.kind !== "written") return;
  assert.equal(rendered.nextState, null, "the chat stays where it is");
  assert.match(rendered.text, /To change or cancel it, reply \*my appointments\*\.$/);
  // The ack applies no state: the patient's "1" still picks the first service.
  assert.match(await chat.say("1"), /\*Cleaning\*: which day suits you\?/);
  assert.match(await chat.say("my appointments"), /Okay, I stopped booking\. Nothing was booked\.\n\n\*Your upcoming appointments\*\n\n1\. Cleaning with Dr\. Ana Silva, Tue 24 Nov, 10:30/);
});
