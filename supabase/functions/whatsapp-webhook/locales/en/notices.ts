/**
 * Messages the clinic sends first, in English: the assistant's own wording of each kind (used where
 * the clinic wrote no template in this language; same placeholders, shared/templates/placeholders.ts)
 * and what outbox/render.ts appends for the conversation to answer.
 */
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { NoticeTexts, RebookChoice, RebookReason } from "../types.ts";
import { texts } from "./texts.ts";

function rebookReason(reason: RebookReason, provider: string): string {
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
  templates: {
    reminder: "Reminder from {clinic}: your *{service}* with {provider} is on *{day}* at *{time}*.",
    appointment_booked:
      "{clinic} has booked your *{service}* with {provider} on *{day}* at *{time}*. Reply *menu* to see or change your appointments.",
    appointment_cancelled:
      "Your *{service}* with {provider} on *{day}* at *{time}* has been cancelled by {clinic}. " +
      "Reply *menu* to book another time, or *staff* to talk to us.",
    appointment_moved:
      "{clinic} has moved your *{service}* to *{day}* at *{time}* with {provider} (it was {previous_day} at {previous_time}). " +
      "Reply *menu* to see or change your appointments, or *staff* to talk to us.",
    rebook_offer: "Sorry, your *{service}* on *{day}* at *{time}* can't go ahead: {reason}.",
    hand_back: "Thanks for waiting: our team has finished here, and the assistant is back to help you.",
  },
  rebookReason,
  rebookChoice,
  reminderChoices: (list) => `Will you come?\n\n${list}\n\nReply with a number.`,
  reminderViaMenu: "To change or cancel it, reply *my appointments*.",
  reminderConfirmed: "You've confirmed it: see you then! To change it, reply *my appointments*.",
} satisfies NoticeTexts;
