/**
 * Day and time decisions of the booking flow: which days and times to offer, whether a typed day can
 * be booked at all, the free times matching or nearest to a wanted one, and when staff are next in.
 * Pure functions of the context.
 */
import { addDays, dayBounds, isoWeekday, localDay, minuteOfDay, MS_PER_MINUTE } from "./time.ts";
import type { FlowContext } from "./context.ts";
import type { SlotFact, WantedTime, Wish } from "./facts.ts";
import type { PartOfDay } from "../locales/types.ts";
import { MAX_TIME_OPTIONS, NEAREST_TIME_OPTIONS } from "./limits.ts";

/** Where each part of the day begins and ends, in minutes after midnight. */
const PART_MINUTES: Record<PartOfDay, { from: number; to: number }> = {
  morning: { from: 0, to: 12 * 60 },
  afternoon: { from: 12 * 60, to: 17 * 60 },
  evening: { from: 17 * 60, to: 24 * 60 },
};

/** The last calendar day bookable under the clinic's horizon. */
export function lastBookableDay(ctx: FlowContext): string {
  return addDays(localDay(ctx.now, ctx.clinic.timezone), ctx.clinic.horizonDays);
}

export type DayCheck =
  | { kind: "ok" }
  | { kind: "past" }
  | { kind: "beyond_horizon"; lastDay: string }
  | { kind: "closed"; weekday: number }
  | { kind: "closed_day" };

/** Whether a typed day can have free times at all (before asking the slot engine). */
export function checkDay(day: string, ctx: FlowContext): DayCheck {
  if (day < localDay(ctx.now, ctx.clinic.timezone)) return { kind: "past" };
  const lastDay = lastBookableDay(ctx);
  if (day > lastDay) return { kind: "beyond_horizon", lastDay };
  const weekday = isoWeekday(day);
  if (!ctx.clinic.openWeekdays.includes(weekday)) return { kind: "closed", weekday };
  if (ctx.clinic.closedDays.includes(day)) return { kind: "closed_day" };
  return { kind: "ok" };
}

/** What the patient is told about a day that cannot be booked, or null when it can. */
export function dayProblem(day: string, past: boolean, ctx: FlowContext): string | null {
  const check = past ? { kind: "past" as const } : checkDay(day, ctx);
  const label = ctx.fmt.day(day);
  switch (check.kind) {
    case "ok":
      return null;
    case "past":
      return ctx.t.dayPast(label);
    case "beyond_horizon":
      return ctx.t.dayBeyondHorizon(label, ctx.fmt.day(check.lastDay));
    case "closed":
      return ctx.t.dayClosed(label, ctx.t.weekdaysPlural[check.weekday - 1] ?? label);
    case "closed_day":
      return ctx.t.dayClosedDate(label);
  }
}

/** The window in which to look for free days: from now to the end of the last bookable day. */
export function horizonWindow(ctx: FlowContext): { from: string; to: string } {
  return {
    from: ctx.now.toISOString(),
    to: dayBounds(lastBookableDay(ctx), ctx.clinic.timezone).end.toISOString(),
  };
}

export function dayWindow(day: string, ctx: FlowContext): { from: string; to: string } {
  const bounds = dayBounds(day, ctx.clinic.timezone);
  return { from: bounds.start.toISOString(), to: bounds.end.toISOString() };
}

/** The slots of the chosen practitioner (all of them when the patient takes whoever is free). */
export function ofProvider(slots: readonly SlotFact[], providerId: string | null): SlotFact[] {
  return providerId === null ? [...slots] : slots.filter((slot) => slot.providerId === providerId);
}

/** Distinct local days of the slots, in order. */
export function daysOf(slots: readonly SlotFact[], ctx: FlowContext): string[] {
  const days = new Set<string>();
  for (const slot of slots) days.add(localDay(new Date(slot.startsAt), ctx.clinic.timezone));
  return [...days].sort();
}

/** One slot per start time (several practitioners may be free at once), in time order. */
export function distinctTimes(slots: readonly SlotFact[]): SlotFact[] {
  const byStart = new Map<number, SlotFact>();
  for (const slot of slots) {
    const start = Date.parse(slot.startsAt);
    if (!byStart.has(start)) byStart.set(start, slot);
  }
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([, slot]) => slot);
}

/** At most MAX_TIME_OPTIONS times spread evenly over the day, first and last included. */
export function spreadTimes(slots: readonly SlotFact[]): SlotFact[] {
  if (slots.length <= MAX_TIME_OPTIONS) return [...slots];
  const step = (slots.length - 1) / (MAX_TIME_OPTIONS - 1);
  const picked: SlotFact[] = [];
  for (let index = 0; index < MAX_TIME_OPTIONS; index += 1) {
    const slot = slots[Math.round(index * step)];
    if (slot) picked.push(slot);
  }
  return picked;
}

function slotMinute(slot: SlotFact, ctx: FlowContext): number {
  return minuteOfDay(new Date(slot.startsAt), ctx.clinic.timezone);
}

