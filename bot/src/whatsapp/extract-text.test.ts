import { proto } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { extractText } from "./extract-text.ts";

const m = (message: proto.IMessage) => proto.Message.create(message);

describe("extractText", () => {
  it("reads a plain text message", () => {
    expect(extractText(m({ conversation: "hi" }))).toBe("hi");
  });

  it("reads an extended text message (a reply or a link)", () => {
    expect(extractText(m({ extendedTextMessage: { text: "book please" } }))).toBe("book please");
  });

  it("reads the caption of an image, a video and a document", () => {
    expect(extractText(m({ imageMessage: { caption: "my rash" } }))).toBe("my rash");
    expect(extractText(m({ videoMessage: { caption: "how it moves" } }))).toBe("how it moves");
    expect(extractText(m({ documentWithCaptionMessage: { message: { documentMessage: { caption: "referral" } } } }))).toBe("referral");
  });

  it("unwraps disappearing and view-once messages", () => {
    expect(extractText(m({ ephemeralMessage: { message: { conversation: "secret hi" } } }))).toBe("secret hi");
    expect(extractText(m({ viewOnceMessageV2: { message: { imageMessage: { caption: "once" } } } }))).toBe("once");
  });

  it("reads the label of a button reply, else its id", () => {
    expect(extractText(m({ buttonsResponseMessage: { selectedButtonId: "b1", selectedDisplayText: "Book" } }))).toBe("Book");
    expect(extractText(m({ buttonsResponseMessage: { selectedButtonId: "b1" } }))).toBe("b1");
  });

  it("reads the title of a list reply, else the chosen row id", () => {
    expect(extractText(m({ listResponseMessage: { title: "2. My appointments", singleSelectReply: { selectedRowId: "r2" } } }))).toBe("2. My appointments");
    expect(extractText(m({ listResponseMessage: { singleSelectReply: { selectedRowId: "r2" } } }))).toBe("r2");
  });

  it("reads a template button reply", () => {
    expect(extractText(m({ templateButtonReplyMessage: { selectedId: "t1", selectedDisplayText: "Talk to staff" } }))).toBe("Talk to staff");
  });

  it("reads an interactive reply's body, else the chosen option in its params", () => {
    expect(extractText(m({ interactiveResponseMessage: { body: { text: "3" } } }))).toBe("3");
    const nativeFlow = { interactiveResponseMessage: { nativeFlowResponseMessage: { name: "quick_reply", paramsJson: '{"id":"menu"}' } } };
    expect(extractText(m(nativeFlow))).toBe("menu");
  });

  it("finds no text in a voice note, a sticker, a bare image or a location", () => {
    expect(extractText(m({ audioMessage: { ptt: true } }))).toBeUndefined();
    expect(extractText(m({ stickerMessage: {} }))).toBeUndefined();
    expect(extractText(m({ imageMessage: {} }))).toBeUndefined();
    expect(extractText(m({ locationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }))).toBeUndefined();
  });

  it("treats whitespace-only text as no text", () => {
    expect(extractText(m({ conversation: "   " }))).toBeUndefined();
  });
});
