/** English words for reading days and times (lang/words.ts says what each list is for). */
import type { Words } from "./words.ts";

const ORDINALS = [
  "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
  "eighteenth", "nineteenth", "twentieth",
];
const TWENTIES = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];

function ordinalWords(): Record<string, number> {
  const words: Record<string, number> = {};
  ORDINALS.forEach((word, index) => (words[word] = index + 1));
  TWENTIES.forEach((word, index) => {
    words[`twenty-${word}`] = 21 + index;
    words[`twenty ${word}`] = 21 + index;
  });
  words["thirtieth"] = 30;
  words["thirty-first"] = 31;
  words["thirty first"] = 31;
  return words;
}

export const en: Words = {
  relativeDays: {
    "today": 0,
    "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1, "tommorow": 1, "tommorrow": 1, "2moro": 1,
    "day after tomorrow": 2, "the day after tomorrow": 2, "day after tmrw": 2, "the day after tmrw": 2,
    "yesterday": -1,
    "day before yesterday": -2, "the day before yesterday": -2,
  },
  todayParts: {
    "tonight": "evening", "tonite": "evening",
    "this morning": "morning", "this afternoon": "afternoon", "this evening": "evening",
  },
  countBefore: ["in", "in about"],
  countAfter: ["from now", "from today"],
  units: {
    "day": "day", "days": "day",
    "week": "week", "weeks": "week",
    "hour": "duration", "hours": "duration", "hr": "duration", "hrs": "duration", "h": "duration",
    "minute": "duration", "minutes": "duration", "min": "duration", "mins": "duration",
  },
  numbers: {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30,
  },
  oneWords: ["a", "an", "one"],

  weekdays: {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
  },
  weekdayPlurals: {
    "mondays": 1, "tuesdays": 2, "wednesdays": 3, "thursdays": 4, "fridays": 5, "saturdays": 6, "sundays": 7,
  },
  guardedWeekdays: ["wed", "sat", "sun"],
  weekdayOrdinalNouns: [],
  dayPrepositions: ["on", "for"],
  weekdayModifiersBefore: {
    "next": "next", "nxt": "next", "the next": "next", "following": "next", "the following": "next",
    "coming": "coming", "this coming": "coming", "the coming": "coming", "upcoming": "coming",
    "this": "this",
    "last": "last", "past": "last", "this past": "last",
    "every": "recurring", "each": "recurring",
  },
  weekdayModifiersAfter: {},

  dayMarkers: [],
  weakDayMarkers: ["on the", "the", "for the"],
  ordinalSuffixes: ["st", "nd", "rd", "th"],
  suffixNamesDay: true,
  ordinalWords: ordinalWords(),

  months: {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
  },
  monthBeforeDay: true,
  dateJoiners: ["of", "the"],

  periods: {
    "this week": "this_week", "next week": "next_week",
    "this month": "this_month", "next month": "next_month",
    "this weekend": "this_weekend", "the weekend": "this_weekend", "weekend": "this_weekend",
    "next weekend": "next_weekend",
  },

  timePrefixes: ["at", "@"],
  weakTimePrefixes: ["around", "about", "at around", "at about"],
  hourSuffixes: ["o'clock", "oclock", "o clock", "h", "hs", "hrs", "sharp"],
  noon: ["noon", "midday", "12 noon", "twelve noon", "mid-day", "mid day"],
  midnight: ["midnight", "12 midnight"],
  minutesAfterHour: [""],
  minutesBeforeHourAfter: [],
  pastHour: ["past", "after"],
  toHour: ["to", "till", "of"],
  minuteWords: {
    "half": 30, "quarter": 15, "a quarter": 15,
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "twenty five": 25,
    "thirty": 30, "thirty-five": 35, "thirty five": 35, "forty": 40, "forty-five": 45, "forty five": 45,
    "fifty": 50, "fifty-five": 55, "fifty five": 55,
  },
  halfBeforeHour: ["half"],

  parts: {
    "morning": "morning", "mornings": "morning", "in the morning": "morning", "in the mornings": "morning",
    "afternoon": "afternoon", "afternoons": "afternoon", "in the afternoon": "afternoon",
    "in the afternoons": "afternoon", "after lunch": "afternoon",
    "evening": "evening", "evenings": "evening", "in the evening": "evening", "in the evenings": "evening",
    "at night": "evening", "night": "evening",
  },
  greetings: ["good morning", "good afternoon", "good evening", "good night", "goodnight", "morning all"],

  negations: [
    "not", "no", "never", "don't", "dont", "can't", "cant", "cannot", "won't", "wont", "couldn't",
    "isn't", "isnt", "doesn't", "doesnt", "except", "but not", "anything but", "nothing",
  ],
  bounds: [
    "after", "before", "by", "until", "till", "til", "from", "since", "no later than", "earlier than",
    "later than", "past", "any time after", "anytime after", "any time before", "anytime before",
    "see you", "see you on", "see you at",
  ],
  alternatives: ["or", "either"],
  places: ["street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "square", "plaza", "route"],
  joiners: ["-", "–", "to", "or", "and", "till", "until", "through"],
  followers: [
    "at", "@", "in", "on", "of", "for", "please", "pls", "plz", "if", "or", "and", "is", "works",
    "would", "could", "should", "then", "maybe", "ok", "okay", "around", "between", "after", "before",
    "from", "morning", "afternoon", "evening", "night", "next", "this", "too", "also", "thanks",
    "thank", "possible", "available", "free", "work", "good", "fine", "better", "best", "preferably",
    "ideally", "any", "anytime", "sometime", "with", "to", "instead", "will", "can", "still", "early",
    "late", "later", "earlier", "i", "we", "as", "so", "because",
  ],
};
