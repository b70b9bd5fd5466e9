/**
 * Reading a patient's message, in one order at every step (ARCHITECTURE.md "Conversation
 * conventions"): the step's own answer → a command → an intent → the step's fallback (the main
 * menu's FAQ question, a name) or its hint.
 *
 * Commands and intents are read in the patient's language first. When they are not, but are in
 * exactly one other language, the patient is switched to it (a whole-message greeting, command or
 * intent phrase of that language alone: "hola", "quero marcar uma consulta amanhã"). Words shared
 * across languages ("menu", "ok", "no", digits) always read in the current language first, and
 * switch nothing; a phrase two other languages share ("cancelar") does what it says in both
 * without switching.
 */
import type { FlowState } from "./state.ts";
import { type FlowContext, withLanguage } from "./context.ts";
import { LANGUAGES } from "../locales/index.ts";
import type { Language } from "../locales/types.ts";
import { readIn, readIntent, type Reading, sameMeaning } from "./intents.ts";
import { goBack, handOff, invalid, leave, menuText, paragraphs, reply, show, stay, toMenu, type Transition } from "./nav.ts";
import { bookingOf, requestFrom, startBooking } from "./booking.ts";
import { moduleOf, promptOf } from "./steps/index.ts";
import { assertNever } from "../../../../shared/assert-never.ts";

interface Heard {
  language: Language;
  reading: Reading;
}

/** A command or intent: in the patient's language, else in exactly one other (a switch). */
function hear(text: string, ctx: FlowContext, bareEntities: boolean): Heard | null {
  const options = { bareEntities };
  const current = readIn(text, ctx.language, ctx, options);
  if (current) return { language: ctx.language, reading: current };
  const others = LANGUAGES.filter((language) => language !== ctx.language).flatMap((language) => {
    const reading = readIn(text, language, ctx, options);
    return reading ? [{ language, reading }] : [];
  });
  const [first] = others;
  if (!first) return null;
  if (others.length === 1) return first;
  // Shared by several other languages: act on it if they agree, in the patient's own language.
  return others.every((other) => sameMeaning(other.reading, first.reading)) ? { language: ctx.language, reading: first.reading } : null;
}

export function onText(state: FlowState, text: string, ctx: FlowContext): Transition {
  const step = state.step;
  const module = moduleOf(step);
  const input = { state, step, text, ctx };
  const own = module.answer(input);
  if (own) return own;

  const heard = hear(text, ctx, !(module.takesFreeText?.(step) ?? false));
  if (heard) {
    if (heard.language === ctx.language) return act(state, heard.reading, text, ctx);
    const switched = act(state, heard.reading, text, withLanguage(ctx, heard.language));
    return { ...switched, effects: [{ type: "set_language", language: heard.language }, ...switched.effects] };
  }
  return module.otherwise ? module.otherwise(input) : invalid(state, ctx, module.hint(step, ctx));
}

/** The main menu, after a sentence saying what was left, or a greeting when nothing was. */
function toMenuFrom(state: FlowState, ctx: FlowContext): Transition {
  const { note } = leave(state, ctx);
  return toMenu([reply(note === null ? menuText(ctx, "hello") : paragraphs(note, menuText(ctx, "plain")))]);
}

function act(state: FlowState, reading: Reading, text: string, ctx: FlowContext): Transition {
  switch (reading.kind) {
    case "command":
      switch (reading.command) {
        case "menu":
          return toMenuFrom(state, ctx);
        case "back":
          return goBack(state, ctx);
        case "stop": {
          const left = leave(state, ctx);
          if (left.note !== null) return toMenu([reply(paragraphs(left.note, menuText(ctx, "plain")))]);
          // Nothing to stop: "cancel" at the menu means cancelling an appointment.
          const intent = readIntent(text, ctx.language, ctx, { bareEntities: false });
          if (intent) return act(state, intent, text, ctx);
          return toMenu([reply(paragraphs(ctx.t.nothingToStop, menuText(ctx, "plain")))]);
        }
        case "staff":
          return handOff(state, ctx);
        default:
          return assertNever(reading.command);
      }
    case "language":
      if (reading.target === null) return show(state, { kind: "pick_language" }, ctx);
    {
      // Switching language changes nothing else: the same step, shown in the new language.
      const spoken = withLanguage(ctx, reading.target);
      return stay(state, [
        { type: "set_language", language: reading.target },
        reply(paragraphs(spoken.t.languageSwitched, promptOf(state.step, spoken))),
      ]);
    }
    case "intent":
      return actOnIntent(state, reading, ctx);
    default:
      return assertNever(reading);
  }
}

function actOnIntent(state: FlowState, reading: Extract<Reading, { kind: "intent" }>, ctx: FlowContext): Transition {
  switch (reading.intent) {
    case "opt_out": {
      // Asked once: the question itself is where the patient is when they say it again.
      if (state.step.kind === "confirm_opt_out") return stay(state, [reply(promptOf(state.step, ctx))]);
      const left = leave(state, ctx);
      return show(left.state, { kind: "confirm_opt_out" }, ctx, left.note);
    }
    case "opt_in": {
      const left = leave(state, ctx);
      return { state: left.state, effects: [...(left.note ? [reply(left.note)] : []), { type: "set_opt_out", optedOut: false }] };
    }
    case "greeting":
      return toMenuFrom(state, ctx);
    case "staff":
      return handOff(state, ctx);
    case "book": {
      // Continues a booking in progress (another day, practitioner); from anything else it starts afresh.
      const request = requestFrom(reading.named, state.step);
      const current = bookingOf(state.step);
      const named = reading.named.serviceId;
      const continuing = current !== null && current.rescheduleOf === null &&
        (named === null || current.serviceId === null || named === current.serviceId);
      const left = leave(state, ctx);
      return startBooking(left.state, request, ctx, continuing ? [] : [left.note]);
    }
    case "appointments":
    case "cancel":
    case "reschedule": {
      const purpose = reading.intent === "appointments" ? "view" : reading.intent;
      const left = leave(state, ctx);
      return { state: left.state, effects: [...(left.note ? [reply(left.note)] : []), { type: "load_appointments", purpose }] };
    }
    case "thanks": {
      // Mid-flow, thanks is polite: the step goes on. Otherwise it closes: back to the menu, quietly.
      if (leave(state, ctx).note !== null) return stay(state, [reply(paragraphs(ctx.t.youreWelcome, promptOf(state.step, ctx)))]);
      return toMenu([reply(ctx.t.youreWelcome)]);
    }
    case "goodbye": {
      const { note } = leave(state, ctx);
      return toMenu([reply(paragraphs(note, ctx.t.goodbye))]);
    }
    default:
      return assertNever(reading.intent);
  }
}
