/** O que a equipe lê no telefone de alertas, em português (kinds staff_alert, patient_message; staff/answer.ts). */
import type { AlertReason, StaffTexts } from "../types.ts";

const REASONS: Record<AlertReason, string> = {
  asked_for_staff: "pediu para falar com uma pessoa",
  cooloff: "o assistente não conseguiu entender",
  message_failed: "uma mensagem não pôde ser respondida",
};

const HOW = "Responda a esta mensagem para atender por aqui, ou comece uma mensagem com";

export const staff = {
  somePatient: "Um paciente",
  alert: ({ patient, reference, reason, urgent, lastMessage }) =>
    `${urgent ? "*Urgente* · " : ""}*${patient}*: ${REASONS[reason]}.` +
    (lastMessage === null ? "" : `\n\n"${lastMessage}"`) +
    `\n\n${HOW} *#${reference}*. Ao terminar, envie *bot* para devolver ao assistente.`,
  forwarded: (patient, reference, text) => `*${patient}* (#${reference}):\n${text}`,
  sent: (patient, reference) =>
    `Enviado para ${patient} (#${reference}). Agora este chat é seu: o assistente fica quieto e as ` +
    "mensagens chegam para você aqui. Ao terminar, envie *bot* para devolver ao assistente.",
  taken: (patient, reference, owner) =>
    `${owner ?? "Um colega"} já está atendendo ${patient} (#${reference}), então sua mensagem não foi enviada. Obrigado!`,
  handedBack: (patient, reference) => `${patient} (#${reference}) voltou para o assistente e já foi avisado.`,
  alreadyWithBot: (patient, reference) => `${patient} (#${reference}) já está com o assistente.`,
  ambiguous: (list) =>
    `Você está atendendo vários pacientes. Responda a uma das mensagens deles, ou comece a sua com a referência:\n${list}`,
  empty: (reference) => `Escreva sua resposta depois da referência, assim: "#${reference} Olá, …".`,
  help:
    "Este é o assistente da clínica. Para responder a um paciente, responda ao alerta (deslize-o) ou comece a " +
    'mensagem com a referência, assim: "#K7Q2 Olá". Envie *bot* para devolver um chat ao assistente.',
} satisfies StaffTexts;