/** The slots starting in a part of the day. */
export function inPart(slots: readonly SlotFact[], part: PartOfDay, ctx: FlowContext): SlotFact[] {
  const { from, to } = PART_MINUTES[part];
  return slots.filter((slot) => {
    const minute = slotMinute(slot, ctx);
    return minute >= from && minute < to;
  });
}

/**
 * The wall-clock times a wanted time may mean: "at 3" is 3:00 and 15:00, "at 12" is noon only
 * (nobody books midnight), a certain time is itself.
 */
export function readingsOf(time: WantedTime): WantedTime[] {
  const exact = { ...time, ambiguous: false };
  if (!time.ambiguous || time.hour === 0 || time.hour >= 12) return [exact];
  return [exact, { ...exact, hour: time.hour + 12 }];
}

/** The free slot starting exactly at the wall-clock time, if any. */
export function slotAt(slots: readonly SlotFact[], time: WantedTime, ctx: FlowContext): SlotFact | null {
  const wanted = time.hour * 60 + time.minute;
  return slots.find((slot) => slotMinute(slot, ctx) === wanted) ?? null;
}

/** The slots matching the wish's time (either reading) and part of the day, ignoring the day. */
export function matchingWish(slots: readonly SlotFact[], wish: Wish, ctx: FlowContext): SlotFact[] {
  let matching = wish.part ? inPart(slots, wish.part, ctx) : [...slots];
  if (wish.time) {
    const minutes = readingsOf(wish.time).map((reading) => reading.hour * 60 + reading.minute);
    matching = matching.filter((slot) => minutes.includes(slotMinute(slot, ctx)));
  }
  if (wish.range) {
    const { from, to } = wish.range;
    matching = matching.filter((slot) => {
      const day = localDay(new Date(slot.startsAt), ctx.clinic.timezone);
      return day >= from && day <= to;
    });
  }
  return matching;
}

/** The NEAREST_TIME_OPTIONS free slots closest to the wanted time, in time order. */
export function nearestTimes(slots: readonly SlotFact[], time: WantedTime, ctx: FlowContext): SlotFact[] {
  const wanted = time.hour * 60 + time.minute;
  const distance = (slot: SlotFact) => Math.abs(slotMinute(slot, ctx) - wanted);
  return [...slots]
    .sort((a, b) => distance(a) - distance(b) || Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .slice(0, NEAREST_TIME_OPTIONS)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** How far the nearest free slot is from the wanted time, in minutes (Infinity when none is free). */
export function nearestDistance(slots: readonly SlotFact[], time: WantedTime, ctx: FlowContext): number {
  const wanted = time.hour * 60 + time.minute;
  return Math.min(...slots.map((slot) => Math.abs(slotMinute(slot, ctx) - wanted)));
}

/** Whether a wanted time on `day` is already too soon (past, or inside the clinic's notice). */
export function tooSoon(day: string, time: WantedTime, ctx: FlowContext): boolean {
  const tz = ctx.clinic.timezone;
  if (day !== localDay(ctx.now, tz)) return false;
  const earliest = new Date(ctx.now.getTime() + ctx.clinic.minNoticeMinutes * MS_PER_MINUTE);
  if (localDay(earliest, tz) !== day) return true;
  return time.hour * 60 + time.minute < minuteOfDay(earliest, tz);
}

type Clock = { hour: number; minute: number };

function clockOf(hhmm: string): Clock {
  const [hour, minute] = hhmm.split(":").map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/** Most days looked ahead for the clinic's next opening (a long holiday closure, say). */
const STAFF_LOOKAHEAD_DAYS = 14;

export type StaffAvailability =
  | { kind: "open"; until: Clock }
  | { kind: "opens"; day: string; at: Clock }
  | { kind: "unknown" };

/**
 * When staff are likely to answer: now (the clinic is open, until its closing time), or from its
 * next opening; unknown when no hours are set in the look-ahead.
 */
export function staffAvailability(ctx: FlowContext): StaffAvailability {
  const tz = ctx.clinic.timezone;
  const today = localDay(ctx.now, tz);
  const nowMinute = minuteOfDay(ctx.now, tz);
  for (let offset = 0; offset <= STAFF_LOOKAHEAD_DAYS; offset += 1) {
    const day = addDays(today, offset);
    if (ctx.clinic.closedDays.includes(day)) continue;
    const hours = ctx.clinic.hours.find((h) => h.weekday === isoWeekday(day));
    if (!hours) continue;
    const opens = clockOf(hours.opens);
    const closes = clockOf(hours.closes);
    if (offset === 0) {
      if (nowMinute < opens.hour * 60 + opens.minute) return { kind: "opens", day, at: opens };
      if (nowMinute < closes.hour * 60 + closes.minute) return { kind: "open", until: closes };
      continue;
    }
    return { kind: "opens", day, at: opens };
  }
  return { kind: "unknown" };
}
