/**
 * What the results of effects do: free days and times found (narrowed to the practitioner, the part
 * of the day, the wanted time), a claim held or lost, a booking confirmed or its hold expired,
 * appointments listed or cancelled, a question answered.
 */
import type { FlowState } from "./state.ts";
import type { FlowEvent, SlotsPurpose } from "./events.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { Effect } from "./effects.ts";
import { type FlowContext, providerName, serviceName } from "./context.ts";
import type { BookingDraft, SlotFact, WantedTime } from "./facts.ts";
import { numbered } from "../locales/format.ts";
import {
  daysOf, distinctTimes, inPart, matchingWish, nearestDistance, nearestTimes, ofProvider, readingsOf, slotAt,
  spreadTimes, tooSoon,
} from "./calendar.ts";
import { backToPickTime, enter, paragraphs, reply, show, stay, toMenu, toMenuSaying, type Transition } from "./nav.ts";
import { loadDays, loadTimes, lookingFor, startReschedule } from "./booking.ts";
import { promptOf, type Step } from "./steps/index.ts";
import { appointmentLine, defaultName } from "./steps/common.ts";
import { localDay } from "./time.ts";

type ResultEvent = Exclude<FlowEvent, { type: "text" } | { type: "restart" }>;

/** The instant a load for this draft leaves out of its offers: the start of the appointment being moved. */
export function excludedStart(draft: BookingDraft): string | null {
  return draft.rescheduleOf?.startsAt ?? null;
}

/**
 * The free times a load may offer: a move never offers the appointment's own start, whoever is
 * free then (with another practitioner it would "move" the appointment to the time it has), and
 * the fresh times after a refused claim never offer the slot just refused as taken. Applied once,
 * where loaded slots enter the flow, so days, numbered times, typed times and the times kept in a
 * step all lack them.
 */
function offerable(slots: readonly SlotFact[], purpose: SlotsPurpose): readonly SlotFact[] {
  const excluded = excludedStart(purpose.draft);
  const at = excluded === null ? null : Date.parse(excluded);
  const taken = purpose.kind === "times" ? purpose.taken : undefined;
  if (at === null && taken === undefined) return slots;
  return slots.filter((slot) => Date.parse(slot.startsAt) !== at && slot.slotId !== taken);
}

/**
 * Whether a "days" load needs from the free times only each practitioner's first on each local
 * day: offerDays reads which days each practitioner has a free time on, and the times themselves
 * only when the wish narrows them (a time, a part of the day, a range). The read-ahead's freeDays
 * (turn/prefetch.ts) answers such a load when it left out the same instant as offerable
 * (excludedStart); keep this in step with offerDays.
 */
export function daysNeedFirstTimesOnly(purpose: SlotsPurpose): boolean {
  return purpose.kind === "days" && purpose.wish.time === null && purpose.wish.part === null && purpose.wish.range === null;
}

function offerDays(state: FlowState, purpose: Extract<SlotsPurpose, { kind: "days" }>, slots: readonly SlotFact[], ctx: FlowContext): Transition {
  const { draft, wish } = purpose;
  const all = ofProvider(slots, draft.providerId);
  if (all.length === 0) {
    const text = ctx.t.noFreeDays(serviceName(ctx, draft.serviceId), ctx.clinic.horizonDays);
    return stay(state, [reply(paragraphs(text, promptOf(state.step, ctx)))]);
  }
  let days = daysOf(matchingWish(all, wish, ctx), ctx);
  let kept = { time: wish.time, part: wish.part };
  let note: string | null = null;
  if (days.length === 0) {
    note = wish.range
      ? ctx.t.noDaysInRange(ctx.fmt.day(wish.range.from), ctx.fmt.day(wish.range.to))
      : ctx.t.noDaysMatching(lookingFor(wish, ctx) ?? "", ctx.clinic.horizonDays);
    days = daysOf(all, ctx);
    kept = { time: null, part: null };
  }
  const next: Step = { kind: "pick_day", draft, days, wish: { day: null, range: null, ...kept } };
  return show(state, next, ctx, note);
}

