/**
 * readWhen: the day and time a patient's text names, on the clinic's wall clock. The text is folded
 * (text/fold.ts), read by chrono with our configuration (chrono-config.ts), and the readings are
 * put together (assemble.ts). The clinic's today and UTC offset come from Intl and the clinic's
 * zone, so the server's zone never matters.
 */
import { wallClock } from "./calendar/clinic-clock.ts";
import { whenChrono } from "./chrono-config.ts";
import { assemble } from "./assemble.ts";
import { WORDS } from "./lang/index.ts";
import { pieceResults } from "./refiners/results.ts";
import { fold } from "./text/fold.ts";
import type { When, WhenContext } from "./types.ts";

export function readWhen(text: string, ctx: WhenContext): When {
  const clock = wallClock(ctx.now, ctx.timeZone);
  const chrono = whenChrono({
    today: clock.day,
    language: ctx.language,
    words: WORDS[ctx.language],
    dateOrder: ctx.dateOrder,
    bookable: ctx.bookable,
  });
  const results = chrono.parse(fold(text), { instant: ctx.now, timezone: clock.offsetMinutes });
  return assemble(pieceResults(results), clock.day);
}
