/**
 * The locale bundles agree with the flow they describe, in every language: limits are quoted from
 * flow/limits.ts, every word a reply tells the patient to type is one the flow reads in that
 * language, labels and phrases never collide, and dates follow the clinic's locale.
 */
import assert from "node:assert/strict";
import { BUNDLES, LANGUAGES } from "./index.ts";
import { formatterFor, localeFor } from "./format.ts";
import { INTENT_KINDS, type Language } from "./types.ts";
import { MAX_NAME_CHARS } from "../flow/limits.ts";
import { isBareStop, isMenuWord, readCommand, wholeIntent } from "../flow/intents.ts";
import { FILLABLE, fillTemplate, templateProblem } from "../../../../shared/templates/placeholders.ts";
import { normalize } from "../flow/choose.ts";

/** How each language asks the patient to type a word: "Reply *menu*", "Responda *menú*", "or *menu* for". */
const ASKS_TO_TYPE: Record<Language, RegExp> = {
  en: /[Rr]eply \*([^*]+)\*|or \*([^*]+)\* for/g,
  es: /[Rr]esponda \*([^*]+)\*|o \*([^*]+)\* para/g,
  pt: /[Rr]esponda \*([^*]+)\*|ou \*([^*]+)\* para/g,
};

/** Every text of a bundle, with sample arguments so words inside function texts are seen too. */
function everyText(language: Language): string[] {
  const t = BUNDLES[language].texts;
  const n = BUNDLES[language].notices;
  const values = { patient: "Ana", clinic: "Smile", service: "Cleaning", provider: "Dr. A", day: "Fri", time: "10:00", previous_day: "Thu", previous_time: "9:00", reason: "closed" };
  const notices = [
    ...Object.values(n.templates).map((template) => fillTemplate(template, values)),
    n.reminderChoices("1. x"), n.reminderViaMenu, n.reminderConfirmed,
    ...(["closed", "provider_away", "blocked", "provider_inactive", "outside_hours"] as const).map((reason) => n.rebookReason(reason, "Dr. A")),
    n.rebookChoice({ kind: "numbered", day: "Mon", list: "1. 10:00", provider: null }),
    n.rebookChoice({ kind: "via_menu", day: "Mon" }),
    n.rebookChoice({ kind: "none" }),
  ];
  const sample = [
    ...notices,
    t.menu("Smile", "hello", "1. x"), t.cooloff(30), t.answerFollowUp(true), t.answerFollowUp(false), t.handoff(t.staffSoon),
    t.noFreeDays("Cleaning", 14), t.refused("limit_reached"), t.bookingConfirmed("A", "B", "C"), t.rescheduleConfirmed("A", "B", "C"),
    t.cancelled("A", "B"), t.goodbye, t.noAnswer, t.visitConfirmed("A", "B", "C"), t.optOutQuestion("Smile", "1. x"),
  ];
  return [...sample, ...Object.values(t).filter((value): value is string => typeof value === "string")];
}

