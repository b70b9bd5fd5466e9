/**
 * What several steps say alike: the main menu's options, an appointment's line, what leaving a
 * booking means, and the name a booking is made under. Depends on no step, so any step may use it.
 */
import type { FlowContext } from "../context.ts";
import type { Texts } from "../../locales/types.ts";
import { numbered } from "../../locales/format.ts";
import { providerName, serviceName } from "../context.ts";
import { type AppointmentFact, type BookingDraft, NO_WISH, type Wish } from "../facts.ts";
import type { Option } from "../choose.ts";
import { normalize, readYesNo } from "../choose.ts";
import { MAX_NAME_CHARS, MIN_NAME_CHARS } from "../limits.ts";
import type { FlowState } from "../state.ts";
import { paragraphs, reply, stay, type Transition } from "../nav.ts";
import { promptOf } from "./index.ts";
import { askWhichDay, mergeWish } from "../booking.ts";
import { doubtText } from "../unsure.ts";
import { readNamed } from "../entities.ts";
import { wholeIntent } from "../intents.ts";
import type { When } from "../../when/index.ts";

export type MenuOption = "book" | "appointments" | "question" | "staff" | "language";
const MENU_OPTIONS: readonly MenuOption[] = ["book", "appointments", "question", "staff", "language"];

export function menuOptions(ctx: FlowContext): Option<MenuOption>[] {
  return MENU_OPTIONS.map((id) => ({ id, label: ctx.t.menuLabels[id] }));
}

/** The main menu's numbered options in a language's texts (for messages sent outside a turn). */
export function menuList(texts: Texts): string {
  return numbered(MENU_OPTIONS.map((id) => texts.menuLabels[id]));
}

/** An appointment as the patient reads it: service and practitioner in their language, day and time. */
export function appointmentLine(appointment: AppointmentFact, ctx: FlowContext): { service: string; provider: string; when: string } {
  return {
    service: serviceName(ctx, appointment.serviceId, appointment.serviceName),
    provider: providerName(ctx, appointment.providerId, appointment.providerName),
    when: ctx.fmt.dayTime(appointment.startsAt),
  };
}

/** What leaving a booking step means: nothing booked, or the appointment being moved unchanged. */
export function leavingBooking(draft: BookingDraft, ctx: FlowContext): string {
  return draft.rescheduleOf ? ctx.t.stoppedRescheduling(ctx.fmt.dayTime(draft.rescheduleOf.startsAt)) : ctx.t.stoppedBooking;
}

/** A plausible personal name, or null (a yes/no word or a number is never a name). */
export function readName(text: string): string | null {
  const name = text.replace(/\s+/g, " ").trim();
  if (name.length < MIN_NAME_CHARS || name.length > MAX_NAME_CHARS) return null;
  if (!/\p{L}/u.test(name) || /\d/.test(name) || normalize(name) === "" || readYesNo(name) !== null) return null;
  return name;
}

/** The name a booking is made under unless the patient types another: the one they gave, else their WhatsApp name. */
export function defaultName(ctx: FlowContext): string | null {
  return ctx.patient.name ?? (ctx.patient.pushName === null ? null : readName(ctx.patient.pushName));
}

/**
 * A day or time typed at the day or time step, handed to `then`. Null when the text names none (it
 * may still be a command or intent). A reading that could be wrong is asked about: its candidate
 * days as the days to choose from ("next friday" on a Monday), else what was unclear, above the
 * step's choices again. Asking is not an invalid answer: it does not count towards the cool-off.
 */
export function onTypedWhen(
  state: FlowState,
  draft: BookingDraft,
  text: string,
  ctx: FlowContext,
  then: (when: Extract<When, { kind: "when" }>) => Transition | null,
  wish: Wish = NO_WISH,
): Transition | null {
  // "Good morning" is a greeting, not a part of the day; "bye, see you tomorrow" no day either.
  const whole = wholeIntent(text, ctx.language);
  if (whole !== null && whole !== "book") return null;
  // "Dr Costa on tuesday" names another practitioner (or service) too: the booking intent merges both.
  const named = readNamed(text, ctx.language, ctx);
  if ((named.providerId ?? draft.providerId) !== draft.providerId) return null;
  if ((named.serviceId ?? draft.serviceId) !== draft.serviceId) return null;
  const when = named.when;
  switch (when.kind) {
    case "none":
      return null;
    case "unsure": {
      const doubt = named.doubt;
      if (doubt === null) return null;
      if (doubt.days.length > 0) return askWhichDay(state, draft, mergeWish(wish, doubt.wish), doubt, ctx);
      return stay(state, [reply(paragraphs(doubtText(doubt.about, ctx), promptOf(state.step, ctx)))]);
    }
    case "when":
      return then(when);
  }
}
