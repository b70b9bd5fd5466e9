import { proto } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { textMessage } from "../../test/fake-socket.ts";
import { STALE_INBOUND_MS, classifyInbound, shouldIgnoreJid } from "./inbound-filter.ts";

const PERSON = "15551234567@s.whatsapp.net";
/** textMessage() stamps messages with the current time; classify them a minute later. */
const A_MINUTE_MS = 60_000;
const classify = (message: Parameters<typeof classifyInbound>[0], type: Parameters<typeof classifyInbound>[1]) =>
  classifyInbound(message, type, Date.now() + A_MINUTE_MS);

describe("classifyInbound", () => {
  it("accepts text from a person in a direct chat, live or appended", () => {
    const message = textMessage({ chatJid: PERSON, text: "hi", id: "A1" });
    expect(classify(message, "notify")).toEqual({ kind: "text", chatJid: PERSON, messageId: "A1", text: "hi" });
    expect(classify(message, "append")).toMatchObject({ kind: "text" });
  });

  it("accepts text from a person addressed by LID", () => {
    expect(classify(textMessage({ chatJid: "123456789012345@lid", text: "hi" }), "notify")).toMatchObject({ kind: "text" });
  });

  it("skips the bot's own sends", () => {
    expect(classify(textMessage({ chatJid: PERSON, text: "hi", fromMe: true }), "notify")).toEqual({ kind: "skip", reason: "from_me" });
  });

  it("skips groups, status broadcasts, broadcast lists and newsletters", () => {
    const verdict = (jid: string) => classify(textMessage({ chatJid: jid, text: "hi", participant: PERSON }), "notify");
    expect(verdict("120363025246125486@g.us")).toEqual({ kind: "skip", reason: "group" });
    expect(verdict("status@broadcast")).toEqual({ kind: "skip", reason: "broadcast" });
    expect(verdict("1234567@broadcast")).toEqual({ kind: "skip", reason: "broadcast" });
    expect(verdict("120363123456789@newsletter")).toEqual({ kind: "skip", reason: "newsletter" });
  });

  it("tells Baileys to ignore the same JIDs, but not people", () => {
    expect(shouldIgnoreJid("120363025246125486@g.us")).toBe(true);
    expect(shouldIgnoreJid("status@broadcast")).toBe(true);
    expect(shouldIgnoreJid("120363123456789@newsletter")).toBe(true);
    expect(shouldIgnoreJid(PERSON)).toBe(false);
    expect(shouldIgnoreJid("123456789012345@lid")).toBe(false);
  });

  it("skips undecryptable stubs", () => {
    const stub = textMessage({ chatJid: PERSON, stubType: proto.WebMessageInfo.StubType.CIPHERTEXT });
    expect(classify(stub, "notify")).toEqual({ kind: "skip", reason: "undecryptable" });
  });

  it("skips protocol messages such as deletes", () => {
    const revoke = textMessage({ chatJid: PERSON, message: proto.Message.create({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE } }) });
    expect(classify(revoke, "notify")).toEqual({ kind: "skip", reason: "protocol" });
  });

  it("skips reactions", () => {
    const reaction = textMessage({ chatJid: PERSON, message: proto.Message.create({ reactionMessage: { text: "👍", key: { id: "X" } } }) });
    expect(classify(reaction, "notify")).toEqual({ kind: "skip", reason: "reaction" });
  });

  it("skips messages without content", () => {
    expect(classify(textMessage({ chatJid: PERSON }), "notify")).toEqual({ kind: "skip", reason: "no_content" });
  });

  it("skips a message that reaches us more than a day after it was sent", () => {
    const sentAtS = 1_790_000_000;
    const message = textMessage({ chatJid: PERSON, text: "hi", timestampS: sentAtS });
    expect(classifyInbound(message, "append", sentAtS * 1_000 + STALE_INBOUND_MS + A_MINUTE_MS)).toEqual({ kind: "skip", reason: "stale" });
    expect(classifyInbound(message, "append", sentAtS * 1_000 + STALE_INBOUND_MS - A_MINUTE_MS)).toMatchObject({ kind: "text" });
  });

  it("marks a voice note, a sticker, a bare image and a location as unsupported", () => {
    const kinds: [proto.IMessage, string][] = [
      [{ audioMessage: { ptt: true } }, "audioMessage"],
      [{ stickerMessage: {} }, "stickerMessage"],
      [{ imageMessage: {} }, "imageMessage"],
      [{ locationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }, "locationMessage"],
    ];
    for (const [message, contentType] of kinds) {
      const verdict = classify(textMessage({ chatJid: PERSON, message: proto.Message.create(message) }), "notify");
      expect(verdict).toMatchObject({ kind: "unsupported", contentType });
    }
  });
});