for (const language of LANGUAGES) {
  const { texts, words } = BUNDLES[language];

  Deno.test(`${language}: every *word* a reply asks the patient to type is a command or an intent the flow reads in ${language}`, () => {
    const quoted = everyText(language).flatMap((text) => [...text.matchAll(ASKS_TO_TYPE[language])].map((m) => m[1] ?? m[2] ?? ""));
    assert.ok(quoted.length > 0);
    for (const word of quoted) assert.notEqual(readCommand(word, language) ?? wholeIntent(word, language), null, word);
  });

  Deno.test(`${language}: a reminder to a busy chat names the words for my appointments, and the opt-out texts the words that stop and start them`, () => {
    const n = BUNDLES[language].notices;
    const quoted = (text: string) => [...text.matchAll(ASKS_TO_TYPE[language])].map((m) => m[1] ?? m[2] ?? "");
    for (const text of [n.reminderViaMenu, n.reminderConfirmed]) assert.deepEqual(quoted(text).map((w) => wholeIntent(w, language)), ["appointments"], text);
    for (const text of [texts.optedOut, texts.alreadyOptedOut]) assert.deepEqual(quoted(text).map((w) => wholeIntent(w, language)), ["opt_in"], text);
    for (const text of [texts.optedIn, texts.alreadyOptedIn]) assert.deepEqual(quoted(text).map((w) => wholeIntent(w, language)), ["opt_out"], text);
  });

  Deno.test(`${language}: the assistant's own wording of each kind uses only the placeholders its kind fills`, () => {
    for (const [kind, template] of Object.entries(BUNDLES[language].notices.templates)) {
      assert.equal(templateProblem(kind as keyof typeof FILLABLE, template), null, `${kind}: ${template}`);
    }
  });

  Deno.test(`${language}: a bare stop is no intent of its own, and "stop messages" in ${language} is the opt-out`, () => {
    for (const word of words.bareStop) {
      assert.equal(isBareStop(word), true, word);
      assert.notEqual(wholeIntent(word, language), "opt_out", word);
    }
    assert.equal(wholeIntent(words.intents.opt_out[0] ?? "", language), "opt_out");
    assert.equal(wholeIntent(words.intents.opt_in[0] ?? "", language), "opt_in");
  });

  Deno.test(`${language}: the notices' "My appointments" is the menu's label, and every *word* staff are told to send hands back`, () => {
    const via = BUNDLES[language].notices.rebookChoice({ kind: "via_menu", day: null });
    assert.ok(via.includes(`*${texts.menuLabels.appointments}*`), via);
    const s = BUNDLES[language].staff;
    const toStaff = [s.alert({ patient: "Ana", reference: "K7Q2", reason: "cooloff", urgent: false, lastMessage: null }), s.sent("Ana", "K7Q2"), s.help];
    const told = toStaff.flatMap((text) => [...text.matchAll(/\*([a-z]+)\*/g)].map((m) => m[1] ?? ""));
    assert.ok(told.length >= 3, JSON.stringify(told));
    for (const word of told) assert.ok(words.handBack.map(normalize).includes(normalize(word)), word);
  });

  Deno.test(`${language}: the handoff reply names the one word that brings the assistant back, and the gate hears it`, () => {
    const word = [...texts.handoff(texts.staffSoon).matchAll(ASKS_TO_TYPE[language])].map((m) => m[1] ?? m[2] ?? "")[0] ?? "";
    assert.equal(isMenuWord(word), true, word);
  });

  Deno.test(`${language}: the invalid-name hint quotes the longest name the flow accepts`, () => {
    assert.match(texts.invalidName(MAX_NAME_CHARS), new RegExp(String(MAX_NAME_CHARS)));
  });

  Deno.test(`${language}: the options of each list are told apart by their labels`, () => {
    for (const labels of [texts.menuLabels, texts.confirmLabels, texts.appointmentActionLabels, texts.cancelLabels, texts.visitLabels, texts.optOutLabels]) {
      const normalized = Object.values(labels).map(normalize);
      assert.equal(new Set(normalized).size, normalized.length, JSON.stringify(labels));
    }
  });

  Deno.test(`${language}: no phrase belongs to two intents, and no command word to two commands`, () => {
    const owner = new Map<string, string>();
    for (const intent of INTENT_KINDS) {
      for (const phrase of new Set(words.intents[intent].map(normalize))) {
        assert.equal(owner.get(phrase), undefined, `"${phrase}" is both ${owner.get(phrase)} and ${intent}`);
        owner.set(phrase, intent);
      }
    }
    const commandOwner = new Map<string, string>();
    for (const [command, list] of Object.entries(words.commands)) {
      for (const word of list.map(normalize)) {
        assert.equal(commandOwner.get(word), undefined, `"${word}" is both ${commandOwner.get(word)} and ${command}`);
        commandOwner.set(word, command);
      }
    }
  });

  Deno.test(`${language}: the language's own name switches to it, in every language`, () => {
    for (const other of LANGUAGES) {
      const name = BUNDLES[language].texts.languageName;
      assert.deepEqual(readCommand(name, other), { kind: "language", target: language }, `${name} in ${other}`);
    }
  });
}

Deno.test("times use the clinic's clock and dates its order: 12-hour and month first in en-US, 24-hour and day first in pt-BR", () => {
  const us = formatterFor("en", "en-US", "America/New_York", "en-US");
  assert.equal(us.time("2026-11-24T15:30:00Z"), "10:30 AM");
  assert.equal(us.day("2026-11-24"), "Tue, Nov 24");
  assert.equal(us.dayTime("2026-11-24T15:30:00Z"), "Tue, Nov 24, 10:30 AM");
  assert.equal(us.dateExample, "12/25");
  assert.deepEqual(us.timeExamples, ["10:00 AM", "2:30 PM"]);
  const br = formatterFor("pt", "pt-BR", "America/Sao_Paulo", "pt-BR");
  assert.equal(br.time("2026-11-24T13:30:00Z"), "10:30");
  assert.equal(br.dateExample, "25/12");
  assert.deepEqual(br.timeExamples, ["10:00", "14:30"]);
  const mx = formatterFor("es", "es-MX", "America/Mexico_City", "es-MX");
  assert.match(mx.day("2026-11-24"), /^mar,? 24 de nov/);
});

Deno.test("a patient's language takes the clinic's region and clock: Spanish at a US clinic is es-US on a 12-hour clock", () => {
  assert.equal(localeFor("es", "en-US", "es-MX"), "es-US");
  assert.equal(formatterFor("es", "en-US", "America/New_York", "es-MX").clock(14, 30), "2:30 p.m.");
  // ICU has no English for Brazil: the language's own default, not a silent "en".
  assert.equal(localeFor("en", "pt-BR", "en-US"), "en-US");
  assert.equal(formatterFor("en", "pt-BR", "America/Sao_Paulo", "en-US").clock(14, 30), "14:30");
});
