/** Brazilian Portuguese words for reading days and times (lang/words.ts says what each list is for). */
import type { Words } from "./words.ts";

export const pt: Words = {
  relativeDays: {
    "hoje": 0,
    "amanha": 1,
    "depois de amanha": 2, "depois d'amanha": 2,
    "ontem": -1,
    "anteontem": -2, "antes de ontem": -2,
  },
  todayParts: {
    "esta noite": "evening", "essa noite": "evening", "hoje à noite": "evening", "hoje a noite": "evening",
    "esta manha": "morning", "essa manha": "morning", "hoje de manha": "morning",
    "esta tarde": "afternoon", "essa tarde": "afternoon", "hoje à tarde": "afternoon", "hoje a tarde": "afternoon",
  },
  countBefore: ["em", "daqui a", "dentro de", "daqui"],
  countAfter: [],
  units: {
    "dia": "day", "dias": "day",
    "semana": "week", "semanas": "week",
    "hora": "duration", "horas": "duration", "h": "duration", "hs": "duration", "hrs": "duration",
    "minuto": "duration", "minutos": "duration", "min": "duration",
  },
  numbers: {
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
    "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "quinze": 15, "vinte": 20, "trinta": 30,
  },
  oneWords: ["um", "uma"],

  weekdays: {
    "segunda-feira": 1, "segunda feira": 1, "segunda": 1, "seg": 1,
    "terca-feira": 2, "terca feira": 2, "terca": 2,
    "quarta-feira": 3, "quarta feira": 3, "quarta": 3,
    "quinta-feira": 4, "quinta feira": 4, "quinta": 4,
    "sexta-feira": 5, "sexta feira": 5, "sexta": 5,
    "sabado": 6, "sab": 6, "domingo": 7, "dom": 7,
    "2a feira": 1, "2ª feira": 1, "2a-feira": 1, "2ª-feira": 1, "3a feira": 2, "3ª feira": 2, "3a-feira": 2,
    "3ª-feira": 2, "4a feira": 3, "4ª feira": 3, "4a-feira": 3, "4ª-feira": 3, "5a feira": 4, "5ª feira": 4,
    "5a-feira": 4, "5ª-feira": 4, "6a feira": 5, "6ª feira": 5, "6a-feira": 5, "6ª-feira": 5,
  },
  weekdayPlurals: {
    "segundas": 1, "segundas-feiras": 1, "tercas": 2, "tercas-feiras": 2, "quartas": 3, "quartas-feiras": 3,
    "quintas": 4, "quintas-feiras": 4, "sextas": 5, "sextas-feiras": 5, "sabados": 6, "domingos": 7,
  },
  guardedWeekdays: ["seg", "dom"],
  weekdayOrdinalNouns: [
    "opcao", "vez", "vezes", "semana", "quinzena", "consulta", "hora", "alternativa", "pessoa", "via",
    "parte", "etapa", "sessao", "dose", "mao", "coisa", "fila", "sala", "andar", "opiniao", "fase",
    "tentativa", "mensagem", "pergunta", "visita", "avaliacao", "receita", "guia", "copia", "linha",
    "serie", "turma", "filha", "gravidez", "cirurgia",
  ],
  dayPrepositions: ["na", "no", "para", "pra", "para a", "para o", "pro"],
  weekdayModifiersBefore: {
    "proxima": "next", "na proxima": "next", "a proxima": "next", "para a proxima": "next",
    "pra proxima": "next", "proximo": "next", "no proximo": "next", "o proximo": "next",
    "para o proximo": "next",
    "esta": "this", "nesta": "this", "essa": "this", "nessa": "this", "este": "this", "neste": "this",
    "esse": "this", "nesse": "this",
    "ultima": "last", "na ultima": "last", "ultimo": "last", "no ultimo": "last",
    "toda": "recurring", "todo": "recurring", "todas as": "recurring", "todos os": "recurring",
    "toda a": "recurring",
  },
  weekdayModifiersAfter: {
    "que vem": "next",
    "passada": "last", "passado": "last",
  },

  dayMarkers: ["dia", "no dia", "o dia", "para o dia", "pro dia", "pra o dia", "para dia", "pra dia"],
  weakDayMarkers: [],
  ordinalSuffixes: ["º", "°"],
  suffixNamesDay: false,
  ordinalWords: { "primeiro": 1 },

  months: {
    "janeiro": 1, "jan": 1, "fevereiro": 2, "fev": 2, "marco": 3, "abril": 4, "abr": 4, "maio": 5,
    "mai": 5, "junho": 6, "jun": 6, "julho": 7, "jul": 7, "agosto": 8, "ago": 8, "setembro": 9,
    "set": 9, "outubro": 10, "out": 10, "novembro": 11, "nov": 11, "dezembro": 12,
  },
  monthBeforeDay: false,
  dateJoiners: ["de", "do"],

  periods: {
    "esta semana": "this_week", "essa semana": "this_week", "nesta semana": "this_week", "nessa semana": "this_week",
    "semana que vem": "next_week", "na semana que vem": "next_week", "proxima semana": "next_week",
    "na proxima semana": "next_week", "a proxima semana": "next_week",
    "este mes": "this_month", "esse mes": "this_month", "neste mes": "this_month", "nesse mes": "this_month",
    "mes que vem": "next_month", "no mes que vem": "next_month", "proximo mes": "next_month",
    "no proximo mes": "next_month",
    "este fim de semana": "this_weekend", "esse fim de semana": "this_weekend",
    "neste fim de semana": "this_weekend", "nesse fim de semana": "this_weekend",
    "no fim de semana": "this_weekend", "fim de semana": "this_weekend", "no final de semana": "this_weekend",
    "final de semana": "this_weekend",
    "proximo fim de semana": "next_weekend", "no proximo fim de semana": "next_weekend",
    "fim de semana que vem": "next_weekend", "no fim de semana que vem": "next_weekend",
  },

  timePrefixes: [
    "às", "à", "pelas", "por volta das", "por volta de", "perto das", "para as", "para às", "pras",
    "pra às", "pra as",
  ],
  weakTimePrefixes: ["as", "la pelas"],
  hourSuffixes: ["h", "hs", "hrs", "hr", "horas", "em ponto"],
  noon: ["meio-dia", "meio dia", "meiodia", "ao meio-dia", "ao meio dia"],
  midnight: ["meia-noite", "meia noite", "à meia-noite", "à meia noite", "a meia-noite"],
  minutesAfterHour: ["e"],
  minutesBeforeHourAfter: ["menos"],
  pastHour: [],
  toHour: ["para as", "para às", "pras", "pra"],
  minuteWords: {
    "meia": 30, "quinze": 15, "um quarto": 15, "cinco": 5, "dez": 10, "vinte": 20, "vinte e cinco": 25,
    "trinta": 30, "quarenta": 40, "quarenta e cinco": 45, "cinquenta": 50,
  },
  halfBeforeHour: [],

  parts: {
    "manha": "morning", "de manha": "morning", "pela manha": "morning", "na manha": "morning",
    "da manha": "morning", "manhas": "morning", "pelas manhas": "morning", "de manhazinha": "morning",
    "à tarde": "afternoon", "a tarde": "afternoon", "de tarde": "afternoon", "pela tarde": "afternoon",
    "na tarde": "afternoon", "da tarde": "afternoon", "tardes": "afternoon", "as tardes": "afternoon",
    "às tardes": "afternoon", "à tardinha": "afternoon",
    "à noite": "evening", "a noite": "evening", "de noite": "evening", "pela noite": "evening",
    "na noite": "evening", "da noite": "evening", "noite": "evening", "noites": "evening",
    "às noites": "evening", "à noitinha": "evening",
  },
  greetings: ["bom dia", "boa tarde", "boa noite", "bons dias"],

  negations: ["nao", "nunca", "exceto", "menos", "salvo", "nem", "sem ser"],
  bounds: [
    "depois", "depois de", "depois do", "depois da", "depois das", "antes", "antes de", "antes do", "antes da", "antes das",
    "ate", "ate as", "ate às", "ate o", "ate a", "ate à", "desde", "desde as", "desde o", "desde a",
    "a partir de", "a partir do", "a partir da", "a partir das", "apos", "apos as", "mais tarde que",
  ],
  alternatives: ["ou"],
  places: ["rua", "avenida", "av", "praca", "travessa", "alameda", "estrada", "rodovia", "largo"],
  joiners: ["-", "–", "a", "ao", "ou", "e", "ate", "às", "as"],
  followers: [
    "as", "às", "a", "à", "ao", "em", "na", "no", "pela", "pelo", "por", "para",
    "pra", "e", "ou", "se", "que", "mas", "melhor", "pode", "posso", "poderia", "seria", "fica", "esta",
    "ta", "cedo", "tarde", "depois", "antes", "com", "sobre", "entre", "ate", "desde", "tambem", "ok",
    "obrigado", "obrigada", "bem", "me", "nos", "serve", "funciona", "favor", "por favor",
  ],
};
