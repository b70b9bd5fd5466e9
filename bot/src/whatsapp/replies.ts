/** Texts the bot sends on its own, without asking the function. English; one place to translate. */
export const REPLIES = {
  unsupportedKind:
    "Thanks for your message! Our front desk can only read text here, so please type your request " +
    "(for example \"menu\"). A voice note, sticker or picture without a caption does not reach us.",
  truncatedNote: "\n[message shortened: please send long texts in parts]",
} as const;
