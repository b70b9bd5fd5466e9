/**
 * Mensagens que a clínica envia primeiro, em português do Brasil ("você"); outbox/render.ts passa
 * os dados já formatados para o locale da clínica e o idioma do paciente.
 */
import { assertNever } from "../../../../../shared/assert-never.ts";
import type { NoticeTexts, RebookChoice, RebookReason } from "../types.ts";
import { texts } from "./texts.ts";

function because(reason: RebookReason, provider: string): string {
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
  reminder: (clinic, a) =>
    `Lembrete: sua consulta de *${a.service}* com ${a.provider} na ${clinic} é em *${a.when}*. Responda *menu* para ver ou mudar suas consultas.`,
  appointmentCancelled: (clinic, a) =>
    `A ${clinic} cancelou sua consulta de *${a.service}* com ${a.provider} em *${a.when}*. ` +
    "Responda *menu* para marcar outro horário, ou *atendente* para falar com a gente.",
  appointmentMoved: (clinic, a, previous) => {
    const newProvider = previous.provider === a.provider ? "" : ` com ${a.provider}`;
    const oldProvider = previous.provider === a.provider ? "" : ` com ${previous.provider}`;
    return `A ${clinic} mudou sua consulta de *${a.service}* para *${a.when}*${newProvider} (era ${previous.when}${oldProvider}). ` +
      "Responda *menu* para ver ou mudar suas consultas, ou *atendente* para falar com a gente.";
  },
  appointmentBooked: (clinic, a) =>
    `A ${clinic} marcou sua consulta de *${a.service}* com ${a.provider} em *${a.when}*. Responda *menu* para ver ou mudar suas consultas.`,
  rebookOffer: (_clinic, a, reason, choice) =>
    `Desculpe, sua consulta de *${a.service}* em *${a.when}* não pode acontecer: ${because(reason, a.provider)}.\n\n${rebookChoice(choice)}`,
  handBack: (menu) => `Obrigado por esperar: nossa equipe terminou por aqui, e o assistente voltou para ajudar você.\n\n${menu}`,
} satisfies NoticeTexts;
