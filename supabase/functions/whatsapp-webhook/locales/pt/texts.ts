/**
 * Every text a patient sees, in Brazilian Portuguese ("você"). WhatsApp formatting (*bold*); dates
 * and times arrive formatted for the clinic's locale.
 */
import type { Texts } from "../types.ts";
import { withPeriod } from "../format.ts";

const OR_MENU = "Responda *menu* para ver o menu principal.";

export const texts = {
  languageName: "Português",
  menuLabels: {
    book: "Marcar uma consulta",
    appointments: "Minhas consultas",
    question: "Fazer uma pergunta",
    staff: "Falar com a equipe",
    language: "Idioma / Language",
  },
  confirmLabels: { confirm: "Confirmar", other_time: "Escolher outro horário", other_name: "Usar outro nome" },
  appointmentActionLabels: { reschedule: "Remarcar", cancel: "Cancelar esta consulta" },
  cancelLabels: { yes: "Sim, cancelar", no: "Não, manter" },
  anyProvider: "Quem estiver livre primeiro",
  inPart: { morning: "de manhã", afternoon: "à tarde", evening: "à noite" },
  atTime: (time) => `às ${time}`,
  dayAt: (day, time) => `${day} às ${time}`,
  weekdaysPlural: [
    "às segundas-feiras", "às terças-feiras", "às quartas-feiras", "às quintas-feiras", "às sextas-feiras",
    "aos sábados", "aos domingos",
  ],

  menu: (clinicName, intro, list) => {
    const greeting = {
      hello: `Olá! Sou o assistente da *${clinicName}*.`,
      welcome_back: `Bem-vindo de volta à *${clinicName}*. Vamos começar de novo.`,
      updated: "Olá! Nosso assistente foi atualizado, então vamos começar de novo.",
      plain: "*Menu principal*",
    }[intro];
    return `${greeting}\n\n${list}\n\nResponda com um número, ou me diga do que precisa (por exemplo "uma consulta amanhã de manhã") ou faça uma pergunta.`;
  },
  languageSwitched: "Certo, vou escrever em português.",
  pickLanguage: (list) => `Em qual idioma você prefere?\n\n${list}`,

  nothingToStop: "Não há nada em andamento para parar.",
  stoppedBooking: "Certo, parei a marcação. Nada foi marcado.",
  stoppedRescheduling: (when) => `Certo, parei a remarcação. Sua consulta de *${when}* continua como estava.`,
  appointmentsUnchanged: "Certo. Suas consultas continuam como estavam.",

  serviceLabel: (name, minutes) => `${name} (${minutes} min)`,
  pickService: (list, provider) =>
    provider ? `Qual serviço você quer com *${provider}*?\n\n${list}` : `Qual serviço você quer?\n\n${list}`,
  pickProvider: (service, list) => `*${service}*: com quem você quer a consulta?\n\n${list}`,
  providerDoesNotOffer: (provider, service) => `${provider} não atende ${service}.`,
  noFreeDays: (service, horizonDays) =>
    `Desculpe, não há horários livres para *${service}* nos próximos ${horizonDays} dias. ` +
    "Responda *atendente* e nossa equipe vai ajudar, ou escolha outro serviço.",
  pickDay: (service, provider, list, looking, dateExample) =>
    `*${service}*${provider ? ` com ${provider}` : ""}: qual dia é melhor para você?${looking ? ` (livre ${looking})` : ""}\n\n` +
    `${list}\n\nOu digite um dia, como "amanhã" ou "${dateExample}".`,
  noDaysMatching: (looking, horizonDays) =>
    `Desculpe, não há nada livre ${looking} nos próximos ${horizonDays} dias. Estes dias têm outros horários:`,
  noDaysInRange: (from, to) => `Desculpe, não há nada livre de ${from} a ${withPeriod(to)} Os próximos dias livres:`,
  pickTime: (day, list, [example, other]) =>
    `Horários livres em *${day}*:\n\n${list}\n\nOu digite um horário, como "${example}" ou "${other}".`,
  noTimesInPart: (part, day) => `Não há nada livre ${part} em ${withPeriod(day)} Os horários livres desse dia:`,
  whichReading: (day) => `Em *${day}* os dois horários estão livres. Qual você quis dizer?`,
  dayPast: (day) => `${day}: essa data já passou.`,
  dayBeyondHorizon: (day, lastDay) => `${day} é muito longe: aceitamos marcações até ${withPeriod(lastDay)}`,
  dayClosed: (day, weekdayPlural) => `Desculpe, não abrimos ${weekdayPlural} (${day}).`,
  dayClosedDate: (day) => `Desculpe, a clínica está fechada em ${withPeriod(day)}`,
  dayFull: (day) => `Desculpe, não há mais horários livres em ${withPeriod(day)}`,
  timePast: (time) => `${time} de hoje é cedo demais para marcar.`,
  timeNotFree: (time, day) => `${time} não está livre em ${withPeriod(day)} Os horários livres mais próximos:`,
  nearestTimes: (day, list) => `${list}\n\nOu digite outro horário ou dia (mostrando ${day}).`,
  whenUnsure: (about, dateExample, timeExample) =>
    ({
      day: `Não tenho certeza de qual dia você quis dizer. Digite um só dia, por favor, assim: "${dateExample}".`,
      time: `Não tenho certeza de qual horário você quis dizer. Digite um só horário, por favor, assim: "${timeExample}".`,
      day_or_time: `Não tenho certeza de qual dia ou horário você quis dizer. Digite um dia como "${dateExample}" ou um horário como "${timeExample}", por favor.`,
    })[about],
  whichDayUnsure: "Não tenho certeza de qual dia você quis dizer; estes são os dias possíveis.",

  confirmBooking: ({ service, provider, when, name, holdMinutes, list }) =>
    name === null
      ? `*Quase pronto*\n${service} com ${provider}\n${when}\n\nEstou segurando este horário para você por ${holdMinutes} minutos. ` +
        "Em nome de quem fica a consulta? Digite seu nome completo."
      : `*Confirme, por favor*\n${service} com ${provider}\n${when}\nNome: ${name}\n\n` +
        `Estou segurando este horário para você por ${holdMinutes} minutos.\n\n${list}`,
  confirmReschedule: ({ service, provider, newProvider, from, to, holdMinutes, list }) =>
    `*Confirme, por favor*\nMudar sua consulta de ${service} com ${provider}\nde ${from}\npara *${to}*${newProvider ? ` com ${newProvider}` : ""}\n\n` +
    `Estou segurando o novo horário por ${holdMinutes} minutos.\n\n${list}`,
  askBookingName: "Em nome de quem fica a consulta? Digite seu nome completo.",
  bookingConfirmed: (service, provider, when) =>
    `Sua consulta está *confirmada*: ${service} com ${provider} em *${when}*. Até lá!\n\n${OR_MENU}`,
  rescheduleConfirmed: (service, provider, when) =>
    `Pronto: sua consulta de ${service} com ${provider} está *confirmada* para *${when}*. O horário anterior foi cancelado.\n\n${OR_MENU}`,
  slotTaken: "Desculpe, alguém acabou de pegar esse horário.",
  holdExpired: (holdMinutes) =>
    `Desculpe, só pude segurar esse horário por ${holdMinutes} minutos e ele não está mais disponível.`,
  refused: (reason) =>
    ({
      too_soon: "Esse horário é cedo demais para marcar.",
      beyond_horizon: "Esse horário é longe demais para marcar.",
      limit_reached: "Você já tem o máximo de consultas futuras que permitimos. Responda *atendente* se precisar de outra.",
      not_found: "Essa consulta ou horário não está mais disponível.",
    })[reason],

  appointmentLabel: (service, provider, when) => `${service} com ${provider}, ${when}`,
  appointments: (purpose, list) =>
    ({
      view: `*Suas próximas consultas*\n\n${list}\n\nResponda com um número para mudar ou cancelar uma.`,
      cancel: `Qual consulta você quer cancelar?\n\n${list}`,
      reschedule: `Qual consulta você quer remarcar?\n\n${list}`,
    })[purpose],
  noAppointments: "Você não tem consultas marcadas.",
  appointmentActions: (service, provider, when, list) => `*${service}* com ${provider}, ${when}\n\n${list}`,
  confirmCancel: (service, provider, when, list) =>
    `Cancelar sua consulta de ${service} com ${provider} em *${when}*?\n\n${list}`,
  cancelled: (service, when) => `Sua consulta de ${service} em ${when} está *cancelada*.\n\n${OR_MENU}`,
  kept: "Certo, sua consulta continua como está.",

  visitLabels: { confirm: "Sim, estarei lá", cancel: "Cancelar", reschedule: "Escolher outro horário" },
  confirmVisit: (service, provider, when, list) => `Sua consulta de *${service}* com ${provider} é em *${when}*. Você vem?\n\n${list}`,
  visitConfirmed: (service, provider, when) =>
    `Obrigado! Sua consulta de ${service} com ${provider} em *${when}* está *confirmada*. Até lá!\n\n${OR_MENU}`,
  visitPassed: (when) => `Essa consulta (${when}) já começou ou já passou, então não há nada para mudar.`,

  optOutQuestion: (clinic, list) =>
    `Parar de receber lembretes e avisos da ${clinic}? Você continua recebendo respostas quando nos escrever, e as mensagens sobre mudanças nas suas consultas.\n\n${list}`,
  optOutLabels: { yes: "Sim, desativar", no: "Não, continuar recebendo" },
  optedOut: "Pronto: não vamos mais enviar lembretes nem avisos. Para voltar a receber, responda *ativar mensagens*.",
  alreadyOptedOut: "Você já tinha parado de receber lembretes e avisos. Para voltar a receber, responda *ativar mensagens*.",
  optedIn: "Pronto: você vai voltar a receber lembretes e avisos. Para parar, responda *parar mensagens*.",
  alreadyOptedIn: "Você já recebe lembretes e avisos. Para parar, responda *parar mensagens*.",
  optOutKept: "Certo, você continua recebendo lembretes e avisos.",

  askQuestion: "O que você gostaria de saber? Digite sua pergunta.",
  answerFollowUp: (atMenu) => (atMenu ? OR_MENU : "Faça outra pergunta ou responda *menu*."),
  noAnswer:
    "Desculpe, não tenho resposta para isso. Responda *atendente* e alguém da nossa equipe vai ajudar, ou *menu* para ver as opções.",
  handoff: (availability) =>
    `Passei esta conversa para a nossa equipe. ${availability} Responda *menu* para voltar ao assistente.`,
  staffOpenNow: (until) => `Eles estão aqui até as ${until} de hoje e vão responder aqui em breve.`,
  staffOpensAt: (when) => `Estamos fechados agora; eles vão responder aqui a partir de ${withPeriod(when)}`,
  staffSoon: "Alguém vai responder aqui em breve.",
  youreWelcome: "De nada!",
  goodbye: `Tchau, e obrigado por escrever! ${OR_MENU}`,
  invalid: "Desculpe, não entendi. Responda com um dos números.",
  invalidName: (maxChars) => `Digite o nome para a consulta (letras, até ${maxChars} caracteres).`,
  cooloff: (minutes) =>
    `Desculpe, estou com dificuldade para entender. Vou me afastar por ${minutes} minutos; nossa equipe pode ver ` +
    "esta conversa. Você também pode responder *atendente* para falar com uma pessoa.",
  slowDown:
    "Você está enviando mensagens mais rápido do que consigo responder. Vou pausar por um minuto; suas mensagens " +
    "ficam salvas. Depois, envie sua resposta de novo.",
} satisfies Texts;
