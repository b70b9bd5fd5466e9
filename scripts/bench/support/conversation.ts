/**
 * A patient's full conversation with the demo clinic, as the flow is now: book (menu → service →
 * day → time → confirm), list their appointments, reschedule, cancel, ask a question, say thanks.
 * The patient reads each reply and chooses from its numbered options at random (so concurrent
 * patients spread over days and times as people do), and checks that the reply is the one this
 * step expects: a benchmark of wrong answers would measure nothing. Transport-agnostic: the
 * benchmarks speak to the function over HTTP, the reliability run through the bot on a fake socket.
 *
 * 17 messages when no time is taken meanwhile, at most 20 with retries: under the clinic's limit of
 * 20 messages a minute, so a patient sending as fast as answered is never throttled. (One more when
 * a patient who started over has two appointments to choose from when cancelling.)
 */

/** The steps of the conversation, as benchmarks report them. */
export const STEPS = [
  "greeting",
  "menu: book",
  "service → free days",
  "day → free times",
  "time → hold",
  "time → hold (taken, again)",
  "confirm booking",
  "menu",
  "my appointments",
  "pick appointment",
  "reschedule → free days",
  "day → free times (reschedule)",
  "time → hold (reschedule)",
  "confirm reschedule",
  "cancel (typed)",
  "confirm cancel",
  "FAQ question",
  "thanks",
] as const;
export type Step = (typeof STEPS)[number];

/** Sends one message as the patient and resolves with the clinic's reply text. */
export type Say = (text: string, step: Step) => Promise<string>;

/** Questions the demo clinic's FAQ answers (supabase/seed.sql). */
export const FAQ_QUESTIONS = [
  "Is there parking?",
  "What are your opening hours?",
  "Which insurance do you accept?",
  "How much does a visit cost?",
  "Where is the clinic?",
  "What should I bring to my appointment?",
] as const;

/** How many times a patient picks another time after "someone else just took that time". */
const MAX_TIME_ATTEMPTS = 3;
/** Days offered are chosen among the first few, as patients mostly want a visit soon. */
const DAYS_CONSIDERED = 7;

export class UnexpectedReply extends Error {
  override readonly name: string = "UnexpectedReply";
  constructor(
    readonly step: Step,
    readonly reply: string,
    expected: string,
  ) {
    super(`${step}: expected ${expected}, got: ${reply.slice(0, 160).replace(/\n/g, " ⏎ ")}`);
  }
}

/**
 * Every time the patient chose was taken by someone else before they could hold it, or the day they
 * chose filled up after it was listed: what a busy clinic answers, not a wrong answer. Runs report
 * these apart from unexpected replies.
 */
export class EveryTimeTaken extends UnexpectedReply {
  override readonly name = "EveryTimeTaken";
}

export interface Choice {
  number: number;
  label: string;
}

/** The numbered choices of a reply: `N. label` lines. */
export function choices(reply: string): Choice[] {
  return [...reply.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => ({ number: Number(m[1]), label: m[2] ?? "" }));
}

function numberOf(reply: string, step: Step, labelPrefix: string): string {
  const found = choices(reply).find((c) => c.label.startsWith(labelPrefix));
  if (found === undefined) throw new UnexpectedReply(step, reply, `a choice "${labelPrefix}"`);
  return String(found.number);
}

function randomNumber(reply: string, step: Step, random: () => number, within = Number.POSITIVE_INFINITY): string {
  const options = choices(reply).slice(0, within);
  if (options.length === 0) throw new UnexpectedReply(step, reply, "numbered choices");
  return String(options[Math.floor(random() * options.length)]!.number);
}

function expect(reply: string, step: Step, pattern: RegExp): string {
  if (!pattern.test(reply)) throw new UnexpectedReply(step, reply, String(pattern));
  return reply;
}

const TIMES = /^\d+\. \d{1,2}:\d{2} (AM|PM)$/m;
/** The clinic's question when the patient has several upcoming appointments (locales/en). */
const WHICH_TO_CANCEL = /Which appointment would you like to cancel\?/;
/** The clinic's answer when the chosen time went to someone else (locales/en: slotTaken). */
const TAKEN = /someone else just took that time/;
/** …and that day has nothing left, so the days are offered again (locales/en: dayFull, pickDay). */
const DAY_FILLED = /no free times left on[\s\S]*which day suits you\?/;

