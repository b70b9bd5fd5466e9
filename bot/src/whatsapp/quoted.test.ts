import { generateWAMessageFromContent, proto, type WAMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { quotedOf } from "./quoted.ts";

const CHAT = "15551234567@s.whatsapp.net";
const BOT = "15550001111@s.whatsapp.net";

/** A message the bot sent, as Baileys returns it from sendMessage. */
function botMessage(text: string, id = "3EB0BOTALERT1"): WAMessage {
  return proto.WebMessageInfo.fromObject({ key: { remoteJid: CHAT, fromMe: true, id }, message: { conversation: text } }) as WAMessage;
}

/** What the phone sends when the person swipes to reply: Baileys' own quoting. */
function replyQuoting(quoted: WAMessage, content: proto.IMessage): proto.IMessage {
  const generated = generateWAMessageFromContent(CHAT, content, { quoted, userJid: BOT });
  if (!generated.message) throw new Error("no message");
  return generated.message;
}

describe("quotedOf", () => {
  it("reads the quoted message's id and text from a text reply", () => {
    const message = replyQuoting(botMessage("Patient Ana asks for staff (ref A7K2)"), { extendedTextMessage: { text: "I'll call her" } });
    expect(quotedOf(message)).toEqual({ messageId: "3EB0BOTALERT1", text: "Patient Ana asks for staff (ref A7K2)" });
  });

  it("reads a quote on a picture's caption, and inside a disappearing-message wrapper", () => {
    const onImage = replyQuoting(botMessage("Your reminder", "ID-IMG"), { imageMessage: { caption: "here is my card" } });
    expect(quotedOf(onImage)).toEqual({ messageId: "ID-IMG", text: "Your reminder" });
    const inner = replyQuoting(botMessage("Menu", "ID-EPH"), { extendedTextMessage: { text: "2" } });
    expect(quotedOf(proto.Message.create({ ephemeralMessage: { message: inner } }))).toEqual({ messageId: "ID-EPH", text: "Menu" });
  });

  it("gives a null text when the quoted message has none we can read", () => {
    const voice = proto.WebMessageInfo.fromObject({ key: { remoteJid: CHAT, fromMe: false, id: "VOICE1" }, message: { audioMessage: { ptt: true } } }) as WAMessage;
    expect(quotedOf(replyQuoting(voice, { extendedTextMessage: { text: "what?" } }))).toEqual({ messageId: "VOICE1", text: null });
  });

  it("finds nothing in a message that quotes nothing", () => {
    expect(quotedOf(proto.Message.create({ conversation: "hi" }))).toBeUndefined();
    expect(quotedOf(proto.Message.create({ extendedTextMessage: { text: "hi", contextInfo: { mentionedJid: [CHAT] } } }))).toBeUndefined();
    expect(quotedOf(undefined)).toBeUndefined();
  });
});
