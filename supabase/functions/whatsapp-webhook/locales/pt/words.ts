/**
 * What the assistant understands in Brazilian Portuguese. Phrases are whole messages (see Words in
 * ../types.ts); they are compared normalized, so case, accents and punctuation do not matter.
 */
import type { Words } from "../types.ts";

const STAFF_VERBS = ["falar com", "conversar com", "falar a"];
const STAFF_WHO = [
  "uma pessoa", "alguém", "um atendente", "atendente", "a atendente", "o atendente", "a equipe", "equipe",
  "a recepção", "recepção", "um humano", "uma pessoa de verdade", "uma pessoa real", "um agente", "a recepcionista",
];

export const words = {
  commands: {
    menu: ["menu", "menu principal", "início", "começar", "0", "voltar ao menu", "voltar ao início", "recomeçar"],
    back: ["voltar", "volta", "anterior", "retornar"],
    stop: ["parar", "cancelar", "sair", "pare", "chega", "esquece", "deixa pra lá"],
    staff: ["atendente", "humano", "pessoa", "equipe", "recepção", "recepcionista", "agente"],
  },
  menuWord: "menu",
  language: ["idioma", "idiomas", "língua", "mudar idioma", "trocar idioma", "mudar de idioma"],
  languageNames: {
    en: ["inglês", "em inglês", "english"],
    es: ["espanhol", "em espanhol", "español"],
    pt: ["português", "em português"],
  },
  yes: [
    "sim", "s", "claro", "ok", "okay", "pode ser", "confirmar", "confirmo", "certo", "isso", "isso mesmo", "pode",
    "beleza", "sim por favor", "perfeito", "tá bom", "está bem", "fechado",
  ],
  no: ["não", "n", "não obrigado", "não obrigada", "agora não"],
  connectors: [
    "a", "as", "o", "os", "ao", "aos", "para", "pra", "com", "na", "no", "nas", "nos", "em", "de", "da", "do", "das",
    "dos", "pela", "pelo", "um", "uma", "esta", "essa", "este", "esse",
  ],
  titles: ["dr", "dra", "doutor", "doutora", "enfermeira", "enfermeiro", "sr", "sra"],
  leads: [
    "quero", "queria", "gostaria de", "gostaria", "preciso", "preciso de", "posso", "poderia", "pode", "dá pra",
    "dá para", "eu quero", "eu queria", "eu gostaria de", "eu preciso", "eu preciso de", "por favor", "quero fazer",
    "queria fazer", "gostaria de fazer", "tenho que", "estou procurando", "procuro", "me ajuda a", "tem como",
    "seria possível", "na verdade", "então", "ok", "bom", "e", "também", "aliás",
  ],
  tails: ["por favor", "pfv", "pf", "obrigado", "obrigada", "se possível"],
  intents: {
    opt_out: [
      "parar mensagens", "parar as mensagens", "parar lembretes", "pare de enviar mensagens", "parem de enviar mensagens",
      "pare de me enviar mensagens", "não quero mais mensagens", "nao quero mais mensagens", "não quero receber mensagens",
      "nao quero receber mensagens", "não quero mais lembretes", "cancelar inscrição", "descadastrar", "me descadastrar",
      "descadastre", "descadastre me", "sair da lista", "stop mensagens", "chega de mensagens",
    ],
    opt_in: [
      "ativar mensagens", "ativar lembretes", "receber mensagens", "voltar a receber mensagens", "quero receber mensagens",
      "quero receber lembretes", "me inscrever", "reativar mensagens",
    ],
    staff: [
      ...STAFF_VERBS.flatMap((verb) => STAFF_WHO.map((who) => `${verb} ${who}`)),
      "atendente", "humano", "atendimento humano", "uma pessoa", "um atendente",
    ],
    cancel: [
      "cancelar minha consulta", "cancelar a minha consulta", "cancelar a consulta", "cancelar uma consulta",
      "cancelar consulta", "cancelar meu horário", "cancelar o horário", "cancelar meu agendamento",
      "cancelar o agendamento", "cancelar agendamento", "cancelar minha marcação", "cancelar", "desmarcar",
      "desmarcar minha consulta", "desmarcar a consulta", "desmarcar consulta", "desmarcar o horário",
      "não posso ir", "não vou poder ir", "não vou conseguir ir", "não consigo ir", "não poderei ir",
    ],
    reschedule: [
      "remarcar", "remarcar minha consulta", "remarcar a consulta", "remarcar consulta", "remarcar o horário",
      "mudar minha consulta", "mudar a consulta", "mudar o horário", "mudar o dia", "mudar a data",
      "mudar de horário", "trocar o horário", "trocar minha consulta", "trocar o dia", "trocar a data",
      "trocar de horário", "reagendar", "reagendar minha consulta", "adiar minha consulta", "adiar a consulta",
      "outro horário", "outro dia", "mudar meu agendamento",
    ],
    appointments: [
      "minha consulta", "minhas consultas", "a minha consulta", "as minhas consultas", "quando é minha consulta",
      "quando é a minha consulta", "que horas é minha consulta", "que horas é a minha consulta",
      "qual o horário da minha consulta", "quando é minha próxima consulta", "minha próxima consulta",
      "tenho consulta", "tenho uma consulta", "tenho alguma consulta", "tenho consultas", "ver minhas consultas",
      "ver minha consulta", "meu horário", "meus horários", "meu agendamento", "meus agendamentos",
      "minha marcação", "minhas marcações", "quais consultas tenho", "quais são minhas consultas",
      "minha consulta está confirmada", "para quando é minha consulta", "consultas",
    ],
    thanks: [
      "obrigado", "obrigada", "muito obrigado", "muito obrigada", "obrigadão", "valeu", "brigado", "brigada", "obg",
      "ok obrigado", "ok obrigada", "obrigado pela ajuda", "obrigada pela ajuda", "perfeito obrigado",
      "perfeito obrigada", "ótimo", "perfeito", "show", "beleza obrigado",
    ],
    goodbye: [
      "tchau", "tchau tchau", "até logo", "até mais", "até breve", "até amanhã", "adeus", "é só isso", "só isso",
      "era só isso", "nada mais", "não obrigado", "não obrigada",
    ],
    greeting: [
      "oi", "olá", "bom dia", "boa tarde", "boa noite", "e aí", "oi tudo bem", "olá tudo bem", "tudo bem",
      "oi bom dia", "oi boa tarde", "oi boa noite", "olá bom dia", "olá boa tarde", "olá boa noite", "opa", "salve",
    ],
    book: [
      "marcar", "marcar uma consulta", "marcar consulta", "marcar um horário", "marcar horário", "agendar",
      "agendar uma consulta", "agendar consulta", "agendar um horário", "agendar horário", "uma consulta",
      "consulta", "nova consulta", "outra consulta", "uma nova consulta", "reservar", "reservar um horário",
      "fazer uma marcação", "uma marcação", "marcação", "um horário", "horário", "fazer um agendamento",
      "um agendamento", "agendamento", "ver o médico", "ver a médica", "ver o doutor", "ver a doutora",
      "ver a enfermeira", "passar com o médico", "passar com a doutora", "passar com o doutor", "passar", "tem horário",
      "tem horários", "tem vaga", "tem vagas", "vaga", "horários disponíveis", "tem disponibilidade",
      "disponibilidade", "está disponível", "disponível", "ser atendido", "ser atendida",
    ],
  },
  urgent: [
    "urgente", "urgência", "emergência", "uma emergência", "o quanto antes", "o mais rápido possível", "agora mesmo",
    "imediatamente", "dor", "muita dor", "está doendo", "doendo", "dói", "sangramento", "sangrando", "inchaço",
    "inchado", "inchada", "dente quebrado", "febre", "infecção", "não consigo respirar",
  ],
  handBack: ["bot", "menu", "assistente"],
  bareStop: ["stop", "para", "parar", "pare", "chega"],
} satisfies Words;
