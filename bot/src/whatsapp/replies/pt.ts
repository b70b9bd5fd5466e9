/** The bot's own texts in Portuguese (sent without asking the function; see index.ts). */
import type { BotReplies } from "./types.ts";

export const pt: BotReplies = {
  unsupportedKind:
    "Obrigado pela sua mensagem! Nossa recepção só consegue ler texto por aqui, então escreva o seu " +
    "pedido (por exemplo \"menu\"). Áudios, figurinhas e fotos sem legenda não chegam até nós.",
  truncatedNote: "\n[mensagem encurtada: envie textos longos em partes]",
  deadLetterApology:
    "Desculpe, não conseguimos processar a sua mensagem por um problema técnico do nosso lado. " +
    "Alguém da nossa equipe vai responder assim que possível.",
};
