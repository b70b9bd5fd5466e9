/**
 * Every text a patient sees, in English. WhatsApp formatting (*bold*); dates in the clinic's time
 * zone; each reply fits one phone screen because the flow caps every list (flow/limits.ts).
 * Labels of numbered choices live here too: the flow matches typed answers against them.
 */
import { formatDay, formatTime, formatWhen, numbered, weekdayPlural } from "./format.ts";
import type { Replies } from "./types.ts";
import { MAX_NAME_CHARS } from "../flow/limits.ts";

const OR_MENU = "Reply *menu* for the main menu.";

export const en: Replies = {
  menuLabels: ["Book an appointment", "My appointments", "Ask a question", "Talk to staff"],
  confirmLabels: ["Confirm", "Choose another time"],
  appointmentActionLabels: ["Reschedule", "Cancel this appointment"],
  cancelLabels: ["Yes, cancel it", "No, keep it"],
  dayLabel: (day) => formatDay(day),
  timeLabel: (startsAt, timeZone) => formatTime(startsAt, timeZone),
  appointmentLabel: (appointment, timeZone) =>
    `${appointment.serviceName}, ${formatWhen(appointment.startsAt, timeZone)}`,
  serviceLabel: (service) => service.name,
  pushNameLabel: (pushName) => pushName,

  menu: (clinicName, intro) => {
    const greeting = {
      hello: `Hi! This is the *${clinicName}* assistant.`,
      welcome_back: `Welcome back to *${clinicName}*. Let's start again.`,
      updated: `Hi! Our assistant was updated, so let's start again.`,
      stopped: "Okay, I've stopped that.",
      plain: "*Main menu*",
    }[intro];
    return `${greeting}\n\n${numbered(en.menuLabels)}\n\nReply with a number, or just type your question.`;
  },

  pickService: (services) =>
    `Which service would you like?\n\n${numbered(services.map((s) =>
      s.priceText ? `${s.name} (${s.durationMinutes} min, ${s.priceText})` : `${s.name} (${s.durationMinutes} min)`
    ))}`,
  noFreeDays: (serviceName, horizonDays) =>
    `Sorry, there are no free times for *${serviceName}* in the next ${horizonDays} days. ` +
    `Reply *staff* and our team will help, or choose another service.`,
  pickDay: (serviceName, days) =>
    `*${serviceName}*: which day suits you?\n\n${numbered(days.map(formatDay))}\n\n` +
    `Or type a day, like "tomorrow" or "25/12".`,
  pickTime: (day, times) =>
    `Free times on *${formatDay(day)}*:\n\n${numbered(times)}\n\nOr type a time, like "10am" or "14:30".`,
  dayPast: (day) => `${formatDay(day)} has already passed.`,
  dayBeyondHorizon: (day, lastDay) =>
    `${formatDay(day)} is too far ahead: we take bookings up to ${formatDay(lastDay)}.`,
  dayClosed: (day, isoWeekday) => `Sorry, we're closed on ${weekdayPlural(isoWeekday)} (${formatDay(day)}).`,
  dayClosedDate: (day) => `Sorry, the clinic is closed on ${formatDay(day)}.`,
  dayFull: (day) => `Sorry, there are no free times left on ${formatDay(day)}.`,
  timePast: (time) => `${time} today is too soon to book.`,
  timeNotFree: (time, day) => `${time} isn't free on ${formatDay(day)}. The nearest free times:`,
  timeNeedsDay: "Please choose the day first.",
  nearestTimes: (day, times) => `${numbered(times)}\n\nOr type another time or day (${formatDay(day)} shown).`,

  askName: (pushName) =>
    pushName
      ? `What name should the booking be under?\n\n${numbered([pushName])}\n\nOr type your full name.`
      : "What name should the booking be under? Please type your full name.",
  confirmBooking: (serviceName, startsAt, timeZone, name, holdMinutes) =>
    `*Please confirm*\n${serviceName}\n${formatWhen(startsAt, timeZone)}\nName: ${name}\n\n` +
    `I'm holding this time for you for ${holdMinutes} minutes.\n\n${numbered(en.confirmLabels)}`,
  confirmReschedule: (from, startsAt, timeZone, holdMinutes) =>
    `*Please confirm*\nMove your ${from.serviceName}\nfrom ${formatWhen(from.startsAt, timeZone)}\n` +
    `to *${formatWhen(startsAt, timeZone)}*\n\nI'm holding the new time for ${holdMinutes} minutes.\n\n` +
    numbered(en.confirmLabels),
  bookingConfirmed: (serviceName, startsAt, timeZone) =>
    `Your appointment is *confirmed*: ${serviceName} on *${formatWhen(startsAt, timeZone)}*. See you then!\n\n${OR_MENU}`,
  rescheduleConfirmed: (serviceName, startsAt, timeZone) =>
    `Done: your ${serviceName} is now *confirmed* for *${formatWhen(startsAt, timeZone)}*. ` +
    `The old time is cancelled.\n\n${OR_MENU}`,
  slotTaken: "Sorry, someone else just took that time.",
  holdExpired: (holdMinutes) =>
    `Sorry, I could only hold that time for ${holdMinutes} minutes and it's no longer available.`,
  refused: (reason) =>
    ({
      too_soon: "That time is too soon to book.",
      beyond_horizon: "That time is too far ahead to book.",
      limit_reached: "You already have the most upcoming appointments we allow. Reply *staff* if you need another.",
      not_found: "That appointment or time is no longer available.",
    })[reason],

  appointments: (labels) => `*Your upcoming appointments*\n\n${numbered(labels)}\n\nReply with a number to change one.`,
  noAppointments: `You have no upcoming appointments.`,
  appointmentActions: (appointment, timeZone) =>
    `*${appointment.serviceName}*, ${formatWhen(appointment.startsAt, timeZone)}\n\n${numbered(en.appointmentActionLabels)}`,
  confirmCancel: (appointment, timeZone) =>
    `Cancel your ${appointment.serviceName} on *${formatWhen(appointment.startsAt, timeZone)}*?\n\n${numbered(en.cancelLabels)}`,
  cancelled: (appointment, timeZone) =>
    `Your ${appointment.serviceName} on ${formatWhen(appointment.startsAt, timeZone)} is *cancelled*.\n\n${OR_MENU}`,
  kept: "Okay, your appointment stays as it is.",

  askQuestion: "What would you like to know? Type your question.",
  answerFollowUp: (atMenu) => (atMenu ? OR_MENU : "Ask another question, or reply *menu*."),
  noAnswer:
    "I'm sorry, I don't have an answer to that. Reply *staff* and a member of our team will help, or *menu* for options.",
  // In staff mode the bot hears only the word menu (turn/gate.ts), so the patient is told it.
  handoff:
    "I've passed this conversation to our staff. Someone will reply here soon. Reply *menu* to go back to the assistant.",
  invalid: "Sorry, I didn't get that. Please reply with one of the numbers.",
  invalidName: `Please type the name for the booking (letters, up to ${MAX_NAME_CHARS} characters).`,
  cooloff: (minutes) =>
    `Sorry, I'm having trouble understanding. I'll step back for ${minutes} minutes; our staff can see ` +
    `this chat. You can also reply *staff* to talk to a person.`,
  slowDown:
    "You're sending messages faster than I can answer. I'll pause for a minute; your messages are saved. " +
    "Please send your answer again then.",
  somethingWrong: "Sorry, something went wrong on our side.",
};
