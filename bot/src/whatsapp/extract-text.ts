/**
 * The text a patient typed or chose, from any message kind that carries one, using Baileys' own
 * unwrapping (ephemeral, view-once, edited, document-with-caption, templates). Pure.
 */
import { extractMessageContent, type proto } from "@whiskeysockets/baileys";

/** Parses the params of a native-flow reply, which carry the chosen option's id or title. */
function nativeFlowChoice(paramsJson: string | null | undefined): string | undefined {
  if (!paramsJson) return undefined;
  try {
    const parsed: unknown = JSON.parse(paramsJson);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    for (const field of ["title", "display_text", "id"]) {
      const value = record[field];
      if (typeof value === "string" && value.trim() !== "") return value;
    }
    return undefined;
  } catch {
    // Not JSON: WhatsApp sent something else in this field, so it carries no choice we can read.
    return undefined;
  }
}

function firstText(...candidates: (string | null | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate;
  }
  return undefined;
}

/**
 * The text of a message, or undefined when it has none (voice, sticker, image without caption,
 * location, …). Button and list replies give the label the patient saw, else the option id.
 */
export function extractText(message: proto.IMessage | null | undefined): string | undefined {
  const content = extractMessageContent(message);
  if (!content) return undefined;
  return firstText(
    content.conversation,
    content.extendedTextMessage?.text,
    content.imageMessage?.caption,
    content.videoMessage?.caption,
    content.documentMessage?.caption,
    content.buttonsResponseMessage?.selectedDisplayText,
    content.buttonsResponseMessage?.selectedButtonId,
    content.listResponseMessage?.title,
    content.listResponseMessage?.singleSelectReply?.selectedRowId,
    content.templateButtonReplyMessage?.selectedDisplayText,
    content.templateButtonReplyMessage?.selectedId,
    content.interactiveResponseMessage?.body?.text,
    nativeFlowChoice(content.interactiveResponseMessage?.nativeFlowResponseMessage?.paramsJson),
  );
}
