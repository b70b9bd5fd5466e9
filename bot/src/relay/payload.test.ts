import { describe, expect, it } from "vitest";
import { inboundMessageSchema, MAX_MESSAGE_CHARS } from "../../../shared/index.ts";
import { repliesFor } from "../whatsapp/replies/index.ts";
import { buildPayload, relayableText, wellFormedText, type PayloadInput } from "./payload.ts";

const NOTE = repliesFor("en").truncatedNote;
const INPUT: PayloadInput = {
  messageId: "3EB0C4F1A2",
  chatJid: "15551234567@s.whatsapp.net",
  phone: "+15551234567",
  pushName: "Ana",
  text: "hi",
  sentAtMs: 1_700_000_000_000,
  nowMs: 1_700_000_005_000,
  truncatedNote: NOTE,
};
const LONE_HIGH = "\uD83D";
const LONE_LOW = "\uDE00";
const REPLACEMENT = "\uFFFD";

/** What Postgres refuses in a text column, and what `String.prototype.isWellFormed` reports. */
function storable(text: string): boolean {
  return !text.includes("\u0000") && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe("wellFormedText", () => {
  it("removes NUL and other control characters but keeps line feeds and tabs", () => {
    expect(wellFormedText("a\u0000b\u0007c\r\nd\te\u001Ff")).toBe("abc\nd\tef");
  });

  it("replaces an unpaired surrogate with U+FFFD and keeps a paired one (an emoji)", () => {
    expect(wellFormedText(`x${LONE_HIGH}y${LONE_LOW}z 😀`)).toBe(`x${REPLACEMENT}y${REPLACEMENT}z 😀`);
    expect(wellFormedText(`end${LONE_HIGH}`)).toBe(`end${REPLACEMENT}`);
  });

  it("leaves ordinary text, accents and emoji untouched", () => {
    const text = "Olá, quero marcar às 15h 👩‍⚕️\nobrigada";
    expect(wellFormedText(text)).toBe(text);
  });
});

describe("relayableText", () => {
  it("has nothing to relay when only control characters were sent", () => {
    expect(relayableText("\u0000\u0001 \u0002")).toBeUndefined();
  });

  it("relays the readable rest of a message", () => {
    expect(relayableText("\u0000book")).toBe("book");
  });
});

describe("buildPayload", () => {
  it("makes the message and the display name storable, so the function does not refuse them", () => {
    const payload = buildPayload({ ...INPUT, text: `book\u0000 ${LONE_HIGH}`, pushName: `A\u0000na${LONE_LOW}` });
    expect(payload.message).toBe(`book ${REPLACEMENT}`);
    expect(payload.pushName).toBe(`Ana${REPLACEMENT}`);
    expect(storable(payload.message) && storable(payload.pushName ?? "")).toBe(true);
    expect(inboundMessageSchema.safeParse(payload).success).toBe(true);
  });

  it("sends no display name when only control characters are left of it", () => {
    expect(buildPayload({ ...INPUT, pushName: "\u0000\u001B" }).pushName).toBeNull();
  });

  it("shortens an over-long message after cleaning it, ending with the note", () => {
    const payload = buildPayload({ ...INPUT, text: `${"\u0000".repeat(10)}${"a".repeat(MAX_MESSAGE_CHARS + 10)}` });
    expect(Array.from(payload.message)).toHaveLength(MAX_MESSAGE_CHARS);
    expect(payload.message.endsWith(NOTE)).toBe(true);
    expect(payload.message.startsWith("a")).toBe(true);
  });

  it("ends a shortened message with the note in the clinic's language", () => {
    const note = repliesFor("pt").truncatedNote;
    expect(buildPayload({ ...INPUT, text: "a".repeat(MAX_MESSAGE_CHARS + 1), truncatedNote: note }).message.endsWith(note)).toBe(true);
  });

  it("relays the quoted message's id and its text made storable, or null when it has none", () => {
    expect(buildPayload({ ...INPUT, quoted: { messageId: "BOT1", text: "Reminder\u0000 for Ana" } }).quoted).toEqual({ messageId: "BOT1", text: "Reminder for Ana" });
    expect(buildPayload({ ...INPUT, quoted: { messageId: "BOT2", text: null } }).quoted).toEqual({ messageId: "BOT2", text: null });
    expect(buildPayload({ ...INPUT, quoted: { messageId: "BOT3", text: "\u0001" } }).quoted).toEqual({ messageId: "BOT3", text: null });
    const long = buildPayload({ ...INPUT, quoted: { messageId: "BOT4", text: "b".repeat(MAX_MESSAGE_CHARS + 5) } });
    expect(Array.from(long.quoted?.text ?? "")).toHaveLength(MAX_MESSAGE_CHARS);
    expect(inboundMessageSchema.safeParse(long).success).toBe(true);
  });

  it("keeps a message that fits unchanged and uses WhatsApp's timestamp", () => {
    expect(buildPayload(INPUT)).toEqual({
      messageId: INPUT.messageId,
      chatJid: INPUT.chatJid,
      phone: INPUT.phone,
      pushName: "Ana",
      message: "hi",
      timestamp: new Date(1_700_000_000_000).toISOString(),
    });
  });
});