function offerTimes(state: FlowState, purpose: Extract<SlotsPurpose, { kind: "times" }>, slots: readonly SlotFact[], ctx: FlowContext): Transition {
  const { draft, day, wish } = purpose;
  const free = distinctTimes(ofProvider(slots, draft.providerId));
  if (free.length === 0) {
    // Nothing free that day: say so, then offer the days that do have free times.
    return stay(state, [reply(ctx.t.dayFull(ctx.fmt.day(day))), loadDays(draft, { ...wish, day: null }, ctx)]);
  }
  if (wish.time) return wantedTime(state, draft, day, free, wish.time, ctx);
  let shown = spreadTimes(free);
  let note: string | null = null;
  if (wish.part) {
    const within = inPart(free, wish.part, ctx);
    if (within.length > 0) shown = spreadTimes(within);
    else note = ctx.t.noTimesInPart(ctx.t.inPart[wish.part], ctx.fmt.day(day));
  }
  return show(state, { kind: "pick_time", draft, day, slots: free, shown }, ctx, note);
}

/**
 * A wanted time on a day whose free times are known: hold it when exactly one reading of it is
 * free ("at 3": 3:00 or 15:00); ask when both are; otherwise say why and offer the nearest free
 * times as the new numbered choices.
 */
export function wantedTime(
  state: FlowState,
  draft: BookingDraft,
  day: string,
  free: readonly SlotFact[],
  time: WantedTime,
  ctx: FlowContext,
): Transition {
  const label = ctx.fmt.clock(time.hour, time.minute);
  const readings = readingsOf(time).filter((reading) => !tooSoon(day, reading, ctx));
  if (readings.length === 0) {
    const next: Step = { kind: "pick_time", draft, day, slots: [...free], shown: spreadTimes(free) };
    return show(state, next, ctx, ctx.t.timePast(label));
  }
  const exact = readings.flatMap((reading) => slotAt(free, reading, ctx) ?? []);
  const [only] = exact;
  if (exact.length === 1 && only) return stay(state, [{ type: "claim_slot", draft, slot: only }]);
  if (exact.length > 1) {
    const next: Step = { kind: "pick_time", draft, day, slots: [...free], shown: exact };
    return show(state, next, ctx, ctx.t.whichReading(ctx.fmt.day(day)));
  }
  const best = readings.reduce((a, b) => (nearestDistance(free, b, ctx) < nearestDistance(free, a, ctx) ? b : a));
  const shown = nearestTimes(free, best, ctx);
  const next: Step = { kind: "pick_time", draft, day, slots: [...free], shown };
  const dayLabel = ctx.fmt.day(day);
  const list = numbered(shown.map((slot) => ctx.fmt.time(slot.startsAt)));
  return enter(state, next, [
    reply(`${ctx.t.timeNotFree(ctx.fmt.clock(best.hour, best.minute), dayLabel)}\n${ctx.t.nearestTimes(dayLabel, list)}`),
  ]);
}

/** Reload the free times of the day `startsAt` falls on (after a lost or expired hold). */
function freshTimes(draft: BookingDraft, startsAt: string, ctx: FlowContext, taken?: string): Effect {
  return loadTimes(draft, localDay(new Date(startsAt), ctx.clinic.timezone), { day: null, range: null, time: null, part: null }, ctx, taken);
}

/** Leave the confirmation (its hold is gone) for the time step it came from, if remembered. */
function toPickTime(state: FlowState, effects: Effect[]): Transition {
  const back = backToPickTime(state);
  return { state: back?.state ?? { ...state, step: { kind: "menu" }, stack: [], invalid: 0 }, effects };
}

