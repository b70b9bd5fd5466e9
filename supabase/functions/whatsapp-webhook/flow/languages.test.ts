/**
 * Languages (issue 8 §6): a patient is spoken to in their remembered language (the clinic's when
 * none); a whole message that is a greeting, command or intent phrase of exactly one other language
 * switches them to it; words shared across languages, digits, yes/no and names never switch; the
 * menu's language option and a language's name switch by choice. Everything after a switch is in
 * the new language, in the same step.
 */
import assert from "node:assert/strict";
import { transition } from "./transition.ts";
import type { Effect } from "./effects.ts";
import { initialState } from "./state.ts";
import { everyStep, makeContext, replyOf, slotsOn, DR_SILVA } from "./testing.ts";
import type { Language } from "../locales/types.ts";
import { Conversation, FakeWorld } from "../turn/fake-world.ts";

const switchedTo = (effects: Effect[]) => effects.find((e) => e.type === "set_language");

function at(kind: string) {
  const found = everyStep().find((s) => s.name === kind);
  if (!found) throw new Error(kind);
  return found.state;
}

const SWITCHES: Array<[Language, string, Language, RegExp]> = [
  ["en", "hola", "es", /^¡Hola! Soy el asistente de \*Smile Clinic\*\.\n\n1\. Reservar una cita\n2\. Mis citas/],
  ["en", "Buenos días", "es", /Menú principal|¡Hola!/],
  ["en", "olá", "pt", /^Olá! Sou o assistente da \*Smile Clinic\*\.\n\n1\. Marcar uma consulta/],
  ["en", "oi", "pt", /Marcar uma consulta/],
  ["es", "hello", "en", /^Hi! This is the \*Smile Clinic\* assistant\./],
  ["pt", "good morning", "en", /Book an appointment/],
  ["en", "quiero hablar con una persona", "es", /^Pasé esta conversación a nuestro personal\./],
  ["en", "quero falar com uma pessoa", "pt", /^Passei esta conversa para a nossa equipe\./],
  ["pt", "¿cuándo es mi cita?", "es", /^$/],
  ["en", "gracias", "es", /^¡De nada!$/],
];

for (const [from, text, to, expected] of SWITCHES) {
  Deno.test(`a ${from} patient writing "${text}" is switched to ${to}`, () => {
    const result = transition(initialState(), { type: "text", text }, makeContext({ language: from }));
    assert.deepEqual(switchedTo(result.effects), { type: "set_language", language: to });
    assert.match(replyOf(result.effects), expected);
  });
}

const NEVER_SWITCH: Array<[Language, string]> = [
  ["en", "menu"], ["es", "menu"], ["pt", "menú"], ["en", "ok"], ["es", "no"], ["pt", "no"], ["en", "1"], ["es", "2"],
  ["pt", "0"], ["en", "sí"], ["en", "Ana Sousa"], ["en", "cancelar"], ["en", "idioma"], ["en", "humano"], ["en", "consulta"],
  ["es", "10:30"], ["pt", "11/12"], ["en", "¿dónde puedo estacionar?"],
];

for (const [language, text] of NEVER_SWITCH) {
  Deno.test(`a ${language} patient writing "${text}" stays in ${language}`, () => {
    // (At the language choice a number chooses a language: that is a switch by choice.)
    for (const { name, state } of everyStep().filter((s) => s.name !== "pick_language")) {
      const result = transition(state, { type: "text", text }, makeContext({ language }));
      assert.equal(switchedTo(result.effects), undefined, `${name}: ${JSON.stringify(result.effects)}`);
    }
  });
}

