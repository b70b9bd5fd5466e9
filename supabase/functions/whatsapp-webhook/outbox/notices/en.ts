/**
 * The clinic's own messages in English. WhatsApp formatting (*bold*), facts pre-formatted by the
 * renderer. The main menu and its labels come from the assistant's replies, so a hand-back shows
 * exactly the menu the patient's next answer is read against.
 */
import { en as replies } from "../../replies/en.ts";
import { numbered } from "../../replies/format.ts";
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { AppointmentWords, NoticeTexts, RebookChoice, RebookReason } from "./types.ts";

const MY_APPOINTMENTS = replies.menuLabels[1];

function because(reason: RebookReason, provider: string): string {
  switch (reason) {
    case "closed":
      return "the clinic is closed then";
    case "provider_away":
      return `${provider} is away then`;
    case "blocked":
      return "that time is no longer available";
    case "provider_inactive":
      return `${provider} is no longer taking appointments`;
    case "outside_hours":
      return `${provider} no longer works at that time`;
    default:
      return assertNever(reason);
  }
}

function rebookChoice(choice: RebookChoice): string {
  switch (choice.kind) {
    case "numbered":
      return `The first free times, on *${choice.day}*:\n\n${numbered(choice.times)}\n\n` +
        "Reply with a number to move your appointment there, or type another day. Reply *staff* to talk to us.";
    case "via_menu":
      return `To choose a new time, reply *menu*, then *${MY_APPOINTMENTS}*` +
        `${choice.day === null ? "" : ` (the first free times are on ${choice.day})`}. Or reply *staff* to talk to us.`;
    case "none":
      return "There are no free times in the coming days, so please reply *staff* and our team will help you.";
    default:
      return assertNever(choice);
  }
}

export const en: NoticeTexts = {
  reminder: (clinic, a: AppointmentWords) =>
    `Reminder: your *${a.service}* at ${clinic} is on *${a.when}*. Reply *menu* to see or change your appointments.`,

  appointmentCancelled: (clinic, a) =>
    `Your *${a.service}* with ${a.provider} on *${a.when}* has been cancelled by ${clinic}. ` +
    "Reply *menu* to book another time, or *staff* to talk to us.",

  appointmentMoved: (clinic, a, previous) => {
    const newProvider = previous.provider === a.provider ? "" : ` with ${a.provider}`;
    const oldProvider = previous.provider === a.provider ? "" : ` with ${previous.provider}`;
    return `${clinic} has moved your *${a.service}* to *${a.when}*${newProvider} (it was ${previous.when}${oldProvider}). ` +
      "Reply *menu* to see or change your appointments, or *staff* to talk to us.";
  },

  appointmentBooked: (clinic, a) =>
    `${clinic} has booked your *${a.service}* with ${a.provider} on *${a.when}*. ` +
    "Reply *menu* to see or change your appointments.",

  rebookOffer: (_clinic, a, reason, choice) =>
    `Sorry, your *${a.service}* on *${a.when}* can't go ahead: ${because(reason, a.provider)}.\n\n${rebookChoice(choice)}`,

  handBack: (clinic) =>
    "Thanks for waiting: our team has finished here, and the assistant is back to help you.\n\n" +
    replies.menu(clinic, "plain"),

  staffAlert: (alert) =>
    `${alert.patient} needs you: ${alert.reason}.` +
    (alert.lastMessage === null ? "" : `\nLast message: "${alert.lastMessage}"`) +
    (alert.reference === null ? "" : `\nReference: ${alert.reference}`),
};
