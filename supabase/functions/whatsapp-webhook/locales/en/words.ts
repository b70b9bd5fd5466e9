/**
 * What the assistant understands in English. Phrases are whole messages (see Words in
 * ../types.ts); they are compared normalized, so case, accents and punctuation do not matter.
 */
import type { Words } from "../types.ts";

const STAFF_VERBS = ["talk to", "talk with", "speak to", "speak with", "chat with"];
const STAFF_WHO = [
  "staff", "the staff", "a member of staff", "a staff member", "human", "a human", "a real human", "person",
  "a person", "a real person", "someone", "somebody", "agent", "an agent", "reception", "the reception",
  "a receptionist", "the receptionist",
];

export const words = {
  commands: {
    menu: ["menu", "main menu", "hi", "hello", "start", "0", "restart", "home"],
    back: ["back", "go back", "previous"],
    stop: ["stop", "cancel", "quit", "exit", "never mind", "nevermind", "forget it"],
    staff: ["staff", "human", "agent", "reception", "receptionist"],
  },
  menuWord: "menu",
  language: ["language", "languages", "change language", "change the language"],
  languageNames: {
    en: ["english", "in english", "english please"],
    es: ["spanish", "in spanish", "spanish please", "español", "en español"],
    pt: ["portuguese", "in portuguese", "portuguese please", "brazilian portuguese", "português", "em português"],
  },
  yes: ["yes", "y", "yeah", "yep", "yes please", "ok", "okay", "sure", "confirm", "correct", "that's right", "right"],
  no: ["no", "n", "nope", "no thanks", "no thank you", "not now"],
  connectors: ["at", "on", "for", "with", "in", "the", "a", "an", "this", "around", "about", "by", "from", "to"],
  titles: ["dr", "doctor", "doc", "nurse", "mr", "mrs", "ms", "miss", "prof"],
  leads: [
    "i want to", "i would like to", "i'd like to", "id like to", "i need to", "i wanna", "i want", "i would like",
    "i'd like", "id like", "i need", "can i", "can i please", "could i", "could i please", "may i", "can you",
    "could you", "please", "i am looking for", "i'm looking for", "looking for", "is it possible to",
    "help me", "i have to", "i'd love to", "let me", "actually", "ok", "okay", "so", "well", "and", "also", "hmm",
  ],
  tails: ["please", "pls", "plz", "thanks", "thank you", "asap", "if possible"],
  intents: {
    opt_out: [
      "stop messages", "stop the messages", "stop messaging me", "stop sending messages", "stop sending me messages",
      "stop reminders", "stop the reminders", "stop notifications", "stop texting me", "no more messages",
      "no more reminders", "unsubscribe", "unsubscribe me", "opt out", "don't send me messages",
      "dont send me messages", "don't send me reminders", "i don't want messages", "i don't want reminders",
    ],
    opt_in: [
      "start messages", "start the messages", "start reminders", "resume messages", "resume reminders", "subscribe",
      "opt in", "send me reminders", "send me messages", "turn on reminders", "start sending messages again",
    ],
    staff: [
      ...STAFF_VERBS.flatMap((verb) => STAFF_WHO.map((who) => `${verb} ${who}`)),
      "staff", "human", "agent", "a human", "a person", "a real person", "a real human",
    ],
    cancel: [
      "cancel my appointment", "cancel the appointment", "cancel an appointment", "cancel appointment",
      "cancel my appointments", "cancel my booking", "cancel the booking", "cancel booking", "cancel my visit",
      "cancel my reservation", "cancel it", "cancel", "call off my appointment", "delete my appointment",
      "i can't make it", "i cant make it", "i cannot make it", "i can't come", "i cant come", "i cannot come",
      "i won't make it", "i won't be able to make it", "i will not make it",
    ],
    reschedule: [
      "reschedule", "reschedule my appointment", "reschedule the appointment", "reschedule appointment",
      "reschedule it", "reschedule my booking", "move my appointment", "move the appointment", "move it",
      "move my booking", "change my appointment", "change the appointment", "change appointment",
      "change my booking", "change the time", "change the time of my appointment", "change my appointment time",
      "change the day", "change the date", "postpone my appointment", "postpone", "rebook",
      "another time", "a different time", "another day", "a different day",
    ],
    appointments: [
      "my appointment", "my appointments", "my booking", "my bookings", "when is my appointment",
      "when's my appointment", "whens my appointment", "when's my next appointment", "what time is my appointment", "when is my next appointment",
      "what time is my next appointment", "when is my booking", "do i have an appointment",
      "do i have any appointments", "do i have a booking", "show my appointments", "see my appointments",
      "check my appointment", "check my appointments", "list my appointments", "upcoming appointments",
      "my upcoming appointments", "my next appointment", "what are my appointments", "what appointments do i have",
      "is my appointment confirmed", "appointments",
    ],
    thanks: [
      "thanks", "thank you", "thank you very much", "thanks a lot", "thanks so much", "many thanks", "thx", "ty",
      "tks", "cheers", "great thanks", "perfect thanks", "ok thanks", "ok thank you", "okay thanks", "great",
      "perfect", "awesome", "cool", "got it", "thanks for your help", "thank you for your help", "appreciate it",
    ],
    goodbye: [
      "bye", "goodbye", "good bye", "bye bye", "see you", "see you soon", "see you then", "that's all", "thats all",
      "that's it", "thats it", "nothing else", "no thanks", "no thank you", "have a nice day", "have a good day",
    ],
    greeting: [
      "hi", "hello", "hey", "hey there", "hi there", "hello there", "good morning", "good afternoon",
      "good evening", "howdy", "hiya", "greetings",
    ],
    book: [
      "book", "book an appointment", "book a appointment", "book appointment", "book me", "book me in", "book in",
      "book a visit", "book a time", "book a slot", "make an appointment", "make a booking", "make appointment",
      "an appointment", "a appointment", "appointment", "new appointment", "a new appointment",
      "another appointment", "schedule", "schedule an appointment", "schedule a visit", "schedule appointment",
      "get an appointment", "set up an appointment", "booking", "a booking", "a visit", "visit", "see",
      "see a doctor", "see the doctor", "see a nurse", "see the nurse", "see someone", "come in", "come see you",
      "is available", "are you available", "are you free", "is there availability", "any availability",
      "availability", "available", "are there any times", "any times", "any free times", "free times",
      "do you have anything", "do you have any times", "do you have availability", "what times are available",
      "when can i come", "when can i come in", "appointment for", "an appointment for", "a slot",
    ],
  },
  urgent: [
    "urgent", "urgently", "emergency", "an emergency", "asap", "as soon as possible", "right now", "immediately",
    "pain", "in pain", "a lot of pain", "severe pain", "hurts", "it hurts", "bleeding", "swelling", "swollen",
    "broken tooth", "knocked out", "cant breathe", "can't breathe", "fever", "infection",
  ],
  handBack: ["bot", "menu", "assistant", "back to bot"],
  bareStop: ["stop", "stop it"],
} satisfies Words;
