/** The texts and next states written for claimed outbox rows, one behaviour per test. */
import assert from "node:assert/strict";
import { loadState, STATE_VERSION } from "../flow/state.ts";
import { BUNDLES } from "../locales/index.ts";
import { menuList } from "../flow/steps/common.ts";
import { type RenderContext, renderRow } from "./render.ts";
import { APPOINTMENT_PARAMS, context, NOW, written } from "./testing.ts";

const inSpanish = (ctx: RenderContext = context()) => ({ ...ctx, patient: { name: "Ana", pushName: null, language: "es" as const } });
const inPortuguese = (ctx: RenderContext = context()) => ({ ...ctx, patient: { name: "Ana", pushName: null, language: "pt" as const } });

Deno.test("a reminder names the visit from the appointment as it is now, in the clinic's locale", () => {
  const busy = context({ conversation: { ...context().conversation!, state: { v: 2, step: { kind: "ask_question" }, stack: [], invalid: 0 } } });
  assert.equal(
    written("reminder", { appointmentId: "a1", startsAt: "2030-01-11T10:00:00Z" }, busy).text,
    "Reminder from Lakeside Physio: your *Physiotherapy* with Dr. Silva is on *Fri 11 Jan* at *10:00*.\n\n" +
      "To change or cancel it, reply *my appointments*.",
  );
});

Deno.test("dates follow the clinic's locale and time zone", () => {
  const ctx = context({ clinic: { name: "Harbor", timezone: "America/New_York", language: "en", locale: "en-US" } });
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, /on \*Fri, Jan 11\* at \*5:00 AM\*/);
});

Deno.test("a patient with a language of their own reads it; service and practitioner names are translated", () => {
  assert.equal(
    written("appointment_cancelled", APPOINTMENT_PARAMS, inSpanish()).text,
    "Lakeside Physio ha cancelado su cita de *Fisioterapia* con Dra. Silva del *vie 11 de ene* a las *10:00*. " +
      "Responda *menú* para reservar otra hora, o *personal* para hablar con nosotros.",
  );
  assert.match(
    written("reminder", { startsAt: "2030-01-11T10:00:00Z" }, inPortuguese()).text,
    /^Lembrete da Lakeside Physio: sua consulta de \*Fisioterapia\* com Dra\. Silva é em \*sex\., 11 de jan\.\* às \*10:00\*\./,
  );
});

Deno.test("a patient without a language of their own reads the clinic's", () => {
  const ctx = context({ clinic: { name: "Clínica Sol", timezone: "America/Sao_Paulo", language: "pt", locale: "pt-BR" } });
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, /^A Clínica Sol marcou sua consulta de \*Fisioterapia\*/);
});

Deno.test("a US clinic's Spanish-speaking patient reads Spanish with the clinic's 12-hour clock", () => {
  const ctx = inSpanish(context({ clinic: { name: "Harbor", timezone: "America/New_York", language: "en", locale: "en-US" } }));
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, /el \*vie, 11 de ene\* a las \*5:00 a\.m\.\*/);
});

Deno.test("every notice kind is written in every language", () => {
  const kinds: Array<[string, unknown]> = [
    ["reminder", { startsAt: "2030-01-11T10:00:00Z" }],
    ["appointment_cancelled", APPOINTMENT_PARAMS],
    ["appointment_booked", APPOINTMENT_PARAMS],
    ["appointment_moved", { ...APPOINTMENT_PARAMS, previousStartsAt: "2030-01-11T09:00:00Z", previousProviderName: "Dr. Reis" }],
    ["rebook_offer", { ...APPOINTMENT_PARAMS, reason: "blocked" }],
    ["hand_back", {}],
  ];
  for (const language of ["en", "es", "pt"] as const) {
    const ctx = { ...context(), patient: { name: "Ana", pushName: null, language } };
    const texts = kinds.map(([kind, params]) => written(kind, params, ctx).text);
    assert.equal(new Set(texts).size, kinds.length, language);
    for (const text of texts) assert.ok(text.length > 20, `${language}: ${text}`);
  }
});

