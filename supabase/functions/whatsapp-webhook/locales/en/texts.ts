/**
 * Every text a patient sees, in English. WhatsApp formatting (*bold*); each reply fits one phone
 * screen because the flow caps every list (flow/limits.ts). Dates and times arrive formatted.
 */
import type { Texts } from "../types.ts";
import { withPeriod } from "../format.ts";

const OR_MENU = "Reply *menu* for the main menu.";

export const texts = {
  languageName: "English",
  menuLabels: {
    book: "Book an appointment",
    appointments: "My appointments",
    question: "Ask a question",
    staff: "Talk to staff",
    language: "Language / Idioma",
  },
  confirmLabels: { confirm: "Confirm", other_time: "Choose another time", other_name: "Use another name" },
  appointmentActionLabels: { reschedule: "Reschedule", cancel: "Cancel this appointment" },
  cancelLabels: { yes: "Yes, cancel it", no: "No, keep it" },
  anyProvider: "Whoever is free first",
  inPart: { morning: "in the morning", afternoon: "in the afternoon", evening: "in the evening" },
  atTime: (time) => `at ${time}`,
  dayAt: (day, time) => `${day} at ${time}`,
  weekdaysPlural: ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"],

  menu: (clinicName, intro, list) => {
    const greeting = {
      hello: `Hi! This is the *${clinicName}* assistant.`,
      welcome_back: `Welcome back to *${clinicName}*. Let's start again.`,
      updated: `Hi! Our assistant was updated, so let's start again.`,
      plain: "*Main menu*",
    }[intro];
    return `${greeting}\n\n${list}\n\nReply with a number, or just tell me what you need (like "an appointment tomorrow morning") or ask a question.`;
  },
  languageSwitched: "Okay, I'll write in English.",
  pickLanguage: (list) => `Which language would you like?\n\n${list}`,

  nothingToStop: "There's nothing in progress to stop.",
  stoppedBooking: "Okay, I stopped booking. Nothing was booked.",
  stoppedRescheduling: (when) => `Okay, I stopped rescheduling. Your appointment on *${when}* is unchanged.`,
  appointmentsUnchanged: "Okay. Your appointments are unchanged.",

  serviceLabel: (name, minutes) => `${name} (${minutes} min)`,
  pickService: (list, provider) =>
    provider ? `Which service would you like with *${provider}*?\n\n${list}` : `Which service would you like?\n\n${list}`,
  pickProvider: (service, list) => `*${service}*: who would you like to see?\n\n${list}`,
  providerDoesNotOffer: (provider, service) => `${provider} doesn't do ${service} appointments.`,
  noFreeDays: (service, horizonDays) =>
    `Sorry, there are no free times for *${service}* in the next ${horizonDays} days. ` +
    `Reply *staff* and our team will help, or choose another service.`,
  pickDay: (service, provider, list, looking, dateExample) =>
    `*${service}*${provider ? ` with ${provider}` : ""}: which day suits you?${looking ? ` (free ${looking})` : ""}\n\n` +
    `${list}\n\nOr type a day, like "tomorrow" or "${dateExample}".`,
  noDaysMatching: (looking, horizonDays) =>
    `Sorry, nothing is free ${looking} in the next ${horizonDays} days. These days have other times:`,
  noDaysInRange: (from, to) => `Sorry, nothing is free from ${from} to ${withPeriod(to)} The next free days:`,
  pickTime: (day, list, [example, other]) =>
    `Free times on *${day}*:\n\n${list}\n\nOr type a time, like "${example}" or "${other}".`,
  noTimesInPart: (part, day) => `Nothing is free ${part} on ${withPeriod(day)} The free times that day:`,
  whichReading: (day) => `Both are free on *${day}*. Which one did you mean?`,
  dayPast: (day) => `${day} has already passed.`,
  dayBeyondHorizon: (day, lastDay) => `${day} is too far ahead: we take bookings up to ${withPeriod(lastDay)}`,
  dayClosed: (day, weekdayPlural) => `Sorry, we're closed on ${weekdayPlural} (${day}).`,
  dayClosedDate: (day) => `Sorry, the clinic is closed on ${withPeriod(day)}`,
  dayFull: (day) => `Sorry, there are no free times left on ${withPeriod(day)}`,
  timePast: (time) => `${time} today is too soon to book.`,
  timeNotFree: (time, day) => `${time} isn't free on ${withPeriod(day)} The nearest free times:`,
  nearestTimes: (day, list) => `${list}\n\nOr type another time or day (${day} shown).`,
  whenUnsure: (about, dateExample, timeExample) =>
    ({
      day: `I'm not sure which day you mean: please type one day, like "${dateExample}".`,
      time: `I'm not sure which time you mean: please type one time, like "${timeExample}".`,
      day_or_time: `I'm not sure which day or time you mean: please type a day like "${dateExample}" or a time like "${timeExample}".`,
    })[about],
  whichDayUnsure: "I'm not sure which day you mean, so here are the ones it could be.",

  confirmBooking: ({ service, provider, when, name, holdMinutes, list }) =>
    name === null
      ? `*Almost done*\n${service} with ${provider}\n${when}\n\nI'm holding this time for you for ${holdMinutes} minutes. ` +
        "What name should the booking be under? Please type your full name."
      : `*Please confirm*\n${service} with ${provider}\n${when}\nName: ${name}\n\n` +
        `I'm holding this time for you for ${holdMinutes} minutes.\n\n${list}`,
  confirmReschedule: ({ service, provider, newProvider, from, to, holdMinutes, list }) =>
    `*Please confirm*\nMove your ${service} with ${provider}\nfrom ${from}\nto *${to}*${newProvider ? ` with ${newProvider}` : ""}\n\n` +
    `I'm holding the new time for ${holdMinutes} minutes.\n\n${list}`,
  askBookingName: "What name should the booking be under? Please type your full name.",
  bookingConfirmed: (service, provider, when) =>
    `Your appointment is *confirmed*: ${service} with ${provider} on *${when}*. See you then!\n\n${OR_MENU}`,
  rescheduleConfirmed: (service, provider, when) =>
    `Done: your ${service} with ${provider} is now *confirmed* for *${when}*. The old time is cancelled.\n\n${OR_MENU}`,
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

  appointmentLabel: (service, provider, when) => `${service} with ${provider}, ${when}`,
  appointments: (purpose, list) =>
    ({
      view: `*Your upcoming appointments*\n\n${list}\n\nReply with a number to change or cancel one.`,
      cancel: `Which appointment would you like to cancel?\n\n${list}`,
      reschedule: `Which appointment would you like to move?\n\n${list}`,
    })[purpose],
  noAppointments: "You have no upcoming appointments.",
  appointmentActions: (service, provider, when, list) => `*${service}* with ${provider}, ${when}\n\n${list}`,
  confirmCancel: (service, provider, when, list) => `Cancel your ${service} with ${provider} on *${when}*?\n\n${list}`,
  cancelled: (service, when) => `Your ${service} on ${when} is *cancelled*.\n\n${OR_MENU}`,
  kept: "Okay, your appointment stays as it is.",

  visitLabels: { confirm: "Yes, I'll be there", cancel: "Cancel it", reschedule: "Choose another time" },
  confirmVisit: (service, provider, when, list) => `Your *${service}* with ${provider} is on *${when}*. Will you come?\n\n${list}`,
  visitConfirmed: (service, provider, when) =>
    `Thank you! Your ${service} with ${provider} on *${when}* is *confirmed*. See you then!\n\n${OR_MENU}`,
  visitPassed: (when) => `That appointment (${when}) has already begun or passed, so there is nothing to change.`,

  optOutQuestion: (clinic, list) =>
    `Stop reminders and notices from ${clinic}? You'll still get answers when you write to us, and messages about changes to your appointments.\n\n${list}`,
  optOutLabels: { yes: "Yes, turn them off", no: "No, keep them" },
  optedOut: "Done: we won't send you reminders or notices any more. To get them again, reply *start messages*.",
  alreadyOptedOut: "You had already stopped reminders and notices. To get them again, reply *start messages*.",
  optedIn: "Done: you'll get reminders and notices again. To stop them, reply *stop messages*.",
  alreadyOptedIn: "You already get reminders and notices. To stop them, reply *stop messages*.",
  optOutKept: "Okay, you'll keep getting reminders and notices.",

  askQuestion: "What would you like to know? Type your question.",
  answerFollowUp: (atMenu) => (atMenu ? OR_MENU : "Ask another question, or reply *menu*."),
  noAnswer:
    "I'm sorry, I don't have an answer to that. Reply *staff* and a member of our team will help, or *menu* for options.",
  // In staff mode the bot hears only the word menu (turn/gate.ts), so the patient is told it.
  handoff: (availability) =>
    `I've passed this conversation to our staff. ${availability} Reply *menu* to go back to the assistant.`,
  staffOpenNow: (until) => `They're in until ${until} today and will reply here soon.`,
  staffOpensAt: (when) => `We're closed right now; they'll reply here from ${withPeriod(when)}`,
  staffSoon: "Someone will reply here soon.",
  youreWelcome: "You're welcome!",
  goodbye: `Goodbye, and thanks for writing! ${OR_MENU}`,
  invalid: "Sorry, I didn't get that. Please reply with one of the numbers.",
  invalidName: (maxChars) => `Please type the name for the booking (letters, up to ${maxChars} characters).`,
  cooloff: (minutes) =>
    `Sorry, I'm having trouble understanding. I'll step back for ${minutes} minutes; our staff can see ` +
    `this chat. You can also reply *staff* to talk to a person.`,
  slowDown:
    "You're sending messages faster than I can answer. I'll pause for a minute; your messages are saved. " +
    "Please send your answer again then.",
} satisfies Texts;
