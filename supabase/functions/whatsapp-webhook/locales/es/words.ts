/**
 * What the assistant understands in Spanish. Phrases are whole messages (see Words in
 * ../types.ts); they are compared normalized, so case, accents and punctuation do not matter.
 */
import type { Words } from "../types.ts";

const STAFF_VERBS = ["hablar con", "comunicarme con", "contactar con", "hablar a"];
const STAFF_WHO = [
  "una persona", "alguien", "el personal", "personal", "un humano", "una persona real", "un agente", "recepción",
  "la recepción", "una recepcionista", "un asesor",
];

export const words = {
  commands: {
    menu: ["menú", "menú principal", "inicio", "empezar", "comenzar", "0", "volver al menú", "volver al inicio"],
    back: ["atrás", "volver", "regresar", "anterior"],
    stop: ["parar", "cancelar", "detener", "salir", "basta", "olvídalo", "déjalo"],
    staff: ["personal", "humano", "agente", "recepción", "recepcionista", "persona"],
  },
  menuWord: "menú",
  language: ["idioma", "idiomas", "cambiar idioma", "cambiar de idioma", "lenguaje"],
  languageNames: {
    en: ["inglés", "en inglés", "english"],
    es: ["español", "en español", "castellano"],
    pt: ["portugués", "en portugués", "português"],
  },
  yes: [
    "sí", "s", "claro", "vale", "ok", "okay", "de acuerdo", "confirmar", "confirmo", "correcto", "dale",
    "sí por favor", "perfecto", "listo", "está bien", "bueno",
  ],
  no: ["no", "n", "no gracias", "nop", "para nada"],
  connectors: ["a", "al", "el", "la", "los", "las", "en", "de", "del", "para", "con", "por", "este", "esta", "un", "una", "como"],
  titles: ["dr", "dra", "doctor", "doctora", "enfermera", "enfermero", "sr", "sra", "srta", "lic", "licenciado", "licenciada"],
  leads: [
    "quiero", "quisiera", "quería", "necesito", "me gustaría", "deseo", "puedo", "podría", "se puede", "me puede",
    "me puedes", "me podría", "me podrías", "por favor", "quiero hacer", "necesito hacer", "quisiera hacer",
    "me gustaría hacer", "yo quiero", "yo necesito", "tengo que", "busco", "estoy buscando", "ayúdeme a",
    "me ayudas a", "mejor", "entonces", "bueno", "ok", "vale", "y", "también", "pues",
  ],
  tails: ["por favor", "porfa", "porfavor", "gracias", "si es posible"],
  intents: {
    opt_out: [
      "no más mensajes", "no mas mensajes", "no más recordatorios", "no mas recordatorios", "dejar de recibir mensajes",
      "no quiero recibir mensajes", "no quiero más mensajes", "no quiero mas mensajes", "no me envíen más mensajes",
      "no me manden más mensajes", "darme de baja", "dar de baja", "baja", "cancelar suscripción", "desuscribir",
      "desuscribirme", "parar mensajes", "detener mensajes", "stop mensajes", "no quiero recordatorios",
    ],
    opt_in: [
      "activar mensajes", "activar recordatorios", "recibir mensajes", "volver a recibir mensajes",
      "quiero recibir mensajes", "quiero recibir recordatorios", "suscribirme", "darme de alta", "reactivar mensajes",
    ],
    staff: [
      ...STAFF_VERBS.flatMap((verb) => STAFF_WHO.map((who) => `${verb} ${who}`)),
      "personal", "humano", "agente", "una persona", "un humano", "atención humana", "asesor", "un asesor",
    ],
    cancel: [
      "cancelar mi cita", "cancelar la cita", "cancelar una cita", "cancelar cita", "cancelar mis citas",
      "cancelar mi reserva", "cancelar la reserva", "cancelar mi turno", "cancelar el turno", "cancelarla",
      "cancelar", "anular mi cita", "anular la cita", "anular cita", "borrar mi cita", "no puedo ir",
      "ya no puedo ir", "no voy a poder ir", "no podré ir", "no puedo asistir", "no podré asistir",
    ],
    reschedule: [
      "cambiar mi cita", "cambiar la cita", "cambiar cita", "cambiar la hora", "cambiar la hora de mi cita",
      "cambiar el día", "cambiar la fecha", "cambiar de hora", "cambiar de día", "mover mi cita", "mover la cita",
      "reprogramar", "reprogramar mi cita", "reprogramar la cita", "reagendar", "reagendar mi cita",
      "aplazar mi cita", "posponer mi cita", "otra hora", "otro día", "otro horario", "cambiar mi turno",
      "cambiar mi reserva",
    ],
    appointments: [
      "mi cita", "mis citas", "mi reserva", "mis reservas", "mi turno", "mis turnos", "cuándo es mi cita",
      "a qué hora es mi cita", "cuándo es mi próxima cita", "a qué hora es mi próxima cita", "mi próxima cita",
      "tengo cita", "tengo una cita", "tengo alguna cita", "tengo citas", "ver mis citas", "ver mi cita",
      "consultar mi cita", "consultar mis citas", "revisar mi cita", "mis próximas citas", "qué citas tengo",
      "cuándo tengo cita", "para cuándo es mi cita", "está confirmada mi cita", "citas",
    ],
    thanks: [
      "gracias", "muchas gracias", "mil gracias", "muchísimas gracias", "gracias por todo", "gracias por la ayuda",
      "ok gracias", "vale gracias", "perfecto gracias", "genial gracias", "excelente gracias", "muy amable",
      "se agradece", "perfecto", "genial", "excelente",
    ],
    goodbye: [
      "adiós", "hasta luego", "hasta pronto", "hasta mañana", "chao", "chau", "nos vemos", "eso es todo",
      "nada más", "eso sería todo", "no gracias", "que tenga buen día",
    ],
    greeting: [
      "hola", "buenos días", "buen día", "buenas tardes", "buenas noches", "buenas", "qué tal", "hola qué tal",
      "saludos", "hola buenas", "hola buenos días", "hola buenas tardes", "hola buenas noches", "aló",
    ],
    book: [
      "reservar", "reservar una cita", "reservar cita", "hacer una cita", "hacer cita", "una cita", "cita",
      "una cita nueva", "nueva cita", "otra cita", "pedir una cita", "pedir cita", "sacar una cita", "sacar cita",
      "agendar", "agendar una cita", "agendar cita", "programar una cita", "programar cita", "hacer una reserva",
      "una reserva", "reservar un turno", "un turno", "turno", "pedir turno", "sacar turno", "pedir hora",
      "una consulta", "consulta", "ver al doctor", "ver a la doctora", "ver a un doctor", "ver a un médico",
      "ver al médico", "ver a la enfermera", "ver", "ir", "pasar consulta", "que me atiendan", "atenderme",
      "hay disponibilidad", "disponibilidad", "hay horarios", "horarios disponibles", "hay lugar", "hay espacio",
      "tienen disponibilidad", "tienen horarios", "está disponible", "disponible", "tiene disponibilidad",
    ],
  },
  urgent: [
    "urgente", "urgencia", "emergencia", "una emergencia", "cuanto antes", "lo antes posible", "ya mismo",
    "inmediatamente", "dolor", "mucho dolor", "me duele", "duele", "sangrado", "sangra", "hinchazón", "hinchado",
    "hinchada", "diente roto", "fiebre", "infección", "no puedo respirar",
  ],
  handBack: ["bot", "menu", "menú", "asistente"],
  bareStop: ["stop", "para", "parar", "basta"],
} satisfies Words;