Deno.test("a cancellation by the clinic names what, with whom and when", () => {
  assert.equal(
    written("appointment_cancelled", APPOINTMENT_PARAMS).text,
    "Your *Physiotherapy* with Dr. Silva on *Fri 11 Jan* at *10:00* has been cancelled by Lakeside Physio. " +
      "Reply *menu* to book another time, or *staff* to talk to us.",
  );
});

Deno.test("a move names the new and the old time", () => {
  const moved = { ...APPOINTMENT_PARAMS, previousStartsAt: "2030-01-11T09:00:00Z", previousProviderName: "Dr. Reis" };
  assert.match(written("appointment_moved", moved).text, /moved your \*Physiotherapy\* to \*Fri 11 Jan\* at \*10:00\* with Dr\. Silva \(it was Fri 11 Jan at 09:00\)/);
});

Deno.test("params written before practitioners were named by id are still translated by name", () => {
  const { providerId: _gone, ...older } = APPOINTMENT_PARAMS;
  assert.match(written("appointment_booked", older, inSpanish()).text, /con Dra\. Silva/);
});

Deno.test("a hand-back tells the patient and shows the main menu in their language", () => {
  const text = written("hand_back", {}).text;
  assert.match(text, /the assistant is back/);
  assert.ok(text.endsWith(BUNDLES.en.texts.menu("Lakeside Physio", "plain", menuList(BUNDLES.en.texts))));
  const spanish = written("hand_back", {}, inSpanish()).text;
  assert.ok(spanish.endsWith(BUNDLES.es.texts.menu("Lakeside Physio", "plain", menuList(BUNDLES.es.texts))));
});

Deno.test("messages that ask nothing leave the chat where it is", () => {
  for (const [kind, params] of [["hand_back", {}], ["appointment_cancelled", APPOINTMENT_PARAMS], ["appointment_moved", { ...APPOINTMENT_PARAMS, previousStartsAt: "2030-01-11T09:00:00Z", previousProviderName: "Dr. Reis" }]] as const) {
    const result = written(kind, params);
    assert.equal(result.nextState, null);
    assert.equal(result.stateVersion, null);
  }
});

const FREE = {
  day: "2030-01-14",
  providerId: null,
  slots: ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"].map((t, i) => ({
    slotId: `s${i}`,
    startsAt: `2030-01-14T${t}:00Z`,
    providerId: i % 2 === 0 ? "p1" : "p2",
  })),
};
const REBOOK = { ...APPOINTMENT_PARAMS, reason: "provider_away" };