Deno.test("a word two other languages share does what it says in both, without switching", () => {
  const ctx = makeContext({ language: "en" });
  const stopped = transition(at("pick_day"), { type: "text", text: "cancelar" }, ctx);
  assert.match(replyOf(stopped.effects), /^Okay, I stopped booking\. Nothing was booked\./);
  const picker = transition(initialState(), { type: "text", text: "idioma" }, ctx);
  assert.equal(picker.state.step.kind, "pick_language");
  const staff = transition(initialState(), { type: "text", text: "humano" }, ctx);
  assert.ok(staff.effects.some((e) => e.type === "handoff"));
  assert.match(replyOf(staff.effects), /^I've passed this conversation to our staff/);
});

Deno.test("the menu's language option offers each language in itself, and the choice switches and shows the menu", () => {
  const ctx = makeContext();
  const picker = transition(initialState(), { type: "text", text: "5" }, ctx);
  assert.match(replyOf(picker.effects), /Which language would you like\?\n\n1\. English\n2\. Español\n3\. Português/);
  const chosen = transition(picker.state, { type: "text", text: "Português" }, ctx);
  assert.deepEqual(switchedTo(chosen.effects), { type: "set_language", language: "pt" });
  assert.match(replyOf(chosen.effects), /^Certo, vou escrever em português\.\n\n\*Menu principal\*\n\n1\. Marcar uma consulta/);
  assert.equal(chosen.state.step.kind, "menu");
});

Deno.test("a language's name typed mid-booking switches without leaving the step or its hold", () => {
  for (const kind of ["pick_day", "pick_time", "confirm_booking"]) {
    const state = at(kind);
    const result = transition(state, { type: "text", text: "español" }, makeContext());
    assert.deepEqual(switchedTo(result.effects), { type: "set_language", language: "es" });
    assert.deepEqual(result.state.step, state.step, kind);
    assert.ok(!result.effects.some((e) => e.type === "release_hold"), kind);
    assert.match(replyOf(result.effects), /^De acuerdo, le escribiré en español\.\n\n/);
  }
});

Deno.test("every step speaks the patient's remembered language", () => {
  const expected: Record<Language, RegExp> = { en: /[A-Za-z]/, es: /./, pt: /./ };
  for (const language of ["es", "pt"] as const) {
    const ctx = makeContext({ language });
    for (const { name, state } of everyStep()) {
      const text = replyOf(transition(state, { type: "text", text: "???" }, ctx).effects);
      if (name === "menu" || name === "ask_question" || name === "confirm_visit") continue;
      assert.match(text, expected[language]);
      assert.ok(text.startsWith(language === "es" ? "Lo siento" : "Desculpe"), `${language} ${name}: ${text}`);
    }
  }
});

Deno.test("a question at the main menu is asked in the patient's language", () => {
  const result = transition(initialState(), { type: "text", text: "¿hay estacionamiento?" }, makeContext({ language: "es" }));
  assert.deepEqual(result.effects, [{ type: "answer_question", question: "¿hay estacionamiento?", language: "es" }]);
});

Deno.test("after a switch the whole conversation continues in the new language, and is remembered", async () => {
  const ctx = makeContext();
  const c = new Conversation(ctx, new FakeWorld(ctx, slotsOn("2026-11-23", ["10:00", "11:00"], undefined, DR_SILVA.id)));
  await c.say("hola");
  assert.equal(c.ctx.language, "es");
  assert.match(await c.say("1"), /^¿Qué servicio desea\?\n\n1\. Limpieza \(30 min\)\n2\. Revisión \(30 min\)\n3\. Blanqueamiento \(60 min\)/);
  assert.match(await c.say("1"), /^\*Limpieza\*: ¿qué día le conviene\?\n\n1\. lun 23 de nov\n\nO escriba un día, como "mañana" o "25\/12"\./);
  assert.match(await c.say("1"), /^Horarios libres el \*lun 23 de nov\*:\n\n1\. 10:00\n2\. 11:00/);
  assert.match(await c.say("2"), /^\*Confirme, por favor\*\nLimpieza con Dra\. Ana Silva\nlun 23 de nov, 11:00\nNombre: Ana/);
  assert.match(await c.say("cancelar"), /^De acuerdo, dejé de reservar\. No se reservó nada\./);
  assert.equal(c.world.liveHolds(), 0);
});

Deno.test("a Spanish-speaking patient of a US clinic reads Spanish dates on the clinic's 12-hour clock", async () => {
  const ctx = makeContext({ language: "es", timezone: "America/New_York", locale: "en-US", now: new Date("2026-11-22T15:00:00Z") });
  const c = new Conversation(ctx, new FakeWorld(ctx, slotsOn("2026-11-23", ["10:00", "14:30"], "America/New_York")));
  assert.match(await c.say("limpieza mañana"), /^Horarios libres el \*lun, 23 de nov\*:\n\n1\. 10:00 a\.m\.\n2\. 2:30 p\.m\./);
});
