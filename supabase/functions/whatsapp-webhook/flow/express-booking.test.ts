/**
 * Booking in one message (issue 8 §3), played through the real settle loop against an in-memory slot
 * engine: what the message names is taken, only what is missing is asked, a fully named free time
 * goes straight to the confirmation with a hold, a taken time offers the nearest free ones, a part
 * of the day narrows the times, a week offers its days, "at 3" tries both readings. In English,
 * Spanish and Portuguese, counting the messages from the first to "confirmed".
 */
import assert from "node:assert/strict";
import { type ContextOverrides, DR_COSTA, DR_SILVA, makeContext, NURSE_LIMA, replyOf, slotsOn } from "./testing.ts";
import { startBooking } from "./booking.ts";
import { initialState } from "./state.ts";
import { Conversation, FakeWorld } from "../turn/fake-world.ts";
import { addDays } from "./time.ts";
import { NO_WISH, type SlotFact } from "./facts.ts";

const MONDAY = "2026-11-23";
const DAYS = Array.from({ length: 13 }, (_, i) => addDays(MONDAY, i)).filter((day) => !day.endsWith("-29") && !day.endsWith("-06"));
const TIMES = Array.from({ length: 16 }, (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`);

function weekOfSlots(timeZone?: string): SlotFact[] {
  return DAYS.flatMap((day) => [DR_SILVA, DR_COSTA, NURSE_LIMA].flatMap((p) => slotsOn(day, TIMES, timeZone, p.id)));
}

function conversation(overrides: ContextOverrides = {}, slots?: SlotFact[]): Conversation {
  const ctx = makeContext(overrides);
  return new Conversation(ctx, new FakeWorld(ctx, slots ?? weekOfSlots(overrides.timezone)));
}

/** Says each message in turn; returns the last reply. */
async function say(c: Conversation, ...messages: string[]): Promise<string> {
  let reply = "";
  for (const message of messages) reply = await c.say(message);
  return reply;
}

Deno.test("a fully named free time goes straight to the confirmation with a hold: two messages to confirmed (en)", async () => {
  const c = conversation();
  const summary = await c.say("cleaning tomorrow at 10am");
  assert.match(summary, /^\*Please confirm\*\nCleaning with Dr\. Ana Silva\nMon 23 Nov, 10:00\nName: Ana/);
  assert.equal(c.world.liveHolds(), 1);
  assert.equal(c.state.step.kind, "confirm_booking");
  assert.match(await c.say("1"), /Your appointment is \*confirmed\*: Cleaning with Dr\. Ana Silva on \*Mon 23 Nov, 10:00\*/);
  assert.equal(c.transcript.length, 2);
  assert.equal(c.world.appointments.length, 1);
});

Deno.test("Spanish: one message names service, day and time; 'sí' confirms: two messages", async () => {
  const c = conversation();
  const summary = await c.say("quiero una limpieza mañana a las 10");
  assert.match(summary, /^\*Confirme, por favor\*\nLimpieza con Dra\. Ana Silva\nlun 23 de nov, 10:00\nNombre: Ana/);
  assert.equal(c.ctx.language, "es");
  assert.match(await c.say("sí"), /Su cita del \*lun 23 de nov, 10:00\* está \*confirmada\*: Limpieza con Dra\. Ana Silva\./);
  assert.equal(c.transcript.length, 2);
});

Deno.test("Portuguese: one message names service, day and time; 'sim' confirms: two messages", async () => {
  const c = conversation();
  const summary = await c.say("quero marcar uma limpeza amanhã às 10:00");
  assert.match(summary, /^\*Confirme, por favor\*\nLimpeza com Dra\. Ana Silva\nseg\., 23 de nov\., 10:00\nNome: Ana/);
  assert.equal(c.ctx.language, "pt");
  assert.match(await c.say("sim"), /Sua consulta está \*confirmada\*: Limpeza com Dra\. Ana Silva em \*seg\., 23 de nov\., 10:00\*/);
  assert.equal(c.transcript.length, 2);
});

Deno.test("without any name known, the confirmation asks for one first: three messages to confirmed", async () => {
  const c = conversation({ pushName: null });
  assert.match(await c.say("cleaning tomorrow at 10am"), /Almost done[\s\S]*What name should the booking be under\?/);
  assert.match(await c.say("Ana Sousa"), /Name: Ana Sousa[\s\S]*1\. Confirm/);
  assert.match(await c.say("1"), /confirmed/);
  assert.equal(c.transcript.length, 3);
});

Deno.test("partial: a day and part of the day without a service asks only for the service, then shows that morning's times", async () => {
  const c = conversation();
  assert.match(await c.say("I want an appointment tomorrow morning"), /^Which service would you like\?/);
  const times = await c.say("cleaning");
  assert.match(times, /^Free times on \*Mon 23 Nov\*:/);
  const listed = [...times.matchAll(/^\d+\. (\d\d):\d\d$/gm)].map((m) => Number(m[1]));
  assert.ok(listed.length > 0 && listed.every((hour) => hour < 12), `only morning times: ${times}`);
});

Deno.test("partial: a practitioner and a day asks for the service among theirs, then offers their afternoon", async () => {
  const c = conversation();
  const services = await c.say("can I see Dr Costa on friday afternoon");
  assert.match(services, /Which service would you like with \*Dr\. Rui Costa\*\?\n\n1\. Cleaning \(30 min\)\n2\. Check-up \(30 min\)$/);
  const times = await c.say("2");
  assert.match(times, /^Free times on \*Fri 27 Nov\*:\n\n1\. 12:00/);
  const summary = await c.say("1");
  assert.match(summary, /Check-up with Dr\. Rui Costa\nFri 27 Nov, 12:00/);
});

Deno.test("partial: a service and a week offers only that week's days", async () => {
  // Monday 23 Nov: next week is Monday 30 Nov to Sunday 6 Dec.
  const c = conversation({ now: new Date("2026-11-23T10:00:00Z") });
  const days = await c.say("checkup next week");
  assert.match(days, /^\*Check-up\*: which day suits you\?\n\n1\. Mon 30 Nov\n2\. Tue 1 Dec\n3\. Wed 2 Dec\n4\. Thu 3 Dec\n5\. Fri 4 Dec\n6\. Sat 5 Dec\n\n/);
});

Deno.test("taken: a named time no one is free at offers the nearest free times, and one of them books", async () => {
  const slots = weekOfSlots();
  const c = conversation({}, slots);
  for (const slot of slots) if (slot.startsAt === "2026-11-23T10:00:00.000Z") c.world.take(slot.slotId);
  const reply = await c.say("cleaning tomorrow at 10am");
  assert.match(reply, /10:00 isn't free on Mon 23 Nov\. The nearest free times:\n1\. 09:00\n2\. 09:30\n3\. 10:30/);
  assert.equal(c.world.liveHolds(), 0);
  assert.match(await c.say("3"), /Mon 23 Nov, 10:30/);
});

Deno.test("'at 3' is 15:00 when only that reading is free; both free asks which", async () => {
  const c = conversation();
  assert.match(await c.say("cleaning tomorrow at 3"), /Mon 23 Nov, 15:00/);
  const evening = conversation({}, [...slotsOn(MONDAY, ["09:00", "21:00"])]);
  const both = await evening.say("cleaning tomorrow at 9");
  assert.match(both, /Both are free on \*Mon 23 Nov\*\. Which one did you mean\?[\s\S]*1\. 09:00\n2\. 21:00/);
});

Deno.test("a clinic that asks patients to pick a practitioner asks it, offering whoever is free first too", async () => {
  const c = conversation({ askProvider: true });
  const who = await c.say("cleaning tomorrow at 10am");
  assert.match(who, /\*Cleaning\*: who would you like to see\?\n\n1\. Dr\. Ana Silva\n2\. Dr\. Rui Costa\n3\. Whoever is free first/);
  assert.match(await c.say("Costa"), /Cleaning with Dr\. Rui Costa\nMon 23 Nov, 10:00/);
});

Deno.test("a practitioner who does not offer the service is said so, and the service's own are looked at", async () => {
  const c = conversation();
  const reply = await c.say("whitening with Dr Silva tomorrow");
  assert.match(reply, /^Dr\. Ana Silva doesn't do Whitening appointments\.\n\nFree times on \*Mon 23 Nov\*/);
});

Deno.test("a day already gone is said so, and the free days are offered", async () => {
  const c = conversation();
  assert.match(await c.say("cleaning on 21/11"), /^Sat 21 Nov has already passed\.\n\n\*Cleaning\*: which day suits you\?/);
});

Deno.test("a US clinic shows a 12-hour clock and hints dates month first", async () => {
  const c = conversation({ timezone: "America/New_York", locale: "en-US", now: new Date("2026-11-22T15:00:00Z") });
  const days = await c.say("cleaning");
  assert.match(days, /1\. Mon, Nov 23[\s\S]*Or type a day, like "tomorrow" or "12\/25"\./);
  const times = await c.say("1");
  assert.match(times, /Free times on \*Mon, Nov 23\*:\n\n1\. 9:00 AM[\s\S]*Or type a time, like "10:00 AM" or "2:30 PM"\./);
  assert.match(await c.say("2pm"), /Cleaning with Dr\. Ana Silva\nMon, Nov 23, 2:00 PM/);
});

Deno.test("a later message changes the day or practitioner of the booking in progress without starting over", async () => {
  const c = conversation();
  await c.say("cleaning");
  const times = await c.say("actually, can I see Dr Costa on tuesday afternoon?");
  assert.match(times, /^Free times on \*Tue 24 Nov\*:\n\n1\. 12:00/);
  assert.match(await c.say("1"), /Cleaning with Dr\. Rui Costa/);
});

Deno.test("a bare number beyond the listed times is an hour: '15' books 15:00, '3' is still the third option", async () => {
  const c = conversation();
  await c.say("cleaning tomorrow");
  assert.match(await c.say("15"), /Mon 23 Nov, 15:00/);
  const other = conversation();
  const times = await other.say("cleaning tomorrow");
  const third = /^3\. (\d\d:\d\d)$/m.exec(times)?.[1];
  assert.match(await other.say("3"), new RegExp(`Mon 23 Nov, ${third}`));
});

Deno.test("a day that could be read two ways is asked for again, keeping the rest of the request", () => {
  const ctx = makeContext();
  const doubt = { about: "day" as const, days: [], wish: NO_WISH };
  const request = { serviceId: null, providerId: null, wish: NO_WISH, dayPast: false, doubt, rescheduleOf: null };
  const result = startBooking(initialState(), request, ctx);
  assert.match(replyOf(result.effects), /^I'm not sure which day you mean: please type one day, like "25\/12"\.\n\nWhich service would you like\?/);
});

Deno.test("an unclear day with candidates offers them as the days to choose, keeping the time said with it", async () => {
  // Monday 23 Nov: "next friday" may be the 27th or 4 Dec.
  const c = conversation({ now: new Date("2026-11-23T10:00:00Z") });
  const days = await c.say("cleaning next friday at 3pm");
  assert.match(days, /^I'm not sure which day you mean, so here are the ones it could be\.\n\n\*Cleaning\*: which day suits you\? \(free at 15:00\)\n\n1\. Fri 27 Nov\n2\. Fri 4 Dec\n\n/);
  assert.equal(c.world.liveHolds(), 0);
  assert.match(await c.say("2"), /Cleaning with Dr\. Ana Silva\nFri 4 Dec, 15:00/);
  assert.equal(c.world.liveHolds(), 1);
});

Deno.test("a week said on a Sunday is asked about (weeks start on Sunday or Monday), then the free days are offered", async () => {
  const c = conversation();
  const reply = await c.say("checkup next week");
  assert.match(reply, /^I'm not sure which day you mean: please type one day, like "25\/12"\.\n\n\*Check-up\*: which day suits you\?\n\n1\. Mon 23 Nov/);
});
