/**
 * Mensajes que la clínica envía primero, en español ("usted"); outbox/render.ts les pasa los datos
 * ya formateados para el locale de la clínica y el idioma del paciente.
 */
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { NoticeTexts, RebookChoice, RebookReason } from "../types.ts";
import { texts } from "./texts.ts";

function because(reason: RebookReason, provider: string): string {
  switch (reason) {
    case "closed":
      return "la clínica estará cerrada ese día";
    case "provider_away":
      return `${provider} no estará ese día`;
    case "blocked":
      return "esa hora ya no está disponible";
    case "provider_inactive":
      return `${provider} ya no atiende citas`;
    case "outside_hours":
      return `${provider} ya no atiende a esa hora`;
    default:
      return assertNever(reason);
  }
}

function rebookChoice(choice: RebookChoice): string {
  switch (choice.kind) {
    case "numbered":
      return `Los primeros horarios libres${choice.provider === null ? "" : ` con ${choice.provider}`}, el *${choice.day}*:\n\n${choice.list}\n\n` +
        "Responda con un número para cambiar su cita a esa hora, o escriba otro día. Responda *personal* para hablar con nosotros.";
    case "via_menu":
      return `Para elegir una nueva hora, responda *menú* y luego *${texts.menuLabels.appointments}*` +
        `${choice.day === null ? "" : ` (los primeros horarios libres son el ${choice.day})`}. O responda *personal* para hablar con nosotros.`;
    case "none":
      return "No hay horarios libres en los próximos días; responda *personal* y nuestro equipo le ayudará.";
    default:
      return assertNever(choice);
  }
}

export const notices = {
  reminder: (clinic, a) =>
    `Recordatorio: su cita de *${a.service}* con ${a.provider} en ${clinic} es el *${a.when}*. Responda *menú* para ver o cambiar sus citas.`,
  appointmentCancelled: (clinic, a) =>
    `${clinic} ha cancelado su cita de *${a.service}* con ${a.provider} del *${a.when}*. ` +
    "Responda *menú* para reservar otra hora, o *personal* para hablar con nosotros.",
  appointmentMoved: (clinic, a, previous) => {
    const newProvider = previous.provider === a.provider ? "" : ` con ${a.provider}`;
    const oldProvider = previous.provider === a.provider ? "" : ` con ${previous.provider}`;
    return `${clinic} ha cambiado su cita de *${a.service}* al *${a.when}*${newProvider} (era el ${previous.when}${oldProvider}). ` +
      "Responda *menú* para ver o cambiar sus citas, o *personal* para hablar con nosotros.";
  },
  appointmentBooked: (clinic, a) =>
    `${clinic} le ha reservado una cita de *${a.service}* con ${a.provider} el *${a.when}*. Responda *menú* para ver o cambiar sus citas.`,
  rebookOffer: (_clinic, a, reason, choice) =>
    `Lo sentimos, su cita de *${a.service}* del *${a.when}* no puede mantenerse: ${because(reason, a.provider)}.\n\n${rebookChoice(choice)}`,
  handBack: (menu) => `Gracias por esperar: nuestro equipo ha terminado y el asistente vuelve a atenderle.\n\n${menu}`,
} satisfies NoticeTexts;
