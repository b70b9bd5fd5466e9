/**
 * Every text a patient sees, in Spanish (neutral Latin American, "usted"). WhatsApp formatting
 * (*bold*); dates and times arrive formatted for the clinic's locale.
 */
import type { Texts } from "../types.ts";
import { withPeriod } from "../format.ts";

const OR_MENU = "Responda *menú* para ver el menú principal.";

export const texts = {
  languageName: "Español",
  menuLabels: {
    book: "Reservar una cita",
    appointments: "Mis citas",
    question: "Hacer una pregunta",
    staff: "Hablar con el personal",
    language: "Idioma / Language",
  },
  confirmLabels: { confirm: "Confirmar", other_time: "Elegir otra hora", other_name: "Usar otro nombre" },
  appointmentActionLabels: { reschedule: "Cambiar la hora", cancel: "Cancelar esta cita" },
  cancelLabels: { yes: "Sí, cancelarla", no: "No, mantenerla" },
  anyProvider: "Quien esté libre primero",
  inPart: { morning: "por la mañana", afternoon: "por la tarde", evening: "por la noche" },
  atTime: (time) => `a las ${time}`,
  dayAt: (day, time) => `${day} a las ${time}`,
  weekdaysPlural: ["los lunes", "los martes", "los miércoles", "los jueves", "los viernes", "los sábados", "los domingos"],

  menu: (clinicName, intro, list) => {
    const greeting = {
      hello: `¡Hola! Soy el asistente de *${clinicName}*.`,
      welcome_back: `Bienvenido de nuevo a *${clinicName}*. Empecemos otra vez.`,
      updated: "¡Hola! Nuestro asistente se actualizó, así que empecemos de nuevo.",
      plain: "*Menú principal*",
    }[intro];
    return `${greeting}\n\n${list}\n\nResponda con un número, o dígame lo que necesita (por ejemplo "una cita mañana por la mañana") o haga una pregunta.`;
  },
  languageSwitched: "De acuerdo, le escribiré en español.",
  pickLanguage: (list) => `¿En qué idioma prefiere que le escriba?\n\n${list}`,

  nothingToStop: "No hay nada en curso que detener.",
  stoppedBooking: "De acuerdo, dejé de reservar. No se reservó nada.",
  stoppedRescheduling: (when) => `De acuerdo, dejé de cambiar la cita. Su cita del *${when}* sigue igual.`,
  appointmentsUnchanged: "De acuerdo. Sus citas siguen igual.",

  serviceLabel: (name, minutes) => `${name} (${minutes} min)`,
  pickService: (list, provider) =>
    provider ? `¿Qué servicio desea con *${provider}*?\n\n${list}` : `¿Qué servicio desea?\n\n${list}`,
  pickProvider: (service, list) => `*${service}*: ¿con quién desea la cita?\n\n${list}`,
  providerDoesNotOffer: (provider, service) => `${provider} no atiende citas de ${service}.`,
  noFreeDays: (service, horizonDays) =>
    `Lo siento, no hay horarios libres para *${service}* en los próximos ${horizonDays} días. ` +
    "Responda *personal* y nuestro equipo le ayudará, o elija otro servicio.",
  pickDay: (service, provider, list, looking, dateExample) =>
    `*${service}*${provider ? ` con ${provider}` : ""}: ¿qué día le conviene?${looking ? ` (libre ${looking})` : ""}\n\n` +
    `${list}\n\nO escriba un día, como "mañana" o "${dateExample}".`,
  noDaysMatching: (looking, horizonDays) =>
    `Lo siento, no hay nada libre ${looking} en los próximos ${horizonDays} días. Estos días tienen otros horarios:`,
  noDaysInRange: (from, to) => `Lo siento, no hay nada libre del ${from} al ${withPeriod(to)} Los próximos días libres:`,
  pickTime: (day, list, [example, other]) =>
    `Horarios libres el *${day}*:\n\n${list}\n\nO escriba una hora, como "${example}" o "${other}".`,
  noTimesInPart: (part, day) => `No hay nada libre ${part} el ${withPeriod(day)} Los horarios libres de ese día:`,
  whichReading: (day) => `Las dos horas están libres el *${day}*. ¿Cuál quería?`,
  dayPast: (day) => `${day}: esa fecha ya pasó.`,
  dayBeyondHorizon: (day, lastDay) => `${day} está demasiado lejos: aceptamos reservas hasta el ${withPeriod(lastDay)}`,
  dayClosed: (day, weekdayPlural) => `Lo siento, cerramos ${weekdayPlural} (${day}).`,
  dayClosedDate: (day) => `Lo siento, la clínica está cerrada el ${withPeriod(day)}`,
  dayFull: (day) => `Lo siento, ya no quedan horarios libres el ${withPeriod(day)}`,
  timePast: (time) => `${time} de hoy es demasiado pronto para reservar.`,
  timeNotFree: (time, day) => `${time} no está libre el ${withPeriod(day)} Los horarios libres más cercanos:`,
  nearestTimes: (day, list) => `${list}\n\nO escriba otra hora u otro día (se muestra el ${day}).`,
  whenUnsure: (about, dateExample, timeExample) =>
    ({
      day: `No estoy seguro de qué día quiere decir. Escriba un solo día, por favor, así: "${dateExample}".`,
      time: `No estoy seguro de qué hora quiere decir. Escriba una sola hora, por favor, así: "${timeExample}".`,
      day_or_time: `No estoy seguro de qué día u hora quiere decir. Escriba un día como "${dateExample}" o una hora como "${timeExample}", por favor.`,
    })[about],
  whichDayUnsure: "No estoy seguro de qué día quiere decir; estos son los días posibles.",

  confirmBooking: ({ service, provider, when, name, holdMinutes, list }) =>
    name === null
      ? `*Casi listo*\n${service} con ${provider}\n${when}\n\nLe guardo esta hora durante ${holdMinutes} minutos. ` +
        "¿A nombre de quién hago la reserva? Escriba su nombre completo."
      : `*Confirme, por favor*\n${service} con ${provider}\n${when}\nNombre: ${name}\n\n` +
        `Le guardo esta hora durante ${holdMinutes} minutos.\n\n${list}`,
  confirmReschedule: ({ service, provider, newProvider, from, to, holdMinutes, list }) =>
    `*Confirme, por favor*\nMover su cita de ${service} con ${provider}\ndel ${from}\nal *${to}*${newProvider ? ` con ${newProvider}` : ""}\n\n` +
    `Le guardo la nueva hora durante ${holdMinutes} minutos.\n\n${list}`,
  askBookingName: "¿A nombre de quién hago la reserva? Escriba su nombre completo.",
  bookingConfirmed: (service, provider, when) =>
    `Su cita del *${when}* está *confirmada*: ${service} con ${provider}. ¡Le esperamos!\n\n${OR_MENU}`,
  rescheduleConfirmed: (service, provider, when) =>
    `Listo: su cita de ${service} con ${provider} pasa al *${when}* y queda *confirmada*. La hora anterior se canceló.\n\n${OR_MENU}`,
  slotTaken: "Lo siento, alguien acaba de tomar esa hora.",
  holdExpired: (holdMinutes) =>
    `Lo siento, solo podía guardarle esa hora durante ${holdMinutes} minutos y ya no está disponible.`,
  refused: (reason) =>
    ({
      too_soon: "Esa hora es demasiado pronto para reservar.",
      beyond_horizon: "Esa hora está demasiado lejos para reservar.",
      limit_reached: "Ya tiene el máximo de citas próximas que permitimos. Responda *personal* si necesita otra.",
      not_found: "Esa cita u hora ya no está disponible.",
    })[reason],

  appointmentLabel: (service, provider, when) => `${service} con ${provider}, ${when}`,
  appointments: (purpose, list) =>
    ({
      view: `*Sus próximas citas*\n\n${list}\n\nResponda con un número para cambiar o cancelar una.`,
      cancel: `¿Qué cita desea cancelar?\n\n${list}`,
      reschedule: `¿Qué cita desea cambiar?\n\n${list}`,
    })[purpose],
  noAppointments: "No tiene citas próximas.",
  appointmentActions: (service, provider, when, list) => `*${service}* con ${provider}, ${when}\n\n${list}`,
  confirmCancel: (service, provider, when, list) =>
    `¿Cancelar su cita de ${service} con ${provider} del *${when}*?\n\n${list}`,
  cancelled: (service, when) => `Su cita de ${service} del ${when} está *cancelada*.\n\n${OR_MENU}`,
  kept: "De acuerdo, su cita sigue igual.",

  visitLabels: { confirm: "Sí, allí estaré", cancel: "Cancelarla", reschedule: "Elegir otra hora" },
  confirmVisit: (service, provider, when, list) => `Su cita de *${service}* con ${provider} es el *${when}*. ¿Vendrá?\n\n${list}`,
  visitConfirmed: (service, provider, when) =>
    `¡Gracias! Su cita de ${service} con ${provider} del *${when}* está *confirmada*. ¡Le esperamos!\n\n${OR_MENU}`,
  visitPassed: (when) => `Esa cita (${when}) ya empezó o ya pasó, así que no hay nada que cambiar.`,

  optOutQuestion: (clinic, list) =>
    `¿Dejar de recibir recordatorios y avisos de ${clinic}? Seguirá recibiendo respuestas cuando nos escriba, y los mensajes sobre cambios en sus citas.\n\n${list}`,
  optOutLabels: { yes: "Sí, dejar de recibirlos", no: "No, seguir recibiéndolos" },
  optedOut: "Listo: ya no le enviaremos recordatorios ni avisos. Para volver a recibirlos, responda *activar mensajes*.",
  alreadyOptedOut: "Ya había dejado de recibir recordatorios y avisos. Para volver a recibirlos, responda *activar mensajes*.",
  optedIn: "Listo: volverá a recibir recordatorios y avisos. Para dejar de recibirlos, responda *no más mensajes*.",
  alreadyOptedIn: "Ya recibe recordatorios y avisos. Para dejar de recibirlos, responda *no más mensajes*.",
  optOutKept: "De acuerdo, seguirá recibiendo recordatorios y avisos.",

  askQuestion: "¿Qué desea saber? Escriba su pregunta.",
  answerFollowUp: (atMenu) => (atMenu ? OR_MENU : "Haga otra pregunta o responda *menú*."),
  noAnswer:
    "Lo siento, no tengo respuesta para eso. Responda *personal* y alguien de nuestro equipo le ayudará, o *menú* para ver las opciones.",
  handoff: (availability) =>
    `Pasé esta conversación a nuestro personal. ${availability} Responda *menú* para volver al asistente.`,
  staffOpenNow: (until) => `Están aquí hasta las ${until} de hoy y le responderán pronto por aquí.`,
  staffOpensAt: (when) => `Ahora estamos cerrados; le responderán por aquí a partir del ${withPeriod(when)}`,
  staffSoon: "Alguien le responderá pronto por aquí.",
  youreWelcome: "¡De nada!",
  goodbye: `¡Hasta luego, y gracias por escribirnos! ${OR_MENU}`,
  invalid: "Lo siento, no le entendí. Responda con uno de los números.",
  invalidName: (maxChars) => `Escriba el nombre para la reserva (letras, hasta ${maxChars} caracteres).`,
  cooloff: (minutes) =>
    `Lo siento, me está costando entenderle. Me retiro durante ${minutes} minutos; nuestro personal puede ver ` +
    "este chat. También puede responder *personal* para hablar con una persona.",
  slowDown:
    "Está enviando mensajes más rápido de lo que puedo responder. Haré una pausa de un minuto; sus mensajes quedan " +
    "guardados. Luego envíe su respuesta otra vez.",
} satisfies Texts;
