/**
 * Intents read deterministically, per language: what patients say in their own words, with what the
 * message names (service, practitioner, day, part of the day, time, week). The first cases of each
 * language are the regressions; the last ones are questions that must stay questions for
 * the FAQ (no intent), since an intent wins over the FAQ at the main menu.
 */
import assert from "node:assert/strict";
import { readIn } from "./intents.ts";
import { CHECKUP, CLEANING, DR_COSTA, DR_SILVA, makeContext } from "./testing.ts";
import type { IntentKind, Language } from "../locales/types.ts";

const ctx = makeContext();

interface Expected {
  intent: IntentKind | null;
  serviceId?: string;
  providerId?: string;
  day?: string;
  part?: "morning" | "afternoon" | "evening";
  time?: string;
  range?: boolean;
  /** The day or time named is unclear (the flow asks): the `when` reader's reason. */
  unsure?: string;
}

const TOMORROW = "2026-11-23";
const FRIDAY = "2026-11-27";

const CASES: Record<Language, Array<[string, Expected]>> = {
  en: [
    ["when is my appointment?", { intent: "appointments" }],
    ["I need to cancel my appointment", { intent: "cancel" }],
    ["thank you!", { intent: "thanks" }],
    ["I want an appointment tomorrow morning", { intent: "book", day: TOMORROW, part: "morning" }],
    ["When's my next appointment", { intent: "appointments" }],
    ["do I have an appointment?", { intent: "appointments" }],
    ["can I cancel my appointment please", { intent: "cancel" }],
    ["I can't make it", { intent: "cancel" }],
    ["I'd like to reschedule", { intent: "reschedule" }],
    ["can I move my appointment to friday?", { intent: "reschedule" }],
    ["talk to a person", { intent: "staff" }],
    ["thanks a lot", { intent: "thanks" }],
    ["Great, thanks!", { intent: "thanks" }],
    ["bye", { intent: "goodbye" }],
    ["good morning", { intent: "greeting" }],
    ["hi, I'd like to book a cleaning", { intent: "book", serviceId: CLEANING.id }],
    ["cleaning tomorrow at 10am", { intent: "book", serviceId: CLEANING.id, day: TOMORROW, time: "10:00" }],
    ["can I see Dr Costa on friday afternoon", { intent: "book", providerId: DR_COSTA.id, day: FRIDAY, part: "afternoon" }],
    // Said on a Sunday: weeks start on Sunday or Monday depending on who says it, so it is asked.
    ["checkup next week", { intent: "book", serviceId: CHECKUP.id, unsure: "week_on_sunday" }],
    ["is Dr Silva available tomorrow?", { intent: "book", providerId: DR_SILVA.id, day: TOMORROW }],
    ["friday at 3", { intent: "book", day: FRIDAY, time: "03:00?" }],
    ["what should I bring to my appointment?", { intent: null }],
    ["what is your cancellation policy?", { intent: null }],
    ["how much is an appointment?", { intent: null }],
    ["where do I park?", { intent: null }],
    ["is the staff friendly?", { intent: null }],
    ["do you see children?", { intent: null }],
  ],
  es: [
    ["¿cuándo es mi cita?", { intent: "appointments" }],
    ["necesito cancelar mi cita", { intent: "cancel" }],
    ["¡muchas gracias!", { intent: "thanks" }],
    ["quiero una cita mañana por la mañana", { intent: "book", day: TOMORROW, part: "morning" }],
    ["¿a qué hora es mi cita?", { intent: "appointments" }],
    ["ya no puedo ir", { intent: "cancel" }],
    ["quiero cambiar mi cita", { intent: "reschedule" }],
    ["quiero hablar con una persona", { intent: "staff" }],
    ["adiós", { intent: "goodbye" }],
    ["buenos días", { intent: "greeting" }],
    ["hola, quisiera reservar una limpieza", { intent: "book", serviceId: CLEANING.id }],
    ["limpieza mañana a las 10", { intent: "book", serviceId: CLEANING.id, day: TOMORROW, time: "10:00?" }],
    ["¿puedo ver a la Dra. Silva el viernes por la tarde?", { intent: "book", providerId: DR_SILVA.id, day: FRIDAY, part: "afternoon" }],
    // Said on a Sunday: weeks start on Sunday or Monday depending on who says it, so it is asked.
    ["chequeo la próxima semana", { intent: "book", serviceId: CHECKUP.id, unsure: "week_on_sunday" }],
    ["¿qué debo traer a mi cita?", { intent: null }],
    ["¿cuál es su política de cancelación?", { intent: null }],
    ["¿hay estacionamiento?", { intent: null }],
  ],
  pt: [
    ["quando é a minha consulta?", { intent: "appointments" }],
    ["preciso cancelar minha consulta", { intent: "cancel" }],
    ["obrigada!", { intent: "thanks" }],
    ["quero marcar uma consulta amanhã de manhã", { intent: "book", day: TOMORROW, part: "morning" }],
    ["tenho alguma consulta?", { intent: "appointments" }],
    ["não vou poder ir", { intent: "cancel" }],
    ["quero remarcar", { intent: "reschedule" }],
    ["quero falar com uma pessoa", { intent: "staff" }],
    ["tchau", { intent: "goodbye" }],
    ["bom dia", { intent: "greeting" }],
    ["oi, queria agendar uma limpeza", { intent: "book", serviceId: CLEANING.id }],
    ["limpeza amanhã às 10:00", { intent: "book", serviceId: CLEANING.id, day: TOMORROW, time: "10:00?" }],
    ["posso passar com a Dra. Silva na sexta à tarde?", { intent: "book", providerId: DR_SILVA.id, day: FRIDAY, part: "afternoon" }],
    // Said on a Sunday: weeks start on Sunday or Monday depending on who says it, so it is asked.
    ["revisão semana que vem", { intent: "book", serviceId: CHECKUP.id, unsure: "week_on_sunday" }],
    ["o que devo levar para a consulta?", { intent: null }],
    ["qual é a política de cancelamento?", { intent: null }],
    ["tem estacionamento?", { intent: null }],
  ],
};

