/** What staff read on their alert phone, in English (outbox kinds staff_alert, patient_message; staff/answer.ts). */
import type { AlertReason, StaffTexts } from "../types.ts";

const REASONS: Record<AlertReason, string> = {
  asked_for_staff: "asked to talk to a person",
  cooloff: "the assistant could not understand them",
  message_failed: "a message of theirs could not be answered",
};

const HOW = "Reply to this message to answer them here, or start a message with";

export const staff = {
  somePatient: "A patient",
  alert: ({ patient, reference, reason, urgent, lastMessage }) =>
    `${urgent ? "*Urgent* · " : ""}*${patient}* ${REASONS[reason]}.` +
    (lastMessage === null ? "" : `\n\n"${lastMessage}"`) +
    `\n\n${HOW} *#${reference}*. Send *bot* when done to hand them back to the assistant.`,
  forwarded: (patient, reference, text) => `*${patient}* (#${reference}):\n${text}`,
  sent: (patient, reference) =>
    `Sent to ${patient} (#${reference}). You have this chat now: the assistant stays quiet, and their ` +
    "messages come to you here. Send *bot* when done to hand them back to the assistant.",
  taken: (patient, reference, owner) =>
    `${owner ?? "A colleague"} is already answering ${patient} (#${reference}), so your message was not sent. Thank you!`,
  handedBack: (patient, reference) => `${patient} (#${reference}) is back with the assistant and has been told.`,
  alreadyWithBot: (patient, reference) => `${patient} (#${reference}) is already with the assistant.`,
  ambiguous: (list) => `You are answering several patients. Reply to one of their messages, or start yours with their reference:\n${list}`,
  empty: (reference) => `Write your answer after the reference, like "#${reference} Hello, …".`,
  help:
    "This is the clinic's assistant. To answer a patient, reply to their alert (swipe it) or start your message " +
    'with its reference, like "#K7Q2 Hello". Send *bot* to hand a chat back to the assistant.',
} satisfies StaffTexts;
