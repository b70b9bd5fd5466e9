/**
 * Commands and intents, read deterministically per language from the locale bundles' word lists.
 * A command is a whole message from a short list ("menu", "atrás", "parar"). An intent is a whole
 * message made of an optional greeting, up to two leads ("i would like to"), one core phrase of the
 * intent ("book an appointment") and an optional tail ("please"); it is matched against the text
 * as typed, then again with what it names set aside (entities.ts), so "I want an appointment
 * tomorrow morning" is a booking of tomorrow's mornings. A message that only names a service,
 * practitioner or day, maybe wrapped in a lead ("checkup next week", "quiero una limpieza
 * mañana"), is a booking. Anything else is no intent: the step's
 * hint, or a question for the FAQ at the main menu.
 */
import { BUNDLES, LANGUAGES } from "../locales/index.ts";
import { type CommandWord, INTENT_KINDS, type IntentKind, type Language, type Words } from "../locales/types.ts";
import type { FlowContext } from "./context.ts";
import { normalize } from "./choose.ts";
import { type Named, readNamed } from "./entities.ts";

export type Reading =
  | { kind: "command"; command: CommandWord }
  /** Open the language choice (target null), or switch straight to a language named alone. */
  | { kind: "language"; target: Language | null }
  | { kind: "intent"; intent: IntentKind; named: Named };

export interface ReadOptions {
  /** Whether a message that only names things is a booking (false where the step takes free text). */
  bareEntities: boolean;
}

const COMMAND_ORDER: readonly CommandWord[] = ["menu", "back", "stop", "staff"];

function escape(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function alternatives(phrases: readonly string[]): string {
  // Longest first, so a regex alternation prefers "book an appointment" over "book".
  return [...new Set(phrases.map(normalize))].filter((p) => p !== "").sort((a, b) => b.length - a.length).map(escape)
    .join("|");
}

const compiled = new Map<string, RegExp>();

/**
 * A whole message of openings and closings only ("i want", "quiero", "por favor"): around something
 * named ("I want a cleaning", "quiero una limpieza mañana") that is a booking.
 */
function wrapperPattern(language: Language, words: Words): RegExp {
  const key = `${language}:wrapper`;
  let pattern = compiled.get(key);
  if (!pattern) {
    const greeting = alternatives(words.intents.greeting);
    const lead = alternatives(words.leads);
    const tail = alternatives(words.tails);
    pattern = new RegExp(`^(?:(?:${greeting}) )?(?:(?:${lead}) ){0,2}(?:(?:${tail}) )?$`);
    compiled.set(key, pattern);
  }
  return pattern;
}

/** The whole-message pattern of one intent in one language. */
function intentPattern(language: Language, intent: IntentKind, words: Words): RegExp {
  const key = `${language}:${intent}`;
  let pattern = compiled.get(key);
  if (!pattern) {
    const greeting = alternatives(words.intents.greeting);
    const lead = alternatives(words.leads);
    const tail = alternatives(words.tails);
    const core = alternatives(words.intents[intent]);
    pattern = new RegExp(`^(?:(?:${greeting}) )?(?:(?:${lead}) ){0,2}(?:${core})(?: (?:${tail}))?$`);
    compiled.set(key, pattern);
  }
  return pattern;
}

const commandSets = new Map<Language, Map<string, Reading>>();

/** Every whole-message command of a language, normalized, with what it means. */
function commandsOf(language: Language): Map<string, Reading> {
  let commands = commandSets.get(language);
  if (!commands) {
    const words = BUNDLES[language].words;
    commands = new Map();
    for (const command of COMMAND_ORDER) {
      for (const word of words.commands[command]) commands.set(normalize(word), { kind: "command", command });
    }
    for (const word of words.language) commands.set(normalize(word), { kind: "language", target: null });
    for (const target of LANGUAGES) {
      for (const name of words.languageNames[target]) commands.set(normalize(name), { kind: "language", target });
    }
    commandSets.set(language, commands);
  }
  return commands;
}

export function readCommand(text: string, language: Language): Reading | null {
  return commandsOf(language).get(normalize(text)) ?? null;
}

/**
 * The intent the whole message is, as typed (what it names not set aside): "good morning" is a
 * greeting before it is a part of the day.
 */
export function wholeIntent(text: string, language: Language): IntentKind | null {
  return matchIntent(normalize(text), language);
}

function matchIntent(typed: string, language: Language): IntentKind | null {
  if (typed === "") return null;
  const words = BUNDLES[language].words;
  return INTENT_KINDS.find((intent) => intentPattern(language, intent, words).test(typed)) ?? null;
}

function nothingNamed(rest: string): Named {
  return { serviceId: null, providerId: null, when: { kind: "none" }, doubt: null, rest };
}

export function readIntent(text: string, language: Language, ctx: FlowContext, options: ReadOptions): Reading | null {
  const typed = normalize(text);
  if (typed === "") return null;
  const whole = matchIntent(typed, language);
  // Only a booking uses what the message names; the other intents need not read it.
  if (whole && whole !== "book") return { kind: "intent", intent: whole, named: nothingNamed(typed) };
  const named = readNamed(text, language, ctx);
  if (whole) return { kind: "intent", intent: whole, named };
  const rest = matchIntent(named.rest, language);
  if (rest) return { kind: "intent", intent: rest, named };
  // An unsure day or time still names one: "next friday" alone is a booking whose day is then asked.
  const namesSomething = named.serviceId !== null || named.providerId !== null || named.when.kind !== "none";
  const onlyWrapping = named.rest === "" || wrapperPattern(language, BUNDLES[language].words).test(`${named.rest} `);
  if (options.bareEntities && namesSomething && onlyWrapping) return { kind: "intent", intent: "book", named };
  return null;
}

/** A command, else an intent, of one language. */
export function readIn(text: string, language: Language, ctx: FlowContext, options: ReadOptions): Reading | null {
  return readCommand(text, language) ?? readIntent(text, language, ctx, options);
}

/** Two readings that mean the same thing (what they name aside). */
export function sameMeaning(a: Reading, b: Reading): boolean {
  switch (a.kind) {
    case "command":
      return b.kind === "command" && b.command === a.command;
    case "language":
      return b.kind === "language" && b.target === a.target;
    case "intent":
      return b.kind === "intent" && b.intent === a.intent;
  }
}

/** Whether the text asks for a person in any language (heard even during a cool-off). */
export function isStaffRequest(text: string): boolean {
  const typed = normalize(text);
  return LANGUAGES.some((language) => {
    const command = readCommand(text, language);
    return (command?.kind === "command" && command.command === "staff") || matchIntent(typed, language) === "staff";
  });
}

/** Whether the text is the bare menu word of some language (what hands a staff conversation back). */
export function isMenuWord(text: string): boolean {
  const typed = normalize(text);
  return LANGUAGES.some((language) => normalize(BUNDLES[language].words.menuWord) === typed);
}

/** Whether the text is a bare "stop" of some language (words.bareStop): the answer to a message the clinic sent first. */
export function isBareStop(text: string): boolean {
  const typed = normalize(text);
  return typed !== "" && LANGUAGES.some((language) => BUNDLES[language].words.bareStop.some((word) => normalize(word) === typed));
}