export function onResult(state: FlowState, event: ResultEvent, ctx: FlowContext): Transition {
  const t = ctx.t;
  switch (event.type) {
    case "slots_loaded": {
      const purpose = event.purpose;
      const slots = offerable(event.slots, purpose);
      switch (purpose.kind) {
        case "days":
          return offerDays(state, purpose, slots, ctx);
        case "times":
          return offerTimes(state, purpose, slots, ctx);
        default:
          return assertNever(purpose);
      }
    }
    case "claim_result": {
      const outcome = event.outcome;
      switch (outcome.kind) {
        case "held": {
          const name = event.draft.rescheduleOf ? null : defaultName(ctx);
          return show(state, { kind: "confirm_booking", draft: event.draft, hold: outcome.hold, name }, ctx);
        }
        case "taken":
          return stay(state, [reply(t.slotTaken), freshTimes(event.draft, event.slot.startsAt, ctx, event.slot.slotId)]);
        case "refused":
          return stay(state, [reply(t.refused(outcome.reason)), freshTimes(event.draft, event.slot.startsAt, ctx)]);
        default:
          return assertNever(outcome);
      }
    }
    case "confirm_result": {
      const outcome = event.outcome;
      const service = serviceName(ctx, event.draft.serviceId);
      const provider = providerName(ctx, event.hold.providerId);
      switch (outcome.kind) {
        case "confirmed": {
          const when = ctx.fmt.dayTime(outcome.startsAt);
          if (event.draft.rescheduleOf) return toMenu([reply(t.rescheduleConfirmed(service, provider, when))]);
          const name = state.step.kind === "confirm_booking" ? state.step.name : null;
          const effects: Effect[] = ctx.patient.name === null && name ? [{ type: "set_patient_name", name }] : [];
          return toMenu([...effects, reply(t.bookingConfirmed(service, provider, when))]);
        }
        case "hold_expired":
          return toPickTime(state, [reply(t.holdExpired(ctx.clinic.holdMinutes)), freshTimes(event.draft, event.hold.startsAt, ctx)]);
        case "refused":
          return toMenuSaying(t.refused(outcome.reason), ctx);
        default:
          return assertNever(outcome);
      }
    }
    case "appointments_loaded": {
      const { purpose, appointments } = event;
      const [only] = appointments;
      if (!only) return toMenuSaying(t.noAppointments, ctx);
      // One upcoming appointment: "cancel my appointment" goes straight to it.
      if (appointments.length === 1 && purpose === "cancel") {
        return show(state, { kind: "confirm_cancel", appointment: only }, ctx);
      }
      if (appointments.length === 1 && purpose === "reschedule") return startReschedule(state, only, ctx);
      return show(state, { kind: "appointments", purpose, list: appointments }, ctx);
    }
    case "cancel_result": {
      const outcome = event.outcome;
      switch (outcome.kind) {
        case "cancelled": {
          const line = appointmentLine(event.appointment, ctx);
          return toMenu([reply(t.cancelled(line.service, line.when))]);
        }
        case "refused":
          return toMenuSaying(t.refused(outcome.reason), ctx);
        default:
          return assertNever(outcome);
      }
    }
    case "visit_confirmed": {
      const outcome = event.outcome;
      const line = appointmentLine(event.appointment, ctx);
      switch (outcome.kind) {
        case "confirmed":
          return toMenu([reply(t.visitConfirmed(line.service, line.provider, line.when))]);
        case "passed":
          return toMenuSaying(t.visitPassed(line.when), ctx);
        case "refused":
          return toMenuSaying(t.refused(outcome.reason), ctx);
        default:
          return assertNever(outcome);
      }
    }
    case "opt_out_set": {
      const text = event.optedOut
        ? (event.changed ? t.optedOut : t.alreadyOptedOut)
        : (event.changed ? t.optedIn : t.alreadyOptedIn);
      return toMenu([reply(text)]);
    }
    case "question_answered": {
      const answer = event.answer;
      const atMenu = state.step.kind === "menu";
      switch (answer.kind) {
        case "answered":
          return stay(state, [reply(paragraphs(answer.text, t.answerFollowUp(atMenu)))]);
        case "no_match":
          return stay(state, [reply(t.noAnswer)]);
        default:
          return assertNever(answer);
      }
    }
    default:
      return assertNever(event);
  }
}
