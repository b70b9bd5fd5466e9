/** The bot's own texts in Spanish (sent without asking the function; see index.ts). */
import type { BotReplies } from "./types.ts";

export const es: BotReplies = {
  unsupportedKind:
    "¡Gracias por tu mensaje! Nuestra recepción solo puede leer texto por aquí, así que escribe tu " +
    "consulta (por ejemplo \"menu\"). Las notas de voz, los stickers y las fotos sin texto no nos llegan.",
  truncatedNote: "\n[mensaje acortado: envía los textos largos en varias partes]",
  deadLetterApology:
    "Lo sentimos, no pudimos procesar tu mensaje por un problema técnico de nuestra parte. " +
    "Una persona de nuestro equipo te responderá lo antes posible.",
};
