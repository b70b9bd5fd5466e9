/** Spanish words for reading days and times (lang/words.ts says what each list is for). */
import type { Words } from "./words.ts";

export const es: Words = {
  relativeDays: {
    "hoy": 0,
    "manana": 1,
    "pasado manana": 2,
    "ayer": -1,
    "anteayer": -2, "antier": -2, "antes de ayer": -2,
  },
  todayParts: {
    "esta noche": "evening", "esta manana": "morning", "esta tarde": "afternoon",
  },
  countBefore: ["en", "dentro de", "de aqui a", "de aca a"],
  countAfter: [],
  units: {
    "dia": "day", "dias": "day",
    "semana": "week", "semanas": "week",
    "hora": "duration", "horas": "duration", "h": "duration", "hs": "duration", "hrs": "duration",
    "minuto": "duration", "minutos": "duration", "min": "duration",
  },
  numbers: {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
  },
  oneWords: ["un", "una", "uno"],

  weekdays: {
    "lunes": 1, "lun": 1, "martes": 2, "miercoles": 3, "mie": 3, "mier": 3, "jueves": 4, "jue": 4,
    "viernes": 5, "vie": 5, "sabado": 6, "sab": 6, "domingo": 7, "dom": 7,
  },
  weekdayPlurals: { "sabados": 6, "domingos": 7 },
  guardedWeekdays: ["lun", "mie", "dom"],
  weekdayOrdinalNouns: [],
  dayPrepositions: ["el", "para el", "para"],
  weekdayModifiersBefore: {
    "el proximo": "next", "proximo": "next", "para el proximo": "next",
    "este": "this", "para este": "this",
    "los": "recurring", "todos los": "recurring", "cada": "recurring", "los dias": "recurring",
  },
  weekdayModifiersAfter: {
    "que viene": "next", "proximo": "next", "que entra": "next",
    "pasado": "last",
  },

  dayMarkers: ["el dia", "dia", "para el dia", "del dia"],
  weakDayMarkers: ["el", "para el"],
  ordinalSuffixes: ["º", "°"],
  suffixNamesDay: false,
  ordinalWords: { "primero": 1, "1ro": 1 },

  months: {
    "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
    "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8, "septiembre": 9,
    "setiembre": 9, "sept": 9, "sep": 9, "octubre": 10, "oct": 10, "noviembre": 11, "nov": 11,
    "diciembre": 12, "dic": 12,
  },
  monthBeforeDay: true,
  dateJoiners: ["de", "del"],

  periods: {
    "esta semana": "this_week",
    "la semana que viene": "next_week", "semana que viene": "next_week",
    "la proxima semana": "next_week", "proxima semana": "next_week", "la semana proxima": "next_week",
    "este mes": "this_month",
    "el mes que viene": "next_month", "mes que viene": "next_month", "el proximo mes": "next_month",
    "proximo mes": "next_month", "el mes proximo": "next_month",
    "este fin de semana": "this_weekend", "el fin de semana": "this_weekend", "fin de semana": "this_weekend",
    "este finde": "this_weekend", "el finde": "this_weekend", "finde": "this_weekend",
    "el proximo fin de semana": "next_weekend", "el fin de semana que viene": "next_weekend",
    "el finde que viene": "next_weekend", "el proximo finde": "next_weekend",
  },

  timePrefixes: [
    "a las", "a la", "para las", "para la", "sobre las", "hacia las", "como a las", "a eso de las",
    "tipo a las",
  ],
  weakTimePrefixes: ["tipo", "las"],
  hourSuffixes: ["h", "hs", "hrs", "horas", "en punto"],
  noon: ["mediodia", "medio dia", "al mediodia", "a mediodia", "del mediodia", "al medio dia"],
  midnight: ["medianoche", "media noche", "a medianoche", "a la medianoche"],
  minutesAfterHour: ["y"],
  minutesBeforeHourAfter: ["menos"],
  pastHour: [],
  toHour: ["para las", "para la"],
  minuteWords: {
    "media": 30, "cuarto": 15, "cinco": 5, "diez": 10, "quince": 15, "veinte": 20, "veinticinco": 25,
    "treinta": 30, "cuarenta": 40, "cuarenta y cinco": 45, "cincuenta": 50,
  },
  halfBeforeHour: [],

  parts: {
    "por la manana": "morning", "en la manana": "morning", "de la manana": "morning",
    "la manana": "morning", "las mananas": "morning", "por las mananas": "morning", "a la manana": "morning",
    "por la tarde": "afternoon", "en la tarde": "afternoon", "de la tarde": "afternoon",
    "la tarde": "afternoon", "las tardes": "afternoon", "por las tardes": "afternoon", "a la tarde": "afternoon",
    "por la noche": "evening", "en la noche": "evening", "de la noche": "evening", "la noche": "evening",
    "de noche": "evening", "noche": "evening", "las noches": "evening", "por las noches": "evening", "a la noche": "evening",
  },
  greetings: ["buenos dias", "buen dia", "buenas tardes", "buenas noches"],

  negations: ["no", "nunca", "excepto", "menos", "salvo", "tampoco", "ni"],
  bounds: [
    "despues", "despues de", "despues del", "despues de las", "antes", "antes de", "antes del", "antes de las",
    "hasta", "hasta el", "hasta las", "hasta la", "desde", "desde el", "desde las", "desde la",
    "a partir de", "a partir del", "a partir de las", "luego de", "luego de las", "mas tarde de",
    "no antes de", "no despues de",
  ],
  alternatives: ["o", "u", "o bien"],
  places: ["calle", "avenida", "av", "avda", "plaza", "paseo", "colonia", "col", "boulevard", "blvd", "calzada", "carrera", "glorieta"],
  joiners: ["-", "–", "a", "al", "o", "u", "y", "hasta"],
  followers: [
    "a", "al", "en", "por", "para", "y", "o", "u", "si", "que", "pero", "mejor", "porfa",
    "porfavor", "por favor", "gracias", "esta", "estaria", "seria", "puede", "puedo", "podria",
    "temprano", "tarde", "despues", "antes", "con", "como", "sobre", "hacia", "entre", "hasta",
    "desde", "tambien", "ok", "vale", "bien", "me", "nos", "te", "le", "es", "va", "sirve", "queda",
  ],
};
