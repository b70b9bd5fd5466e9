/**
 * Mensagens que a clínica envia primeiro, em português do Brasil ("você"): o texto próprio do
 * assistente para cada tipo (quando a clínica não escreveu um modelo neste idioma; os mesmos
 * marcadores, shared/templates/placeholders.ts) e o que outbox/render.ts acrescenta para a conversa responder.
 */
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { NoticeTexts, RebookChoice, RebookReason } from "../types.ts";
import { texts } from "./texts.ts";

function rebookReason(reason: RebookReason, provider: string): string {
  switch (reason) {
    case "closed":
      return "a clínica estará fechada nesse dia";
    case "provider_away":
      return `${provider} não estará nesse dia`;
    case "blocked":
      return "esse horário não está mais disponível";
    case "provider_inactive":
      return `${provider} não está mais atendendo`;
    case "outside_hours":
      return `${provider} não atende mais nesse horário`;
    default:
      return assertNever(reason);
  }
}

function rebookChoice(choice: RebookChoice): string {
  switch (choice.kind) {
    case "numbered":
      return `Os primeiros horários livres${choice.provider === null ? "" : ` com ${choice.provider}`}, em *${choice.day}*:\n\n${choice.list}\n\n` +
        "Responda com um número para mudar sua consulta para esse horário, ou digite outro dia. Responda *atendente* para falar com a gente.";
    case "via_menu":
      return `Para escolher um novo horário, responda *menu* e depois *${texts.menuLabels.appointments}*` +
        `${choice.day === null ? "" : ` (os primeiros horários livres são em ${choice.day})`}. Ou responda *atendente* para falar com a gente.`;
    case "none":
      return "Não há horários livres nos próximos dias; responda *atendente* e nossa equipe vai ajudar você.";
    default:
      return assertNever(choice);
  }
}

export const notices = {
  templates: {
    reminder: "Lembrete da {clinic}: sua consulta de *{service}* com {provider} é em *{day}* às *{time}*.",
    appointment_booked:
      "A {clinic} marcou sua consulta de *{service}* com {provider} em *{day}* às *{time}*. Responda *menu* para ver ou mudar suas consultas.",
    appointment_cancelled:
      "A {clinic} cancelou sua consulta de *{service}* com {provider} em *{day}* às *{time}*. " +
      "Responda *menu* para marcar outro horário, ou *atendente* para falar com a gente.",
    appointment_moved:
      "A {clinic} mudou sua consulta de *{service}* para *{day}* às *{time}* com {provider} (era {previous_day} às {previous_time}). " +
      "Responda *menu* para ver ou mudar suas consultas, ou *atendente* para falar com a gente.",
    rebook_offer: "Desculpe, sua consulta de *{service}* em *{day}* às *{time}* não pode acontecer: {reason}.",
    hand_back: "Obrigado por esperar: nossa equipe terminou por aqui, e o assistente voltou para ajudar você.",
  },
  rebookReason,
  rebookChoice,
  reminderChoices: (list) => `Você vem?\n\n${list}\n\nResponda com um número.`,
  reminderViaMenu: "Para mudar ou cancelar, responda *minhas consultas*.",
  reminderConfirmed: "Você já confirmou: até lá! Para mudar, responda *minhas consultas*.",
} satisfies NoticeTexts;
