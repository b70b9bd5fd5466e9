/**
 * Day and time decisions of the booking flow: which days and times to offer, whether a typed day can
 * be booked at all, and the free times nearest to a typed one. Pure functions of the context.
 */
import { addDays, dayBounds, isoWeekday, localDay, minuteOfDay, MS_PER_MINUTE } from "./time.ts";
import type { FlowContext, SlotFact, WantedTime } from "./types.ts";
import { MAX_TIME_OPTIONS, NEAREST_TIME_OPTIONS } from "./limits.ts";

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

/** Distinct local days of the slots, in order. */
export function daysOf(slots: readonly SlotFact[], ctx: FlowContext): string[] {
  const days = new Set<string>();
  for (const slot of slots) days.add(localDay(new Date(slot.startsAt), ctx.clinic.timezone));
  return [...days].sort();
}

/** One slot per start time (several providers may be free at once), in time order. */
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

function wantedMinute(time: WantedTime): number {
  return time.hour * 60 + time.minute;
}

/** The free slot starting exactly at the typed wall-clock time, if any. */
export function slotAt(slots: readonly SlotFact[], time: WantedTime, ctx: FlowContext): SlotFact | null {
  const wanted = wantedMinute(time);
  return slots.find((slot) => minuteOfDay(new Date(slot.startsAt), ctx.clinic.timezone) === wanted) ?? null;
}

/** The NEAREST_TIME_OPTIONS free slots closest to the typed time, in time order. */
export function nearestTimes(slots: readonly SlotFact[], time: WantedTime, ctx: FlowContext): SlotFact[] {
  const wanted = wantedMinute(time);
  const distance = (slot: SlotFact) => Math.abs(minuteOfDay(new Date(slot.startsAt), ctx.clinic.timezone) - wanted);
  return [...slots]
    .sort((a, b) => distance(a) - distance(b) || Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .slice(0, NEAREST_TIME_OPTIONS)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** Whether a typed time on `day` is already too soon (past, or inside the clinic's notice). */
export function tooSoon(day: string, time: WantedTime, ctx: FlowContext): boolean {
  const tz = ctx.clinic.timezone;
  if (day !== localDay(ctx.now, tz)) return false;
  const earliest = new Date(ctx.now.getTime() + ctx.clinic.minNoticeMinutes * MS_PER_MINUTE);
  if (localDay(earliest, tz) !== day) return true;
  return wantedMinute(time) < minuteOfDay(earliest, tz);
}