Deno.test("a rebook offer to an idle chat numbers the first free times and leaves the chat choosing among them", () => {
  const result = written("rebook_offer", REBOOK, context({ freeTimes: FREE }));
  assert.match(result.text, /can't go ahead: Dr\. Silva is away then/);
  assert.match(result.text, /The first free times, on \*Mon 14 Jan\*:\n\n1\. 09:00\n2\. 09:30\n3\. 10:00\n4\. 10:30\n5\. 11:00\n\nReply with a number/);
  assert.equal(result.stateVersion, 4);
  assert.deepEqual(result.nextState, {
    v: STATE_VERSION,
    step: {
      kind: "pick_time",
      draft: {
        serviceId: "s1",
        providerId: null,
        rescheduleOf: {
          appointmentId: "a1",
          serviceId: "s1",
          serviceName: "Physiotherapy",
          providerId: "p1",
          providerName: "Dr. Silva",
          startsAt: "2030-01-11T10:00:00Z",
        },
      },
      day: "2030-01-14",
      slots: FREE.slots,
      shown: FREE.slots.slice(0, 5),
    },
    stack: [{ kind: "menu" }],
    invalid: 0,
  });
  assert.equal(loadState(result.nextState).kind, "current", "the flow loads the state as its own");
});

Deno.test("a rebook offer of one practitioner's times names them and keeps them in the draft", () => {
  const own = { ...FREE, providerId: "p1", slots: FREE.slots.map((s) => ({ ...s, providerId: "p1" })) };
  const result = written("rebook_offer", { ...REBOOK, reason: "closed" }, inSpanish(context({ freeTimes: own })));
  assert.match(result.text, /Los primeros horarios libres con Dra\. Silva, el \*lun 14 de ene\*:\n\n1\. 09:00/);
  const step = result.nextState?.step;
  assert.equal(step?.kind === "pick_time" && step.draft.providerId, "p1");
});

Deno.test("a rebook offer to a chat in the middle of something points to the menu, without numbers or a next state", () => {
  const midBooking = { v: STATE_VERSION, step: { kind: "pick_service", providerId: null, wish: { day: null, range: null, time: null, part: null } }, stack: [], invalid: 0 };
  const busy = context({ freeTimes: FREE, conversation: { ...context().conversation!, state: midBooking } });
  const result = written("rebook_offer", REBOOK, busy);
  assert.match(result.text, /reply \*menu\*, then \*My appointments\* \(the first free times are on Mon 14 Jan\)/);
  assert.doesNotMatch(result.text, /^1\./m);
  assert.equal(result.nextState, null);
});

Deno.test("a rebook offer to a patient without a chat (consent only) points to the menu", () => {
  const result = written("rebook_offer", REBOOK, context({ freeTimes: FREE, conversation: null }));
  assert.match(result.text, /reply \*menu\*/);
  assert.equal(result.nextState, null);
});

Deno.test("a rebook offer with no free time asks the patient to talk to staff", () => {
  const result = written("rebook_offer", REBOOK, context());
  assert.match(result.text, /Dr\. Silva is away then\.\n\nThere are no free times in the coming days/);
  assert.equal(result.nextState, null);
});

Deno.test("a kind without texts, or params of the wrong shape, cannot be written and say why", () => {
  assert.deepEqual(renderRow({ id: "o1", kind: "birthday_wishes", params: {}, context: context() }, NOW), {
    id: "o1",
    kind: "unwritable",
    error: 'no text is known for kind "birthday_wishes"',
  });
  const bad = renderRow({ id: "o2", kind: "appointment_moved", params: APPOINTMENT_PARAMS, context: context() }, NOW);
  assert.equal(bad.kind, "unwritable");
  assert.match(bad.kind === "unwritable" ? bad.error : "", /^params\.previousStartsAt/);
});

Deno.test("a reminder whose appointment is gone cannot be written", () => {
  const result = renderRow({ id: "o1", kind: "reminder", params: { startsAt: "x" }, context: context({ appointment: null }) }, NOW);
  assert.equal(result.kind, "unwritable");
});

const ALERT = {
  alertId: "al1",
  reference: "K7Q2",
  patientName: "Maya",
  patientPhone: "+447700900001",
  reason: "asked_for_staff",
  urgent: false,
  lastMessage: "can I talk to someone?",
};

Deno.test("a staff alert names the patient, their words and the reference, in the staff member's language", () => {
  const toStaff = (language: "en" | "es" | "pt" | null) => context({ staff: language === null ? null : { name: "Rui", language } });
  assert.equal(
    written("staff_alert", ALERT, toStaff("en")).text,
    '*Maya (+447700900001)* asked to talk to a person.\n\n"can I talk to someone?"\n\n' +
      "Reply to this message to answer them here, or start a message with *#K7Q2*. Send *bot* when done to hand them back to the assistant.",
  );
  assert.match(written("staff_alert", ALERT, toStaff("pt")).text, /^\*Maya \(\+447700900001\)\*: pediu para falar com uma pessoa\./);
  // A staff member no longer on the list reads the clinic's language; the patient's own never counts.
  const spanishPatient = { ...toStaff(null), patient: { name: "Maya", pushName: null, language: "es" as const } };
  assert.match(written("staff_alert", ALERT, spanishPatient).text, /asked to talk to a person/);
});

Deno.test("an urgent alert says so first, and a long message is quoted in part", () => {
  const text = written("staff_alert", { ...ALERT, urgent: true, reason: "message_failed", lastMessage: "x".repeat(400) }).text;
  assert.match(text, /^\*Urgent\* · \*Maya \(\+447700900001\)\* a message of theirs could not be answered\./);
  assert.match(text, new RegExp(`"${"x".repeat(300)}…"`));
});

Deno.test("a patient's message forwarded to who answers them names the patient and the reference", () => {
  const forwarded = written("patient_message", { alertId: "al1", reference: "K7Q2", patientName: null, patientPhone: "+447700900001", text: "thanks!" });
  assert.equal(forwarded.text, "*+447700900001* (#K7Q2):\nthanks!");
});