/** "10:00" for a certain time, "10:00?" for one that may be am or pm. */
function timeOf(time: { hour: number; minute: number; ambiguousMeridiem: boolean } | null): string | undefined {
  if (!time) return undefined;
  const hhmm = `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;
  return time.ambiguousMeridiem ? `${hhmm}?` : hhmm;
}

for (const [language, cases] of Object.entries(CASES) as Array<[Language, Array<[string, Expected]>]>) {
  for (const [text, expected] of cases) {
    const title = expected.intent === null ? `${language}: "${text}" is no intent (a question for the FAQ)` : `${language}: "${text}" is ${expected.intent}`;
    Deno.test(title, () => {
      const reading = readIn(text, language, ctx, { bareEntities: true });
      if (expected.intent === null) {
        assert.equal(reading?.kind === "intent" ? reading.intent : reading?.kind ?? null, null);
        return;
      }
      assert.equal(reading?.kind, "intent", JSON.stringify(reading));
      if (reading?.kind !== "intent") return;
      assert.equal(reading.intent, expected.intent);
      if (expected.intent !== "book") return;
      const named = reading.named;
      const when = named.when.kind === "when" ? named.when : null;
      assert.equal(named.serviceId, expected.serviceId ?? null, "service");
      assert.equal(named.providerId, expected.providerId ?? null, "practitioner");
      assert.equal(when?.day?.day, expected.day, "day");
      assert.equal(when?.part ?? undefined, expected.part, "part of the day");
      assert.equal(timeOf(when?.time ?? null), expected.time, "time");
      assert.equal(when?.range !== null && when?.range !== undefined, expected.range ?? false, "week");
      assert.equal(named.when.kind === "unsure" ? named.when.reason : undefined, expected.unsure, "unsure");
    });
  }
}

Deno.test("every language reads its own command words, and the language names", () => {
  const commands: Array<[Language, string, string]> = [
    ["en", "menu", "menu"], ["en", "back", "back"], ["en", "cancel", "stop"], ["en", "human", "staff"],
    ["es", "menú", "menu"], ["es", "atrás", "back"], ["es", "cancelar", "stop"], ["es", "personal", "staff"],
    ["pt", "menu", "menu"], ["pt", "voltar", "back"], ["pt", "parar", "stop"], ["pt", "atendente", "staff"],
  ];
  for (const [language, text, command] of commands) {
    const reading = readIn(text, language, ctx, { bareEntities: true });
    assert.deepEqual(reading, { kind: "command", command }, `${language} ${text}`);
  }
  assert.deepEqual(readIn("español", "en", ctx, { bareEntities: true }), { kind: "language", target: "es" });
  assert.deepEqual(readIn("idioma", "pt", ctx, { bareEntities: true }), { kind: "language", target: null });
});

Deno.test("a message naming only a practitioner is a booking at the menu, but not where free text is expected", () => {
  assert.equal(readIn("Joana Lima", "en", ctx, { bareEntities: true })?.kind, "intent");
  assert.equal(readIn("Joana Lima", "en", ctx, { bareEntities: false }), null);
});

Deno.test("a week named on a weekday is a booking of that week's days, in every language", () => {
  const monday = makeContext({ now: new Date("2026-11-23T10:00:00Z") });
  for (const [language, text] of [["en", "checkup next week"], ["es", "chequeo la próxima semana"], ["pt", "revisão semana que vem"]] as const) {
    const reading = readIn(text, language, monday, { bareEntities: true });
    assert.equal(reading?.kind === "intent" && reading.intent, "book", text);
    const when = reading?.kind === "intent" && reading.named.when.kind === "when" ? reading.named.when : null;
    assert.deepEqual(when?.range, { from: "2026-11-30", to: "2026-12-06" }, text);
    assert.equal(reading?.kind === "intent" && reading.named.serviceId, CHECKUP.id, text);
  }
});

Deno.test("an unclear day alone is still a booking whose day is then asked", () => {
  const reading = readIn("next friday", "en", makeContext({ now: new Date("2026-11-23T10:00:00Z") }), { bareEntities: true });
  assert.equal(reading?.kind === "intent" && reading.intent, "book");
  assert.deepEqual(reading?.kind === "intent" && reading.named.doubt?.days, ["2026-11-27", "2026-12-04"]);
});
