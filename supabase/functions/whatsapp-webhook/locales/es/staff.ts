/** Lo que el personal lee en su teléfono de alertas, en español (kinds staff_alert, patient_message; staff/answer.ts). */
import type { AlertReason, StaffTexts } from "../types.ts";

const REASONS: Record<AlertReason, string> = {
  asked_for_staff: "pidió hablar con una persona",
  cooloff: "el asistente no logró entenderle",
  message_failed: "no se pudo responder a un mensaje suyo",
};

const HOW = "Responda a este mensaje para contestarle por aquí, o empiece un mensaje con";

export const staff = {
  somePatient: "Un paciente",
  alert: ({ patient, reference, reason, urgent, lastMessage }) =>
    `${urgent ? "*Urgente* · " : ""}*${patient}*: ${REASONS[reason]}.` +
    (lastMessage === null ? "" : `\n\n"${lastMessage}"`) +
    `\n\n${HOW} *#${reference}*. Al terminar, envíe *bot* para devolverle al asistente.`,
  forwarded: (patient, reference, text) => `*${patient}* (#${reference}):\n${text}`,
  sent: (patient, reference) =>
    `Enviado a ${patient} (#${reference}). Ahora usted atiende este chat: el asistente no responde y sus ` +
    "mensajes le llegarán aquí. Al terminar, envíe *bot* para devolverle al asistente.",
  taken: (patient, reference, owner) =>
    `${owner ?? "Un compañero"} ya está atendiendo a ${patient} (#${reference}), así que su mensaje no se envió. ¡Gracias!`,
  handedBack: (patient, reference) => `${patient} (#${reference}) vuelve a estar con el asistente y ya se le avisó.`,
  alreadyWithBot: (patient, reference) => `${patient} (#${reference}) ya está con el asistente.`,
  ambiguous: (list) =>
    `Está atendiendo a varios pacientes. Responda a uno de sus mensajes, o empiece el suyo con su referencia:\n${list}`,
  empty: (reference) => `Escriba su respuesta después de la referencia, así: "#${reference} Hola, …".`,
  help:
    "Este es el asistente de la clínica. Para contestar a un paciente, responda a su alerta (deslícela) o empiece " +
    'su mensaje con la referencia, así: "#K7Q2 Hola". Envíe *bot* para devolver un chat al asistente.',
} satisfies StaffTexts;
