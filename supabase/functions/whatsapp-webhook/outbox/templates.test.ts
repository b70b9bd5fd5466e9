/**
 * The clinic's own wording (message_templates, in the render context by language): used in the
 * patient's language, filled with their appointment, the bundle's wording where the clinic wrote
 * none, the conversation's choices appended either way.
 */
import assert from "node:assert/strict";
import { APPOINTMENT_PARAMS, context, written } from "./testing.ts";

const REMINDER = { appointmentId: "a1", startsAt: "2030-01-11T10:00:00Z" };

Deno.test("a kind with a template in the patient's language is written in the clinic's words, placeholders filled", () => {
  const ctx = context({ templates: { en: "Hi {patient}! {clinic} has your {service} with {provider} on {day} at {time} in the book." } });
  assert.equal(
    written("appointment_booked", APPOINTMENT_PARAMS, ctx).text,
    "Hi Maya! Lakeside Physio has your Physiotherapy with Dr. Silva on Fri 11 Jan at 10:00 in the book.",
  );
});

Deno.test("a language the clinic wrote no template in falls back to the assistant's own wording in that language", () => {
  const ctx = context({ templates: { en: "Hi {patient}, see you {day}." }, patient: { name: "Ana", pushName: null, language: "es" } });
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, /^Lakeside Physio le ha reservado una cita de \*Fisioterapia\*/);
});

Deno.test("a patient with no name loses the placeholder and the space before it, not the sentence", () => {
  const ctx = context({ templates: { en: "Hi {patient}, your {service} is on {day}." }, patient: { name: null, pushName: null, language: null } });
  assert.equal(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, "Hi, your Physiotherapy is on Fri 11 Jan.");
  const named = context({ templates: { en: "Hi {patient}, …" }, patient: { name: null, pushName: "Maya WhatsApp", language: null } });
  assert.equal(written("appointment_booked", APPOINTMENT_PARAMS, named).text, "Hi Maya WhatsApp, …");
});

Deno.test("a reminder template gets the numbered answers appended when the chat is idle", () => {
  const ctx = context({ templates: { en: "{patient}, see you {day} at {time}!" } });
  assert.equal(
    written("reminder", REMINDER, ctx).text,
    "Maya, see you Fri 11 Jan at 10:00!\n\nWill you come?\n\n1. Yes, I'll be there\n2. Cancel it\n3. Choose another time\n\nReply with a number.",
  );
});

Deno.test("a move and a rebook offer fill their own placeholders: the old time, and why", () => {
  const moved = context({ templates: { en: "Now {day} {time}, was {previous_day} {previous_time}." } });
  const params = { ...APPOINTMENT_PARAMS, previousStartsAt: "2030-01-11T09:00:00Z", previousProviderName: "Dr. Reis" };
  assert.equal(written("appointment_moved", params, moved).text, "Now Fri 11 Jan 10:00, was Fri 11 Jan 09:00.");
  const offer = context({ templates: { en: "{service} on {day} is off: {reason}." }, freeTimes: null });
  assert.match(written("rebook_offer", { ...APPOINTMENT_PARAMS, reason: "closed" }, offer).text, /^Physiotherapy on Fri 11 Jan is off: the clinic is closed then\.\n\nThere are no free times/);
});

Deno.test("a hand-back template is followed by the main menu", () => {
  const text = written("hand_back", {}, context({ templates: { en: "We're done, {patient}." } })).text;
  assert.match(text, /^We're done, Maya\.\n\n\*Main menu\*\n\n1\. Book an appointment/);
});
