/** The bot's own texts in English (sent without asking the function; see index.ts). */
import type { BotReplies } from "./types.ts";

export const en: BotReplies = {
  unsupportedKind:
    "Thanks for your message! Our front desk can only read text here, so please type your request " +
    "(for example \"menu\"). A voice note, sticker or picture without a caption does not reach us.",
  truncatedNote: "\n[message shortened: please send long texts in parts]",
  deadLetterApology:
    "Sorry, we could not process your message because of a technical problem on our side. " +
    "A member of our staff will get back to you as soon as possible.",
};
