/**
 * Mensajes que la clínica envía primero, en español ("usted"): la redacción propia del asistente
 * para cada tipo (cuando la clínica no escribió una plantilla en este idioma; mismos marcadores,
 * shared/templates/placeholders.ts) y lo que outbox/render.ts añade para que la conversación responda.
 */
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { NoticeTexts, RebookChoice, RebookReason } from "../types.ts";
import { texts } from "./texts.ts";

function rebookReason(reason: RebookReason, provider: string): string {
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
  templates: {
    reminder: "Recordatorio de {clinic}: su cita de *{service}* con {provider} es el *{day}* a las *{time}*.",
    appointment_booked:
      "{clinic} le ha reservado una cita de *{service}* con {provider} el *{day}* a las *{time}*. Responda *menú* para ver o cambiar sus citas.",
    appointment_cancelled:
      "{clinic} ha cancelado su cita de *{service}* con {provider} del *{day}* a las *{time}*. " +
      "Responda *menú* para reservar otra hora, o *personal* para hablar con nosotros.",
    appointment_moved:
      "{clinic} ha cambiado su cita de *{service}* al *{day}* a las *{time}* con {provider} (era el {previous_day} a las {previous_time}). " +
      "Responda *menú* para ver o cambiar sus citas, o *personal* para hablar con nosotros.",
    rebook_offer: "Lo sentimos, su cita de *{service}* del *{day}* a las *{time}* no puede mantenerse: {reason}.",
    hand_back: "Gracias por esperar: nuestro equipo ha terminado y el asistente vuelve a atenderle.",
  },
  rebookReason,
  rebookChoice,
  reminderChoices: (list) => `¿Vendrá?\n\n${list}\n\nResponda con un número.`,
  reminderViaMenu: "Para cambiarla o cancelarla, responda *mis citas*.",
  reminderConfirmed: "Ya la ha confirmado: ¡le esperamos! Para cambiarla, responda *mis citas*.",
} satisfies NoticeTexts;
