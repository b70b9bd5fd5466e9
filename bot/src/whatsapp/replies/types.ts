/** The texts the bot sends on its own, without the function; one module per language fills them. */
export interface BotReplies {
  /** The answer to a voice note, sticker, bare picture or a message with nothing readable. */
  readonly unsupportedKind: string;
  /** Appended to the start of an over-long message that is forwarded shortened (staff read it). */
  readonly truncatedNote: string;
  /** Sent when the bot gives up on a patient's message (function or database down): staff follow up. */
  readonly deadLetterApology: string;
}
