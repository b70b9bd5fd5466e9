/**
 * What one language must provide, checked by the compiler: every text a patient can see, the words
 * the flow reads (commands, yes/no, intent phrases), and the language's own names. A bundle is
 * declared `satisfies LocaleBundle`, so a missing text or word list fails to compile. Texts take
 * values already formatted for the clinic's locale (locales/format.ts); they never format dates.
 */
import type { RefusalReason } from "../flow/events.ts";
import type { TemplateKind } from "../../../../shared/templates/placeholders.ts";

export const LANGUAGES = ["en", "es", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Global commands (ARCHITECTURE.md "Conversation conventions"), plus the language choice. */
export type CommandWord = "menu" | "back" | "stop" | "staff";

/** What a patient may mean in their own words, read in this order of precedence. */
export const INTENT_KINDS = [
  "opt_out", "opt_in", "staff", "cancel", "reschedule", "appointments", "thanks", "goodbye", "greeting", "book",
] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

export type PartOfDay = "morning" | "afternoon" | "evening";

/**
 * Words as the flow compares them: lower case, no accents or punctuation, single spaces
 * (flow/choose.ts `normalize`). Phrases are whole messages: an optional greeting, an optional
 * lead ("i d like to"), one core ("book an appointment"), an optional tail ("please").
 */
export interface Words {
  /** Whole-message commands. `menu` includes greetings that mean "start" (hi, hello). */
  commands: Readonly<Record<CommandWord, readonly string[]>>;
  /** The bare word that, while staff have the conversation, hands it back to the assistant. */
  menuWord: string;
  /** Words that open the language choice ("language", "idioma"). */
  language: readonly string[];
  /** Every language's name as written in this one ("spanish", "espanol"): alone, they switch to it. */
  languageNames: Readonly<Record<Language, readonly string[]>>;
  yes: readonly string[];
  no: readonly string[];
  /** Small words that tie a named service, practitioner, day or time into a sentence ("at", "with"). */
  connectors: readonly string[];
  /** Titles written before practitioners' names ("dr", "nurse"). */
  titles: readonly string[];
  /** Openings and closings that may wrap any intent ("i would like to", "please"). */
  leads: readonly string[];
  tails: readonly string[];
  /** The core phrases of each intent. */
  intents: Readonly<Record<IntentKind, readonly string[]>>;
  /**
   * Words that make a need for staff urgent (the alert goes out at once, even outside the clinic's
   * alert hours), matched as whole words or phrases of a patient's message ("pain", "emergency").
   */
  urgent: readonly string[];
  /** What staff send from an alert phone to give a chat back to the assistant ("bot", "menu"). */
  handBack: readonly string[];
  /**
   * A bare "stop" in this language. Sent as the answer to a reminder or notice (the chat rests where
   * that message left it), it asks whether to stop them; anywhere else it is the stop command.
   */
  bareStop: readonly string[];
}

export type MenuIntro = "hello" | "welcome_back" | "updated" | "plain";

/** Every text a patient sees. `list` arguments are numbered choice lists, already rendered. */
export interface Texts {
  /** This language's name in itself, for the language choice ("Español"). */
  languageName: string;
  menuLabels: Readonly<Record<"book" | "appointments" | "question" | "staff" | "language", string>>;
  confirmLabels: Readonly<Record<"confirm" | "other_time" | "other_name", string>>;
  appointmentActionLabels: Readonly<Record<"reschedule" | "cancel", string>>;
  cancelLabels: Readonly<Record<"yes" | "no", string>>;
  anyProvider: string;
  /** "in the morning", for what the days or times were chosen for. */
  inPart: Readonly<Record<PartOfDay, string>>;
  /** "at 10:00 AM", likewise. */
  atTime(time: string): string;
  /** "Mon, Nov 23 at 9:00 AM". */
  dayAt(day: string, time: string): string;
  /** Plural weekday names, Monday first ("Mondays"), for "we're closed on Sundays". */
  weekdaysPlural: readonly [string, string, string, string, string, string, string];

  menu(clinicName: string, intro: MenuIntro, list: string): string;
  languageSwitched: string;
  pickLanguage(list: string): string;

  nothingToStop: string;
  stoppedBooking: string;
  stoppedRescheduling(when: string): string;
  appointmentsUnchanged: string;

  serviceLabel(name: string, minutes: number): string;
  pickService(list: string, provider: string | null): string;
  pickProvider(service: string, list: string): string;
  providerDoesNotOffer(provider: string, service: string): string;
  noFreeDays(service: string, horizonDays: number): string;
  /** `looking`: what the days were chosen for ("10:00 AM", "mornings"), or null. */
  pickDay(service: string, provider: string | null, list: string, looking: string | null, dateExample: string): string;
  noDaysMatching(looking: string, horizonDays: number): string;
  noDaysInRange(from: string, to: string): string;
  pickTime(day: string, list: string, timeExamples: readonly [string, string]): string;
  /** `part` is an inPart text. */
  noTimesInPart(part: string, day: string): string;
  whichReading(day: string): string;
  dayPast(day: string): string;
  dayBeyondHorizon(day: string, lastDay: string): string;
  dayClosed(day: string, weekdayPlural: string): string;
  dayClosedDate(day: string): string;
  dayFull(day: string): string;
  timePast(time: string): string;
  timeNotFree(time: string, day: string): string;
  nearestTimes(day: string, list: string): string;
  /** A day or time the reader could not be sure of, with examples of how to type one. */
  whenUnsure(about: "day" | "time" | "day_or_time", dateExample: string, timeExample: string): string;
  /** Above the candidate days of an unclear one ("next friday" on a Monday), offered as choices. */
  whichDayUnsure: string;

  confirmBooking(details: { service: string; provider: string; when: string; name: string | null; holdMinutes: number; list: string }): string;
  /** `provider`: the appointment's practitioner; `newProvider`: the new time's, when another (else null). */
  confirmReschedule(
    details: { service: string; provider: string; newProvider: string | null; from: string; to: string; holdMinutes: number; list: string },
  ): string;
  askBookingName: string;
  bookingConfirmed(service: string, provider: string, when: string): string;
  rescheduleConfirmed(service: string, provider: string, when: string): string;
  slotTaken: string;
  holdExpired(holdMinutes: number): string;
  refused(reason: RefusalReason): string;

  appointmentLabel(service: string, provider: string, when: string): string;
  appointments(purpose: "view" | "cancel" | "reschedule", list: string): string;
  noAppointments: string;
  appointmentActions(service: string, provider: string, when: string, list: string): string;
  confirmCancel(service: string, provider: string, when: string, list: string): string;
  cancelled(service: string, when: string): string;
  kept: string;

  /** The answers to a reminder: coming, cancel, another time. */
  visitLabels: Readonly<Record<"confirm" | "cancel" | "reschedule", string>>;
  /** The reminder's question again (after `back`, or an answer it could not use). */
  confirmVisit(service: string, provider: string, when: string, list: string): string;
  visitConfirmed(service: string, provider: string, when: string): string;
  /** Answering a reminder whose visit has begun or passed. */
  visitPassed(when: string): string;

  /** "Stop reminders and notices?", with the yes / no choices. */
  optOutQuestion(clinic: string, list: string): string;
  optOutLabels: Readonly<Record<"yes" | "no", string>>;
  optedOut: string;
  alreadyOptedOut: string;
  optedIn: string;
  alreadyOptedIn: string;
  /** "No" to the question (also what leaving it means). */
  optOutKept: string;

  askQuestion: string;
  answerFollowUp(atMenu: boolean): string;
  noAnswer: string;
  /** `availability` is one of the staff* sentences below. */
  handoff(availability: string): string;
  staffOpenNow(until: string): string;
  staffOpensAt(when: string): string;
  staffSoon: string;
  youreWelcome: string;
  goodbye: string;
  invalid: string;
  invalidName(maxChars: number): string;
  cooloff(minutes: number): string;
  /** Sent once, on the first message over the clinic's per-minute limit; the rest of the flood is silent. */
  slowDown: string;
}

/** Why an appointment must be rebooked (the view appointments_to_rebook's reason). */
export type RebookReason = "closed" | "provider_away" | "blocked" | "provider_inactive" | "outside_hours";

/** How a rebook offer lets the patient choose. */
export type RebookChoice =
  /** Numbered times (`list`, rendered) the patient answers by number: the chat waits in "choose a new time". */
  | { kind: "numbered"; day: string; list: string; provider: string | null }
  /** The chat is busy (or not with the bot): point to the menu instead of numbers it would misread. */
  | { kind: "via_menu"; day: string | null }
  /** No free time for the service within the booking horizon. */
  | { kind: "none" };

/** The kinds whose wording the assistant has its own default for: every template kind but campaigns, which staff write. */
export type DefaultTemplateKind = Exclude<TemplateKind, "campaign">;

/**
 * Every message the clinic sends first (outbox kinds, written when the bot claims them), in the
 * patient's language. `templates` is the assistant's own wording of each kind, with the same
 * placeholders as the clinic's templates (message_templates; shared/templates/placeholders.ts),
 * used when the clinic has none in the reader's language. What the conversation answers (numbered
 * choices, how to reply) is appended by outbox/render.ts from the rest, never part of a template.
 */
export interface NoticeTexts {
  templates: Readonly<Record<DefaultTemplateKind, string>>;
  /** `{reason}` of a rebook offer: why the appointment cannot go ahead ("the clinic is closed then"). */
  rebookReason(reason: RebookReason, provider: string): string;
  /** After a rebook offer: how to choose a new time. */
  rebookChoice(choice: RebookChoice): string;
  /** After a reminder to an idle chat: the numbered answers (`list`, rendered) and how to answer. */
  reminderChoices(list: string): string;
  /** After a reminder to a chat busy with something else (or with staff): how to change it later. */
  reminderViaMenu: string;
  /** After a reminder of an appointment the patient (or staff) already confirmed. */
  reminderConfirmed: string;
}

/** Why a patient needs staff (staff_alerts.reason). */
export type AlertReason = "asked_for_staff" | "cooloff" | "message_failed";

/**
 * Everything staff read on their alert phone, in their alert language: alerts, a patient's messages
 * forwarded to whoever answers them, and the answers to what staff send from the phone. `patient`
 * arrives as a label ("Ana Lopez (+1 555 010 7711)"), `reference` without its "#".
 */
export interface StaffTexts {
  /** A patient with no name, WhatsApp name or number to show. */
  somePatient: string;
  alert(alert: { patient: string; reference: string; reason: AlertReason; urgent: boolean; lastMessage: string | null }): string;
  forwarded(patient: string, reference: string, text: string): string;
  /** The answer that made this person the one answering the patient from the phone. */
  sent(patient: string, reference: string): string;
  /** `owner`: the colleague who answered first (their display name), null when unnamed. */
  taken(patient: string, reference: string, owner: string | null): string;
  handedBack(patient: string, reference: string): string;
  alreadyWithBot(patient: string, reference: string): string;
  /** `list`: one "#REF patient" line per chat this person has. */
  ambiguous(list: string): string;
  empty(reference: string): string;
  help: string;
}

export interface LocaleBundle {
  language: Language;
  /** The language's name in English, for Claude's instructions ("Brazilian Portuguese"). */
  englishName: string;
  /** The locale used for dates when the clinic's own locale is in another language with no region. */
  defaultLocale: string;
  words: Words;
  texts: Texts;
  notices: NoticeTexts;
  staff: StaffTexts;
}
