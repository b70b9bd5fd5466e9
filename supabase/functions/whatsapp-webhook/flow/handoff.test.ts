/**
 * Handing a patient to staff tells them when staff are likely to answer, from the clinic's hours
 * (issue 7 §3): today until closing when open, from the next opening when closed (skipping closed
 * weekdays and holidays), "soon" when the clinic has no hours set.
 */
import assert from "node:assert/strict";
import { transition } from "./transition.ts";
import { initialState } from "./state.ts";
import { makeContext, replyOf } from "./testing.ts";
import { staffAvailability } from "./calendar.ts";

const handoffText = (ctx: ReturnType<typeof makeContext>, text = "staff") =>
  replyOf(transition(initialState(), { type: "text", text }, ctx).effects);

Deno.test("while the clinic is open, staff are said to be in until closing time", () => {
  const ctx = makeContext({ now: new Date("2026-11-23T11:00:00Z") });
  assert.deepEqual(staffAvailability(ctx), { kind: "open", until: { hour: 17, minute: 0 } });
  assert.match(handoffText(ctx), /They're in until 17:00 today and will reply here soon\./);
});

Deno.test("before opening, staff answer from today's opening", () => {
  const ctx = makeContext({ now: new Date("2026-11-23T07:30:00Z") });
  assert.match(handoffText(ctx), /We're closed right now; they'll reply here from Mon 23 Nov at 09:00\./);
});

Deno.test("after closing on Saturday, staff answer from Monday's opening (Sunday is closed)", () => {
  const ctx = makeContext({ now: new Date("2026-11-28T18:00:00Z") });
  assert.deepEqual(staffAvailability(ctx), { kind: "opens", day: "2026-11-30", at: { hour: 9, minute: 0 } });
});

Deno.test("a holiday is skipped when looking for the next opening", () => {
  const ctx = makeContext({ now: new Date("2026-11-28T18:00:00Z"), closedDays: ["2026-11-30"] });
  assert.deepEqual(staffAvailability(ctx), { kind: "opens", day: "2026-12-01", at: { hour: 9, minute: 0 } });
});

Deno.test("a clinic without hours says staff will reply soon", () => {
  assert.match(handoffText(makeContext({ hours: [] })), /Someone will reply here soon\./);
});

Deno.test("the handoff is told in the patient's language, on the clinic's clock", () => {
  const us = { now: new Date("2026-11-23T12:00:00Z"), timezone: "America/New_York", locale: "en-US" } as const;
  assert.match(handoffText(makeContext({ ...us, language: "es" }), "personal"), /^Pasé esta conversación a nuestro personal\. Ahora estamos cerrados; le responderán por aquí a partir del lun, 23 de nov a las 9:00 a\.m\. Responda \*menú\* para volver al asistente\.$/);
  assert.match(handoffText(makeContext({ now: new Date("2026-11-23T11:00:00Z"), locale: "pt-BR", language: "pt" }), "atendente"), /^Passei esta conversa para a nossa equipe\. Eles estão aqui até as 17:00 de hoje/);
});

Deno.test("an English staff word from a Spanish patient is English: the handoff switches to English", () => {
  assert.match(handoffText(makeContext({ language: "es" }), "staff"), /^I've passed this conversation to our staff\./);
});
