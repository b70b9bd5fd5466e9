/**
 * Specification of the wire schemas, run by vitest (`webhook.test.ts`) and by Deno
 * (`webhook.deno.test.ts`): the same bodies must be accepted or rejected on both runtimes.
 */
import assert from "node:assert/strict";
import { MAX_MESSAGE_CHARS } from "./limits.ts";
import {
  ERROR_STATUS,
  errorBodySchema,
  inboundMessageSchema,
  isStorableText,
  outboxAckRequestSchema,
  outboxClaimRequestSchema,
  outboxClaimResponseSchema,
  truncateMessage,
  turnResponseSchema,
} from "./webhook.ts";

export interface SpecCase {
  name: string;
  run: () => void | Promise<void>;
}

const VALID_MESSAGE = {
  messageId: "3EB0C4F1A2",
  chatJid: "15551234567@s.whatsapp.net",
  phone: "+15551234567",
  pushName: "Ana",
  message: "hi",
  timestamp: "2026-11-21T10:30:00.000Z",
};

function firstIssuePath(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }): string {
  assert.equal(result.success, false);
  return (result.error?.issues[0]?.path ?? []).map(String).join(".");
}

export const webhookCases: SpecCase[] = [
  {
    name: "the example message from ARCHITECTURE.md is valid",
    run: () => {
      assert.deepEqual(inboundMessageSchema.parse(VALID_MESSAGE), VALID_MESSAGE);
    },
  },
  {
    name: "a LID-only sender without phone or push name is valid",
    run: () => {
      const body = { ...VALID_MESSAGE, chatJid: "123456789012345@lid", phone: null, pushName: null };
      assert.equal(inboundMessageSchema.safeParse(body).success, true);
    },
  },
  {
    name: "each missing field is rejected and named",
    run: () => {
      for (const field of Object.keys(VALID_MESSAGE)) {
        const body: Record<string, unknown> = { ...VALID_MESSAGE };
        delete body[field];
        assert.equal(firstIssuePath(inboundMessageSchema.safeParse(body)), field);
      }
    },
  },
  {
    name: "a chat JID that is not a person's number or LID is rejected, so the function never has to guess",
    run: () => {
      // Regression: with phone null these answered 500 and were retried for an hour, then dead-lettered.
      for (const chatJid of ["status@broadcast", "abc@s.whatsapp.net", "120363025246125486@g.us", "120363123456789@newsletter", "15551234567", "@s.whatsapp.net"]) {
        const result = inboundMessageSchema.safeParse({ ...VALID_MESSAGE, chatJid, phone: null });
        assert.equal(firstIssuePath(result), "chatJid", chatJid);
      }
      for (const chatJid of ["15551234567@s.whatsapp.net", "15551234567:12@s.whatsapp.net", "123456789012345@lid"]) {
        assert.equal(inboundMessageSchema.safeParse({ ...VALID_MESSAGE, chatJid, phone: null }).success, true, chatJid);
      }
    },
  },
  {
    name: "a phone number that is not E.164 is rejected",
    run: () => {
      for (const phone of ["15551234567", "+1 555 123 4567", "+0123456789"]) {
        assert.equal(firstIssuePath(inboundMessageSchema.safeParse({ ...VALID_MESSAGE, phone })), "phone");
      }
    },
  },
  {
    name: "a message of exactly the maximum length is valid and one more character is not",
    run: () => {
      const longest = "a".repeat(MAX_MESSAGE_CHARS);
      assert.equal(inboundMessageSchema.safeParse({ ...VALID_MESSAGE, message: longest }).success, true);
      const tooLong = { ...VALID_MESSAGE, message: `${longest}a` };
      assert.equal(firstIssuePath(inboundMessageSchema.safeParse(tooLong)), "message");
    },
  },
  {
    name: "message length counts an emoji as one character",
    run: () => {
      const emojis = "🚗".repeat(MAX_MESSAGE_CHARS);
      assert.equal(inboundMessageSchema.safeParse({ ...VALID_MESSAGE, message: emojis }).success, true);
    },
  },
  {
    name: "an empty message is rejected",
    run: () => {
      assert.equal(firstIssuePath(inboundMessageSchema.safeParse({ ...VALID_MESSAGE, message: "" })), "message");
    },
  },
  {
    name: "a timestamp that is not an ISO date-time is rejected",
    run: () => {
      for (const timestamp of ["yesterday", "1795000000", "2026-11-21"]) {
        const result = inboundMessageSchema.safeParse({ ...VALID_MESSAGE, timestamp });
        assert.equal(firstIssuePath(result), "timestamp");
      }
    },
  },
  {
    name: "a NUL character or an unpaired surrogate in any text field is rejected and the field named",
    run: () => {
      const unstorable = ["a\u0000b", "\u0000", "half \uD83D emoji", "\uDE97 tail", "ends high \uD83D"];
      for (const field of ["messageId", "chatJid", "pushName", "message"] as const) {
        for (const bad of unstorable) {
          // Keep the JID shape valid so only the bad character can be the reason.
          const value = field === "chatJid" ? `${bad}@s.whatsapp.net` : bad;
          const result = inboundMessageSchema.safeParse({ ...VALID_MESSAGE, [field]: value });
          assert.equal(firstIssuePath(result), field, `${field} = ${JSON.stringify(value)}`);
        }
      }
    },
  },
  {
    name: "a whole emoji (a surrogate pair) and other unusual but storable text are valid",
    run: () => {
      for (const message of ["🚗", "a\u0001b", "tab\tand\nnewline", "\uFFFD", "\uD83D\uDE97\uD83D\uDE97"]) {
        assert.equal(inboundMessageSchema.safeParse({ ...VALID_MESSAGE, message }).success, true, JSON.stringify(message));
      }
      assert.equal(isStorableText("Ana 🚗"), true);
      assert.equal(isStorableText("Ana \u0000"), false);
    },
  },
  {
    name: "an outbox ack whose error text holds a NUL character is rejected",
    run: () => {
      const id = "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11";
      const result = outboxAckRequestSchema.safeParse({ id, status: "failed", error: "boom\u0000" });
      assert.equal(firstIssuePath(result), "error");
    },
  },
  {
    name: "truncateMessage keeps whole emoji and at most the maximum number of characters",
    run: () => {
      const cut = truncateMessage("🚗".repeat(MAX_MESSAGE_CHARS + 3));
      assert.equal(Array.from(cut).length, MAX_MESSAGE_CHARS);
      assert.equal(cut, "🚗".repeat(MAX_MESSAGE_CHARS));
      assert.equal(truncateMessage("short"), "short");
    },
  },
  {
    name: "a turn response carries a uuid conversation and a nullable response",
    run: () => {
      const body = { success: true, conversationId: "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11", response: null, duplicate: false };
      assert.equal(turnResponseSchema.safeParse(body).success, true);
      assert.equal(turnResponseSchema.safeParse({ ...body, conversationId: "c1" }).success, false);
    },
  },
  {
    name: "error bodies accept only the listed codes, each with its fixed status",
    run: () => {
      assert.equal(errorBodySchema.safeParse({ success: false, error: { code: "unavailable", message: "retry" } }).success, true);
      assert.equal(errorBodySchema.safeParse({ success: false, error: { code: "teapot", message: "x" } }).success, false);
      assert.equal(ERROR_STATUS.unauthorized, 401);
      assert.equal(ERROR_STATUS.unavailable, 503);
      assert.equal(ERROR_STATUS.internal_error, 500);
    },
  },
  {
    name: "an outbox claim defaults to twenty and refuses more than fifty",
    run: () => {
      assert.deepEqual(outboxClaimRequestSchema.parse({}), { limit: 20 });
      assert.equal(outboxClaimRequestSchema.safeParse({ limit: 51 }).success, false);
      assert.equal(outboxClaimRequestSchema.safeParse({ limit: 0 }).success, false);
      assert.equal(outboxClaimRequestSchema.safeParse({ limit: 2.5 }).success, false);
    },
  },
  {
    name: "an outbox claim may bound its paced messages, from none to fifty, and an older bot's claim without the bound is valid",
    run: () => {
      assert.deepEqual(outboxClaimRequestSchema.parse({ limit: 20, pacedLimit: 0 }), { limit: 20, pacedLimit: 0 });
      assert.deepEqual(outboxClaimRequestSchema.parse({ limit: 5, pacedLimit: 50 }), { limit: 5, pacedLimit: 50 });
      assert.deepEqual(outboxClaimRequestSchema.parse({ limit: 20 }), { limit: 20 });
      assert.equal(outboxClaimRequestSchema.safeParse({ limit: 20, pacedLimit: -1 }).success, false);
      assert.equal(outboxClaimRequestSchema.safeParse({ limit: 20, pacedLimit: 51 }).success, false);
      assert.equal(outboxClaimRequestSchema.safeParse({ limit: 20, pacedLimit: 1.5 }).success, false);
    },
  },
  {
    name: "an outbox message needs a chat JID and a kind, which may be one the bot does not know yet",
    run: () => {
      const message = { id: "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11", chatJid: "15551234567@s.whatsapp.net", phone: null, text: "See you", kind: "reminder" };
      assert.equal(outboxClaimResponseSchema.safeParse({ messages: [message] }).success, true);
      // Regression: one unknown kind used to make the bot reject the whole claim batch.
      const batch = { messages: [message, { ...message, kind: "kind_added_after_this_bot_was_built" }] };
      assert.equal(outboxClaimResponseSchema.safeParse(batch).success, true);
      assert.equal(outboxClaimResponseSchema.safeParse({ messages: [{ ...message, kind: "" }] }).success, false);
      const { kind: _kind, ...withoutKind } = message;
      assert.equal(outboxClaimResponseSchema.safeParse({ messages: [withoutKind] }).success, false);
      assert.equal(outboxClaimResponseSchema.safeParse({ messages: [{ ...message, chatJid: "nobody" }] }).success, false);
    },
  },
  {
    name: "a message may name the message it quotes, with or without its text",
    run: () => {
      const quoted = { ...VALID_MESSAGE, quoted: { messageId: "3EB0AAAA", text: "Alert #K7Q2: Ana asked for staff" } };
      assert.deepEqual(inboundMessageSchema.parse(quoted), quoted);
      const unreadable = { ...VALID_MESSAGE, quoted: { messageId: "3EB0AAAA", text: null } };
      assert.equal(inboundMessageSchema.safeParse(unreadable).success, true);
      const noId = { ...VALID_MESSAGE, quoted: { messageId: "", text: "x" } };
      assert.equal(firstIssuePath(inboundMessageSchema.safeParse(noId)), "quoted.messageId");
    },
  },
  {
    name: "an outbox ack is sent or failed with an optional error",
    run: () => {
      const id = "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11";
      assert.equal(outboxAckRequestSchema.safeParse({ id, status: "sent" }).success, true);
      assert.equal(outboxAckRequestSchema.safeParse({ id, status: "failed", error: "not on WhatsApp" }).success, true);
      assert.equal(outboxAckRequestSchema.safeParse({ id, status: "pending" }).success, false);
      assert.equal(outboxAckRequestSchema.safeParse({ id, status: "sent", waMessageId: "3EB0C4F1A2" }).success, true);
      assert.equal(outboxAckRequestSchema.safeParse({ id, status: "sent", waMessageId: "" }).success, false);
    },
  },
];
