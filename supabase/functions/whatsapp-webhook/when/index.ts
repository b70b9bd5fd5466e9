/**
 * Reading days and times from what patients type, in English, Spanish and Brazilian Portuguese, on
 * the clinic's wall clock (never UTC, never the server's zone).
 *
 * ```ts
 * import { dateOrderFor, readWhen } from "../when/index.ts";
 * const when = readWhen("quiero una consulta el viernes a las 3", {
 *   now, timeZone: clinic.timezone, language: patient.language, dateOrder: dateOrderFor(clinic.locale),
 *   bookable: (day) => checkDay(day, ctx).kind === "ok",
 * });
 * ```
 *
 * The answer is `none` (nothing about a day or time), `unsure` (day- or time-like, but a guess could
 * be wrong: ask, offering `days` when given), or `when` with any of `day`, `range`, `time`, `part`.
 * Both `unsure` and `when` give the `spans` of text they came from (express booking reads the other
 * words for the service and provider).
 *
 * What is read (see the corpus in corpus/ for some 170 examples per language):
 * - relative days: today, tomorrow, day after tomorrow, pasado mañana, depois de amanhã, in 3 days,
 *   dentro de una semana, daqui a 2 semanas; yesterday (past);
 * - weekdays: friday, next monday, el lunes que viene, na próxima sexta, segunda-feira, last friday;
 * - days of the month: the 7th, on the 21st, el 7, el día 7, dia 7;
 * - numeric dates in the locale's order: 25/12, 3/4, 25.12, 3/4/2027, 2026-12-25;
 * - month names: december 3, 3rd of december, 3 de diciembre, 3 de dezembro;
 * - times: 10am, 10 am, 10:30, 14:30, 10.00, 10h, 15h, 15h30, at 3, às 10, a las 3, half past ten,
 *   quarter to 3, ten thirty, noon, midday, mediodía, meio-dia, midnight, las 3 y media,
 *   cuarto para las 3, quinze para as três;
 * - parts of the day: morning, friday afternoon, tonight, mañana por la mañana, de manhã, à tarde,
 *   à noite; with an hour they settle it: "a las 3 de la tarde" is 15:00, "10 de la mañana" 10:00;
 * - spans: this week, next week, la semana que viene, semana que vem, next month, this weekend;
 * - all of these inside longer sentences.
 *
 * Deliberate choices (a wrong reading is worse than none):
 * - A bare number ("2", "10") is `none`: menus use numbers and the flow reads those first. It is an
 *   hour or a day only with words that make it one ("at 2", "2pm", "dia 2", "2 de la tarde").
 * - An hour from 1 to 12 with nothing fixing the half of the day ("at 3", "10:30", "10h", "half
 *   past ten", "at 12") has `ambiguousMeridiem`: it is `hour` or (hour + 12) % 24 and the flow tries
 *   both against opening hours. "12pm" is noon; "12am" is `unsure` (people mean noon as often as
 *   midnight); "noon" and "midnight" are fixed.
 * - "15h" is 15:00, never fifteen hours from now; "in 2 hours", "in 15h" are `unsure` (a duration).
 * - `unsure` also: "next friday" while Friday is still ahead this week or is tomorrow, and any
 *   English "next <weekday>" said on a Sunday (speakers disagree on which week is "next"); "friday"
 *   or "this friday" said on a Friday; "this monday" once Monday has passed; "the 7th" said on the
 *   7th; a day the month lacks ("the 31st" in November, "30 de febrero"); "this week" or "next week"
 *   said on a Sunday (weeks start on Sunday in the US, Mexico and Brazil, on Monday elsewhere); "this
 *   weekend" on a Sunday and "next weekend" on a weekday; a weekday that does not match its date
 *   ("friday the 5th"); two different days, times or parts ("monday or tuesday", "10 or 11am",
 *   "de 3 a 5"); a time and part that disagree ("3pm in the morning", "11 de la tarde", "12 in the
 *   morning"); limits ("after 3pm", "before friday", "hasta el lunes", "a partir das 14h", "see you
 *   tomorrow"); negations ("not tomorrow", "no puedo el lunes", "amanhã não"); "10.12" (10:12 or
 *   10 December) without a word saying which; English "friday 4" (the 4th, or at 4?); recurring
 *   days ("mondays", "los lunes", "às sextas").
 * - "next <weekday>" when its day has passed this week is that weekday next week; "next friday" on
 *   a Friday is a week from today. "this <weekday>" still ahead this week is that day.
 * - A date without a year is its next occurrence ("3 January" on 20 December is next year's),
 *   unless it passed within the last month: "21/11" on 22 November is yesterday, `past`, so the
 *   flow can say so. "the 7th" is the next 7th.
 * - A numeric date follows the clinic's locale (dateOrderFor); when only the other order makes a
 *   date ("12/25" day first) that is taken; when both do and the locale's reading is past while the
 *   other is bookable (ctx.bookable), the bookable one is taken.
 * - "this week" runs from today to Sunday; "next week" is Monday to Sunday (ISO weeks). A span
 *   and a day are never both set: "friday next week" is that Friday.
 * - Greetings are not parts of the day ("good morning", "buenas tardes", "boa noite").
 * - Spanish "mañana" alone is tomorrow; "la mañana", "por la mañana", "de la mañana" the morning.
 */
export type { DateOrder, Day, Language, PartOfDay, Span, TimeOfDay, UnsureReason, When, WhenContext } from "./types.ts";
export { readWhen } from "./read-when.ts";
export { dateOrderFor } from "./date-order.ts";
