/**
 * From the readings chrono leaves (each a day, a weekday, a span, a time, a part of the day, or an
 * unsure) to one When. They must agree: two different days, times or parts are unsure
 * ("monday or tuesday", "at 10 or 10:30"); a weekday must match the date it comes with ("friday the
 * 4th"), or picks its day inside the span it comes with ("monday next week"); a part of the day
 * settles an ambiguous hour ("a las 3 de la tarde" is 15:00, "tomorrow morning at 10" is 10:00)
 * and must agree with a fixed one ("3pm in the morning" is unsure).
 */
import { addDays, daysBetween, DAYS_PER_WEEK, isoWeekday, weekStart } from "./calendar/days.ts";
import { type Piece, type PieceResult, type Unsure, unsure } from "./pieces.ts";
import type { Day, PartOfDay, TimeOfDay, When } from "./types.ts";
import { HOURS_PER_HALF_DAY, NOON } from "./parsers/clock.ts";

type Of<K extends Piece["kind"]> = Extract<Piece, { kind: K }>;

function ofKind<K extends Piece["kind"]>(pieces: readonly Piece[], kind: K): Of<K>[] {
  return pieces.filter((piece): piece is Of<K> => piece.kind === kind);
}

function distinct<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}

/**
 * The days a span covers when a day is named with it: a week counts whole even where "this week"
 * starts today, so "monday this week" on a Wednesday is that Monday (past).
 */
function coveredFrom(range: Of<"range">): Day {
  return daysBetween(range.from, range.to) < DAYS_PER_WEEK ? weekStart(range.from) : range.from;
}

function covers(range: Of<"range">, day: Day): boolean {
  return day >= coveredFrom(range) && day <= range.to;
}

/** The days a weekday names inside a span: "monday next week" (one), "a monday next month" (several). */
function weekdayIn(range: Of<"range">, weekday: number): Day[] {
  const days: Day[] = [];
  for (let day = coveredFrom(range); day <= range.to; day = addDays(day, 1)) {
    if (isoWeekday(day) === weekday) days.push(day);
  }
  return days;
}

type DayOutcome = { day: Day | null; range: Of<"range"> | null } | Unsure;

function dayOf(pieces: readonly Piece[]): DayOutcome {
  const days = distinct(ofKind(pieces, "day").map((piece) => piece.day), (day) => day);
  const weekdays = distinct(ofKind(pieces, "weekday"), (piece) => String(piece.weekday));
  const ranges = distinct(ofKind(pieces, "range"), (piece) => `${piece.from}/${piece.to}`);
  if (days.length > 1) return unsure("several_days", days.sort());
  if (weekdays.length > 1 || ranges.length > 1) return unsure("several_days");
  const [day] = days;
  const [weekday] = weekdays;
  const [range] = ranges;
  if (day !== undefined && range && !covers(range, day)) return unsure("several_days");
  if (weekday && day !== undefined) {
    return isoWeekday(day) === weekday.weekday ? { day, range: null } : unsure("weekday_mismatch");
  }
  if (weekday && range) {
    const inside = weekdayIn(range, weekday.weekday);
    if (inside.length === 1 && inside[0] !== undefined) return { day: inside[0], range: null };
    return inside.length > 1 ? unsure("several_days", inside) : unsure("weekday_mismatch");
  }
  if (weekday) return weekday.reading.kind === "day" ? { day: weekday.reading.day, range: null } : weekday.reading;
  return day !== undefined ? { day, range: null } : { day: null, range: range ?? null };
}

/** The hours an ambiguous time may be. */
function hoursOf(time: TimeOfDay): number[] {
  const base = time.hour % HOURS_PER_HALF_DAY;
  return time.ambiguousMeridiem ? [base, base + HOURS_PER_HALF_DAY] : [time.hour];
}

function timeOf(pieces: readonly Piece[]): TimeOfDay | null | Unsure {
  let agreed: TimeOfDay | null = null;
  for (const { time } of ofKind(pieces, "time")) {
    if (agreed === null) {
      agreed = time;
      continue;
    }
    const common = hoursOf(agreed).filter((hour) => hoursOf(time).includes(hour));
    if (time.minute !== agreed.minute || common.length === 0) return unsure("several_times");
    if (agreed.ambiguousMeridiem && !time.ambiguousMeridiem) agreed = time;
  }
  return agreed;
}

/** Hours a part of the day takes ("7 de la tarde" is 19:00, "9 de la noche" 21:00). */
const PART_HOURS: Record<PartOfDay, { from: number; to: number }> = {
  morning: { from: 0, to: 11 },
  afternoon: { from: 12, to: 20 },
  evening: { from: 17, to: 23 },
};

function withPart(time: TimeOfDay, part: PartOfDay): TimeOfDay | Unsure {
  const window = PART_HOURS[part];
  const fits = hoursOf(time).filter((hour) => hour >= window.from && hour <= window.to);
  // "12 in the morning" or "12 at night": noon or midnight, the part does not say.
  const twelve = time.ambiguousMeridiem && time.hour === NOON && part !== "afternoon";
  const [hour] = fits;
  if (fits.length !== 1 || hour === undefined || twelve) return unsure("time_part_mismatch");
  return { hour, minute: time.minute, ambiguousMeridiem: false };
}

export function assemble(results: readonly PieceResult[], today: Day): When {
  const pieces = results.flatMap((result) => result.pieces);
  if (pieces.length === 0) return { kind: "none" };
  const spans = results.map((result) => ({ index: result.index, length: result.text.length }));
  const asked = (doubt: Unsure): When => ({ ...doubt, spans });
  const firstUnsure = ofKind(pieces, "unsure")[0];
  if (firstUnsure) return asked(firstUnsure);

  const day = dayOf(pieces);
  if ("kind" in day) return asked(day);
  let time = timeOf(pieces);
  if (time !== null && "kind" in time) return asked(time);
  const parts = distinct(ofKind(pieces, "part").map((piece) => piece.part), (part) => part);
  if (parts.length > 1) return asked(unsure("several_parts"));
  const [part = null] = parts;
  if (time !== null && part !== null) {
    const settled = withPart(time, part);
    if ("kind" in settled) return asked(settled);
    time = settled;
  }
  return {
    kind: "when",
    day: day.day === null ? null : { day: day.day, past: day.day < today },
    range: day.range === null ? null : { from: day.range.from, to: day.range.to },
    time,
    part,
    spans,
  };
}
