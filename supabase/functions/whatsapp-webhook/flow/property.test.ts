/**
 * Properties over random conversations (issue 8 "Tests"): whatever a patient sends, in whatever
 * order and language, with time passing between messages, a conversation holds at most one live
 * slot, holds none outside the confirmation, and `menu` always reaches the main menu. Played through
 * the real settle loop against the in-memory slot engine (turn/fake-world.ts).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { DR_COSTA, DR_SILVA, makeContext, NURSE_LIMA, slotsOn } from "./testing.ts";
import { Conversation, FakeWorld } from "../turn/fake-world.ts";
import { BUNDLES } from "../locales/index.ts";
import { MS_PER_MINUTE } from "./time.ts";

/** What patients send: answers, commands, intents in three languages, days and times, nonsense. */
const MESSAGES = [
  "menu", "menú", "hi", "back", "stop", "cancel", "cancelar", "staff", "1", "2", "3", "4", "5", "6", "9", "yes", "no",
  "ok", "sí", "sim", "tomorrow", "friday", "10am", "at 3", "3pm", "2:30pm", "next week", "morning", "in the afternoon",
  "25/12", "21/11", "cleaning", "check-up tomorrow at 10am", "whitening next week", "Dr Costa", "book",
  "I want an appointment tomorrow morning", "my appointments", "when is my appointment?",
  "I need to cancel my appointment", "reschedule", "thank you", "bye", "hola", "quiero una limpieza mañana a las 10",
  "obrigado", "quero marcar consulta amanhã", "Ana Silva", "use another name", "???", "where can I park?", "language",
  "español", "english", "good morning", "talk to a person",
] as const;

/** Long enough for any hold to run out (the fixture clinic holds for 5 minutes). */
const WAIT_MINUTES = 6;

type Action = { kind: "say"; text: string } | { kind: "wait" };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...MESSAGES).map((text): Action => ({ kind: "say", text })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: "wait" }) },
);

const DAYS = ["2026-11-23", "2026-11-24", "2026-11-27", "2026-11-30"];
const TIMES = ["09:00", "10:00", "10:30", "15:00", "16:30"];
const SLOTS = DAYS.flatMap((day) => [DR_SILVA, DR_COSTA, NURSE_LIMA].flatMap((p) => slotsOn(day, TIMES, undefined, p.id)));

Deno.test("random message sequences: at most one live hold, none outside the confirmation, and menu always reaches the main menu", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { maxLength: 30 }), async (actions) => {
      const ctx = makeContext();
      const world = new FakeWorld(ctx, SLOTS);
      const conversation = new Conversation(ctx, world);
      for (const step of actions) {
        if (step.kind === "wait") {
          world.now = new Date(world.now.getTime() + WAIT_MINUTES * MS_PER_MINUTE);
          continue;
        }
        const reply = await conversation.say(step.text);
        const where = `after ${JSON.stringify(conversation.transcript.map((t) => t.said))}`;
        assert.ok(world.liveHolds() <= 1, `more than one live hold ${where}`);
        if (conversation.state.step.kind !== "confirm_booking") assert.equal(world.liveHolds(), 0, `a hold outside the confirmation ${where}`);
        if (step.text === "menu" || step.text === "menú") {
          assert.equal(conversation.state.step.kind, "menu", where);
          assert.ok(reply.includes(`1. ${BUNDLES[conversation.ctx.language].texts.menuLabels.book}`), `${where}: ${reply}`);
        }
        assert.ok(reply.length > 0, `every message gets an answer ${where}`);
      }
    }),
    { numRuns: 300 },
  );
});
