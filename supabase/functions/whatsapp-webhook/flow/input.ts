/**
 * Reading what the patient typed: the global commands, and choosing from a numbered list by number
 * or by label text. Matching is forgiving (case, accents, punctuation, extra words like "option 2")
 * but never guesses between two labels: an ambiguous answer is no answer.
 */

export type Command = "menu" | "back" | "stop" | "staff";

const MENU_WORD = "menu";

const COMMAND_WORDS: Record<Command, readonly string[]> = {
  menu: [MENU_WORD, "main menu", "hi", "hello", "start", "0"],
  back: ["back", "go back"],
  stop: ["stop", "cancel"],
  staff: ["staff", "human", "agent"],
};

/** Shortest typed fragment that may select a label by being part of it. */
const MIN_FRAGMENT_CHARS = 3;

/** Lower case, accents and punctuation removed, whitespace collapsed. */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}:]+/gu, " ")
    .trim();
}

/**
 * Whole requests for a person, beside the bare words: the main menu's label ("Talk to staff") and
 * the ways people say it, on any screen. Only the whole message counts, so a sentence that merely
 * mentions staff ("is the staff friendly?") stays a question or an answer.
 */
const STAFF_VERBS = ["talk to", "talk with", "speak to", "speak with", "chat with"] as const;
const STAFF_WHO = [
  "staff", "the staff", "a member of staff", "a staff member", "human", "a human", "a real human",
  "person", "a person", "a real person", "someone", "somebody", "agent", "an agent", "reception",
] as const;
const STAFF_LEADS = ["", "i want to ", "i would like to ", "i d like to ", "can i ", "could i ", "let me ", "please "] as const;
const STAFF_TAILS = ["", " please"] as const;

const STAFF_PHRASES: ReadonlySet<string> = new Set([
  ...COMMAND_WORDS.staff.flatMap((word) => STAFF_TAILS.map((tail) => `${word}${tail}`)),
  ...STAFF_LEADS.flatMap((lead) =>
    STAFF_VERBS.flatMap((verb) => STAFF_WHO.flatMap((who) => STAFF_TAILS.map((tail) => `${lead}${verb} ${who}${tail}`)))
  ),
]);

export function readCommand(text: string): Command | null {
  const typed = normalize(text);
  if (STAFF_PHRASES.has(typed)) return "staff";
  for (const command of ["menu", "back", "stop"] as const) {
    if (COMMAND_WORDS[command].includes(typed)) return command;
  }
  return null;
}

/**
 * Whether the text is the word `menu` alone: the one command heard while staff have the
 * conversation (greetings such as "hi" are then meant for staff, and are left to them).
 */
export function isMenuWord(text: string): boolean {
  return normalize(text) === MENU_WORD;
}

/** A number typed alone or with a filler word: "2", "2.", "#2", "option 2", "number 2". */
function readNumber(typed: string): number | null {
  const match = /^(?:option |number |no |choice )?(\d{1,3})$/.exec(typed);
  return match ? Number(match[1]) : null;
}

/**
 * The index (0-based) of the chosen label, or null. A number must be in range; text must equal a
 * label, or (unless `exact`) be a fragment of exactly one label, or contain exactly one label.
 */
export function chooseOption(text: string, labels: readonly string[], exact = false): number | null {
  const typed = normalize(text);
  if (typed === "") return null;
  const number = readNumber(typed);
  if (number !== null) return number >= 1 && number <= labels.length ? number - 1 : null;
  const normalized = labels.map(normalize);
  const exactIndex = normalized.indexOf(typed);
  if (exactIndex >= 0 || exact) return exactIndex >= 0 ? exactIndex : null;
  const unique = (predicate: (label: string) => boolean): number | null => {
    const hits = normalized.flatMap((label, index) => (predicate(label) ? [index] : []));
    return hits.length === 1 ? (hits[0] ?? null) : null;
  };
  if (typed.length >= MIN_FRAGMENT_CHARS) {
    const fragment = unique((label) => ` ${label} `.includes(` ${typed}`));
    if (fragment !== null) return fragment;
  }
  return unique((label) => label.length >= MIN_FRAGMENT_CHARS && ` ${typed} `.includes(` ${label} `));
}

/** Yes/no words accepted at a confirmation, beside the numbered options. */
const YES_WORDS = ["yes", "y", "yeah", "yep", "ok", "okay", "sure", "confirm", "correct"];
const NO_WORDS = ["no", "n", "nope"];

export function readYesNo(text: string): "yes" | "no" | null {
  const typed = normalize(text);
  if (YES_WORDS.includes(typed)) return "yes";
  if (NO_WORDS.includes(typed)) return "no";
  return null;
}
