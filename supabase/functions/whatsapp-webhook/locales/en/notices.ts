/**
 * Messages the clinic sends first, in English (outbox kinds; outbox/render.ts hands them facts
 * already formatted for the clinic's locale and the patient's language).
 */
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { NoticeTexts, RebookChoice, RebookReason } from "../types.ts";
import { texts } from "./texts.ts";

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
      return `The first free times${choice.provider === null ? "" : ` with ${choice.provider}`}, on *${choice.day}*:\n\n${choice.list}\n\n` +
        "Reply with a number to move your appointment there, or type another day. Reply *staff* to talk to us.";
    case "via_menu":
      return `To choose a new time, reply *menu*, then *${texts.menuLabels.appointments}*` +
        `${choice.day === null ? "" : ` (the first free times are on ${choice.day})`}. Or reply *staff* to talk to us.`;
    case "none":
      return "There are no free times in the coming days, so please reply *staff* and our team will help you.";
    default:
      return assertNever(choice);
  }
}

export const notices = {
  reminder: (clinic, a) =>
    `Reminder: your *${a.service}* with ${a.provider} at ${clinic} is on *${a.when}*. Reply *menu* to see or change your appointments.`,
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
    `${clinic} has booked your *${a.service}* with ${a.provider} on *${a.when}*. Reply *menu* to see or change your appointments.`,
  rebookOffer: (_clinic, a, reason, choice) =>
    `Sorry, your *${a.service}* on *${a.when}* can't go ahead: ${because(reason, a.provider)}.\n\n${rebookChoice(choice)}`,
  handBack: (menu) => `Thanks for waiting: our team has finished here, and the assistant is back to help you.\n\n${menu}`,
} satisfies NoticeTexts;
