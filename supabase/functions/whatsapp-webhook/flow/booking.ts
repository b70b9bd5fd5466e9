/**
 * Booking from whatever the patient has said so far: what a message names is taken, and the flow
 * asks only for what is missing, in the order service → practitioner (when the clinic asks) → day
 * → time. A fully named free time goes straight to a hold and the confirmation; a taken one offers
 * the nearest free times (results.ts).
 */
import type { FlowState } from "./state.ts";
import type { Effect } from "./effects.ts";
import type { FlowContext } from "./context.ts";
import { providerName, serviceName } from "./context.ts";
import { type AppointmentFact, type BookingDraft, NO_WISH, type Wish } from "./facts.ts";
import type { Named } from "./entities.ts";
import type { When } from "../when/index.ts";
import { type Doubt, doubtText } from "./unsure.ts";
import { dayProblem, dayWindow, horizonWindow, readingsOf } from "./calendar.ts";
import { paragraphs, reply, show, stay, type Transition } from "./nav.ts";
import type { Step } from "./steps/index.ts";

export interface BookingRequest {
  serviceId: string | null;
  providerId: string | null;
  wish: Wish;
  /** The wished day is one that has already gone by ("21/11" on 22 Nov). */
  dayPast: boolean;
  /** The day or time was unclear ("next friday" on a Monday): ask, offering the candidate days. */
  doubt: Doubt | null;
  rescheduleOf: AppointmentFact | null;
}

export function wishFrom(when: When): Wish {
  if (when.kind !== "when") return NO_WISH;
  return {
    day: when.day?.day ?? null,
    range: when.range,
    time: when.time ? { hour: when.time.hour, minute: when.time.minute, ambiguous: when.time.ambiguousMeridiem } : null,
    part: when.part,
  };
}

/** A newer wish over an older one: a new day or range replaces both; a new time replaces the part. */
export function mergeWish(older: Wish, newer: Wish): Wish {
  const newDay = newer.day !== null || newer.range !== null;
  return {
    day: newDay ? newer.day : older.day,
    range: newDay ? newer.range : older.range,
    time: newer.time ?? (newer.part !== null ? null : older.time),
    part: newer.part ?? (newer.time !== null ? null : older.part),
  };
}

/** What the wish is looking for, as the days prompt says it ("at 3:00 PM", "in the morning"). */
export function lookingFor(wish: Wish, ctx: FlowContext): string | null {
  if (wish.time) {
    // Display only: an "at 3" could be either reading; afternoon hours are the likelier in a clinic.
    const readings = readingsOf(wish.time);
    const shown = readings.find((r) => r.hour >= 8) ?? readings[0] ?? wish.time;
    return ctx.t.atTime(ctx.fmt.clock(shown.hour, shown.minute));
  }
  return wish.part ? ctx.t.inPart[wish.part] : null;
}

function notesReply(notes: ReadonlyArray<string | null>): Effect[] {
  const text = paragraphs(...notes);
  return text === "" ? [] : [reply(text)];
}

export function loadDays(draft: BookingDraft, wish: Wish, ctx: FlowContext): Effect {
  return { type: "load_slots", serviceId: draft.serviceId, ...horizonWindow(ctx), purpose: { kind: "days", draft, wish } };
}

export function loadTimes(draft: BookingDraft, day: string, wish: Wish, ctx: FlowContext, taken?: string): Effect {
  const purpose = { kind: "times" as const, draft, day, wish, ...(taken === undefined ? {} : { taken }) };
  return { type: "load_slots", serviceId: draft.serviceId, ...dayWindow(day, ctx), purpose };
}

/** With the service and practitioner settled: the day's times when a bookable day is wished, else the days. */
export function continueBooking(
  state: FlowState,
  draft: BookingDraft,
  wish: Wish,
  ctx: FlowContext,
  notes: ReadonlyArray<string | null> = [],
  dayPast = false,
): Transition {
  if (wish.day !== null) {
    const problem = dayProblem(wish.day, dayPast, ctx);
    if (problem === null) return stay(state, [...notesReply(notes), loadTimes(draft, wish.day, wish, ctx)]);
    return stay(state, [...notesReply([...notes, problem]), loadDays(draft, { ...wish, day: null }, ctx)]);
  }
  return stay(state, [...notesReply(notes), loadDays(draft, wish, ctx)]);
}

