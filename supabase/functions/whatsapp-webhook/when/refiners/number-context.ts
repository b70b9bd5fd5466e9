/**
 * Bare numbers read in context, after overlaps are settled:
 * - a number just before a part of the day is an hour: "3 de la tarde", "10 de la mañana",
 *   "three in the afternoon", "8 da noite" (chrono's es locale loses the hour of "10 de la mañana");
 * - a number just after a weekday is its day of the month in Spanish and Portuguese ("el viernes 4",
 *   "sexta, 4"); in English "friday 4" may be the 4th or 4 o'clock: unsure;
 * - a number joined to a time or a day by "or", "to", "-", "a", "ou"… is a choice or a span:
 *   "10 or 11am", "3-4pm", "de 3 a 5 de la tarde", "del 3 al 5 de diciembre": unsure, where reading
 *   only the end that has a unit would be wrong.
 */
import type { Refiner } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { HOURS_PER_HALF_DAY } from "../parsers/clock.ts";
import { dayOfMonthPieces } from "../parsers/day-of-month.ts";
import type { ReadSettings } from "../parsers/parser.ts";
import { type PieceResult, unsure } from "../pieces.ts";
import { resolveDayOfMonth } from "../resolve/day-of-month.ts";
import { anyOf } from "../text/patterns.ts";
import { has, mergeNeighbours, only, pieceResults } from "./results.ts";

const compiled = perWords((words) => ({
  joined: new RegExp(`^\\s*${anyOf(words.joiners)}\\s*$`, "iu"),
  joinedOrNothing: new RegExp(`^\\s*(?:${anyOf(words.joiners)})?\\s*$`, "iu"),
}));

const SPACE = /^\s*$/u;
const AFTER_WEEKDAY = /^\s*,?\s*(?:the\s+)?$/u;

const isDay = (result: PieceResult) => has(result, "day", "weekday", "range");
const isTime = (result: PieceResult) => has(result, "time");

export function numberContextRefiner(settings: ReadSettings): Refiner {
  const table = compiled(settings.words);
  return {
    refine(context, results) {
      let list = pieceResults(results);
      list = mergeNeighbours(context, list, (left, right, between) => {
        const number = only(left, "number");
        const part = only(right, "part");
        if (!number || !part || number.value > HOURS_PER_HALF_DAY || !SPACE.test(between)) return null;
        return [{ kind: "time", time: { hour: number.value, minute: 0, ambiguousMeridiem: true } }, part];
      });
      list = mergeNeighbours(context, list, (left, right, between) => {
        const weekday = only(left, "weekday");
        const number = only(right, "number");
        if (!weekday || !number || !AFTER_WEEKDAY.test(between)) return null;
        if (settings.language === "en") return [unsure("weekday_and_number")];
        return [weekday, ...dayOfMonthPieces(resolveDayOfMonth(settings.today, number.value))];
      });
      return mergeNeighbours(context, list, (left, right, between) => {
        const numberFirst = only(left, "number") !== null;
        const numberLast = only(right, "number") !== null;
        if (numberFirst && isTime(right) && table.joinedOrNothing.test(between)) return [unsure("several_times")];
        if (numberFirst && isDay(right) && table.joined.test(between)) return [unsure("several_days")];
        if (numberLast && isTime(left) && table.joined.test(between)) return [unsure("several_times")];
        if (numberLast && isDay(left) && table.joined.test(between)) return [unsure("several_days")];
        return null;
      });
    },
  };
}