/**
 * From a list of free times to a held one: picks at random, and again (up to MAX_TIME_ATTEMPTS)
 * when someone else took it meanwhile and the nearest free times are offered instead.
 */
async function hold(say: Say, times: string, steps: { first: Step; again: Step }, confirm: RegExp, random: () => number): Promise<string> {
  let list = times;
  for (let attempt = 1; ; attempt += 1) {
    const step = attempt === 1 ? steps.first : steps.again;
    const reply = await say(randomNumber(list, step, random), step);
    if (confirm.test(reply)) return reply;
    // The last free time of that day went to someone else meanwhile: a busy clinic, as below.
    if (TAKEN.test(reply) && DAY_FILLED.test(reply)) throw new EveryTimeTaken(step, reply, "a held time (the day filled up meanwhile)");
    if (!TIMES.test(reply)) throw new UnexpectedReply(step, reply, String(confirm));
    if (attempt >= MAX_TIME_ATTEMPTS) throw new EveryTimeTaken(step, reply, `a held time within ${MAX_TIME_ATTEMPTS} choices`);
    list = reply;
  }
}

/** A day's free times; a day that filled up since it was listed is a busy clinic (EveryTimeTaken). */
function freeTimes(reply: string, step: Step): string {
  if (DAY_FILLED.test(reply)) throw new EveryTimeTaken(step, reply, "free times (the day filled up since it was listed)");
  return expect(reply, step, /Free times on/);
}

/** The whole conversation; throws UnexpectedReply (or the transport's error) at the first wrong step. */
export async function fullConversation(say: Say, random: () => number = Math.random): Promise<void> {
  const menu = expect(await say("hi", "greeting"), "greeting", /^1\. Book an appointment$/m);
  const services = expect(await say(numberOf(menu, "menu: book", "Book an appointment"), "menu: book"), "menu: book", /Which service would you like\?/);
  const days = expect(await say(randomNumber(services, "service → free days", random), "service → free days"), "service → free days", /which day suits you\?/);
  const times = freeTimes(await say(randomNumber(days, "day → free times", random, DAYS_CONSIDERED), "day → free times"), "day → free times");
  const summary = await hold(say, times, { first: "time → hold", again: "time → hold (taken, again)" }, /^\*Please confirm\*/m, random);
  expect(await say(numberOf(summary, "confirm booking", "Confirm"), "confirm booking"), "confirm booking", /is \*confirmed\*/);

  const again = expect(await say("menu", "menu"), "menu", /^1\. Book an appointment$/m);
  const list = expect(await say(numberOf(again, "my appointments", "My appointments"), "my appointments"), "my appointments", /Your upcoming appointments/);
  const actions = expect(await say(randomNumber(list, "pick appointment", random), "pick appointment"), "pick appointment", /^\d+\. Reschedule$/m);
  const newDays = expect(
    await say(numberOf(actions, "reschedule → free days", "Reschedule"), "reschedule → free days"),
    "reschedule → free days",
    /which day suits you\?/,
  );
  const newTimes = freeTimes(
    await say(randomNumber(newDays, "day → free times (reschedule)", random, DAYS_CONSIDERED), "day → free times (reschedule)"),
    "day → free times (reschedule)",
  );
  const move = await hold(say, newTimes, { first: "time → hold (reschedule)", again: "time → hold (taken, again)" }, /^Move your /m, random);
  expect(await say(numberOf(move, "confirm reschedule", "Confirm"), "confirm reschedule"), "confirm reschedule", /now \*confirmed\*/);

  // A patient who started over after a busy clinic turned them away may have another appointment
  // left from before: the clinic then asks which one, and the patient picks one.
  let question = await say("I need to cancel my appointment", "cancel (typed)");
  if (WHICH_TO_CANCEL.test(question)) question = await say(randomNumber(question, "cancel (typed)", random), "cancel (typed)");
  expect(question, "cancel (typed)", /^Cancel your /m);
  expect(await say(numberOf(question, "confirm cancel", "Yes, cancel it"), "confirm cancel"), "confirm cancel", /\*cancelled\*/);

  const faq = FAQ_QUESTIONS[Math.floor(random() * FAQ_QUESTIONS.length)]!;
  expect(await say(faq, "FAQ question"), "FAQ question", /^(?!Sorry, I didn't get that)(?![\s\S]*don't have an answer)[\s\S]+/);
  expect(await say("thank you", "thanks"), "thanks", /You're welcome/);
}