export function startBooking(
  state: FlowState,
  request: BookingRequest,
  ctx: FlowContext,
  notes: ReadonlyArray<string | null> = [],
): Transition {
  let providerId = ctx.providers.some((p) => p.id === request.providerId) ? request.providerId : null;
  let service = ctx.services.find((s) => s.id === request.serviceId);
  if (!service && providerId !== null) {
    const offered = ctx.services.filter((s) => s.providerIds.includes(providerId as string));
    if (offered.length === 1) service = offered[0];
  }
  const doubt = request.doubt;
  // A time said beside the unclear day ("next friday at 3pm") is kept for the day then chosen.
  const wish = doubt === null ? request.wish : mergeWish(request.wish, doubt.wish);
  const unclear = doubt === null ? null : doubtText(doubt.about, ctx);
  if (!service) return show(state, { kind: "pick_service", providerId, wish }, ctx, ...notes, unclear);

  const said: Array<string | null> = [...notes];
  if (providerId !== null && !service.providerIds.includes(providerId)) {
    said.push(ctx.t.providerDoesNotOffer(providerName(ctx, providerId), serviceName(ctx, service.id)));
    providerId = null;
  }
  const draft: BookingDraft = { serviceId: service.id, providerId, rescheduleOf: request.rescheduleOf };
  if (providerId === null && ctx.clinic.askProvider && service.providerIds.length > 1) {
    return show(state, { kind: "pick_provider", draft, wish }, ctx, ...said, unclear);
  }
  if (doubt !== null) return askWhichDay(state, draft, wish, doubt, ctx, said);
  return continueBooking(state, draft, wish, ctx, said, request.dayPast);
}

/**
 * The day was unclear: its bookable candidates as the numbered days to choose from ("next friday"
 * on a Monday: this Friday or the next), else what was unclear and the free days as usual.
 */
export function askWhichDay(
  state: FlowState,
  draft: BookingDraft,
  wish: Wish,
  doubt: Doubt,
  ctx: FlowContext,
  notes: ReadonlyArray<string | null> = [],
): Transition {
  const rest: Wish = { ...wish, day: null, range: null };
  if (doubt.days.length > 0) {
    return show(state, { kind: "pick_day", draft, days: doubt.days, wish: rest }, ctx, ...notes, ctx.t.whichDayUnsure);
  }
  return continueBooking(state, draft, rest, ctx, [...notes, doubtText(doubt.about, ctx)]);
}

/** Moving an appointment: its service, its practitioner when the clinic lets patients choose, any day. */
export function startReschedule(
  state: FlowState,
  appointment: AppointmentFact,
  ctx: FlowContext,
  notes: ReadonlyArray<string | null> = [],
): Transition {
  const providerId = ctx.clinic.askProvider ? appointment.providerId : null;
  return continueBooking(state, { serviceId: appointment.serviceId, providerId, rescheduleOf: appointment }, NO_WISH, ctx, notes);
}

/** What is being booked in a step, if it is a booking step. */
export function bookingOf(step: Step): { serviceId: string | null; providerId: string | null; wish: Wish; rescheduleOf: AppointmentFact | null } | null {
  switch (step.kind) {
    case "pick_service":
      return { serviceId: null, providerId: step.providerId, wish: step.wish, rescheduleOf: null };
    case "pick_provider":
    case "pick_day":
      return { ...step.draft, wish: step.wish };
    case "pick_time":
    case "confirm_booking":
      return { ...step.draft, wish: NO_WISH };
    default:
      return null;
  }
}

/**
 * A booking request from what a message names, continuing the booking in progress (a new
 * practitioner or day for the same service) unless it names another service.
 */
export function requestFrom(named: Named, step: Step): BookingRequest {
  const wish = wishFrom(named.when);
  const dayPast = named.when.kind === "when" && named.when.day?.past === true;
  const doubt = named.doubt;
  const current = bookingOf(step);
  if (current === null || current.rescheduleOf !== null) {
    return { serviceId: named.serviceId, providerId: named.providerId, wish, dayPast, doubt, rescheduleOf: null };
  }
  const sameService = named.serviceId === null || named.serviceId === current.serviceId;
  return {
    serviceId: named.serviceId ?? current.serviceId,
    providerId: named.providerId ?? (sameService ? current.providerId : null),
    wish: sameService ? mergeWish(current.wish, wish) : wish,
    dayPast,
    doubt,
    rescheduleOf: null,
  };
}
