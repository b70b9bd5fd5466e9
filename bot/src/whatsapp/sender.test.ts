import { describe, expect, it } from "vitest";
import { phoneFromPnJid, resolveSenderPhone } from "./sender.ts";

const noLids = { getPNForLID: async () => null };

describe("sender phone", () => {
  it("formats a phone JID as E.164, dropping the device suffix", () => {
    expect(phoneFromPnJid("15551234567@s.whatsapp.net")).toBe("+15551234567");
    expect(phoneFromPnJid("15551234567:12@s.whatsapp.net")).toBe("+15551234567");
  });

  it("does not read a phone from a LID or a group", () => {
    expect(phoneFromPnJid("123456789012345@lid")).toBeNull();
    expect(phoneFromPnJid("120363025246125486@g.us")).toBeNull();
  });

  it("takes the phone from the chat JID of a phone-addressed sender", async () => {
    expect(await resolveSenderPhone({ remoteJid: "447700900123@s.whatsapp.net" }, noLids)).toBe("+447700900123");
  });

  it("takes the phone of a LID sender from key.remoteJidAlt", async () => {
    const key = { remoteJid: "123456789012345@lid", remoteJidAlt: "5511987654321@s.whatsapp.net" };
    expect(await resolveSenderPhone(key, noLids)).toBe("+5511987654321");
  });

  it("falls back to the LID mapping store", async () => {
    const lids = { getPNForLID: async (lid: string) => (lid === "123456789012345@lid" ? "5511987654321:3@s.whatsapp.net" : null) };
    expect(await resolveSenderPhone({ remoteJid: "123456789012345@lid" }, lids)).toBe("+5511987654321");
  });

  it("gives null for a LID nobody can map", async () => {
    expect(await resolveSenderPhone({ remoteJid: "123456789012345@lid" }, noLids)).toBeNull();
  });
});
