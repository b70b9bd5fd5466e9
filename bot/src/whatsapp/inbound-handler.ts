/**
 * Turns `messages.upsert` events into durable queue items: classify, dedupe, resolve the sender's
 * phone, store (fsync'd) and hand to the per-chat scheduler. Upserts are handled one after another
 * so a chat's messages enter the queue in the order WhatsApp delivered them.
 */
import type { BaileysEventMap } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";
import type { BotStatus } from "../health/status.ts";
import type { InboundQueue } from "../relay/inbound-queue.ts";
import { buildPayload, relayableText } from "../relay/payload.ts";
import { dedupeKeyOf, type Job, type QueueItem, type StoredMessageKey } from "../relay/queue-item.ts";
import { classifyInbound, sentAtMs } from "./inbound-filter.ts";
import { quotedOf } from "./quoted.ts";
import type { BotReplies } from "./replies/index.ts";
import { resolveSenderPhone } from "./sender.ts";
import type { BotSocket } from "./socket-types.ts";

export interface InboundHandlerDeps {
  queue: InboundQueue;
  clock: Clock;
  status: BotStatus;
  logger: Logger;
  /** The bot's own texts in the clinic's language. */
  replies: BotReplies;
  /** Whether patients' texts may appear in debug logs (LOG_PATIENT_TEXT). */
  logPatientText: boolean;
  /** Called with each newly stored item. */
  schedule(item: QueueItem): void;
}

export interface InboundHandler {
  (socket: BotSocket, upsert: BaileysEventMap["messages.upsert"]): void;
  /** Resolves when every upsert received so far is stored (tests, shutdown). */
  settled(): Promise<void>;
}

export function createInboundHandler(deps: InboundHandlerDeps): InboundHandler {
  const { queue, status, logger, clock } = deps;
  let chain: Promise<void> = Promise.resolve();

  /** The answer to anything the front desk cannot read: a voice note, a sticker, control characters. */
  function unsupportedNotice(): Job {
    status.count("unsupported");
    return { kind: "notice", text: deps.replies.unsupportedKind };
  }

  async function handle(socket: BotSocket, upsert: BaileysEventMap["messages.upsert"]): Promise<void> {
    for (const message of upsert.messages) {
      const verdict = classifyInbound(message, upsert.type, clock.now());
      if (verdict.kind === "skip") {
        status.count("skipped");
        logger.debug({ reason: verdict.reason, id: message.key?.id }, "skipped an upsert");
        continue;
      }
      status.count("received");
      const dedupeKey = dedupeKeyOf(message.key);
      if (queue.has(dedupeKey)) {
        status.count("duplicates");
        logger.debug({ dedupeKey }, "duplicate delivery ignored");
        continue;
      }
      let job: Job;
      switch (verdict.kind) {
        case "text": {
          const text = relayableText(verdict.text);
          if (text === undefined) {
            // Only control characters: nothing the front desk can read, so answer like a sticker.
            job = unsupportedNotice();
            break;
          }
          const phone = await resolveSenderPhone(message.key, socket.signalRepository.lidMapping).catch((error: unknown) => {
            // The mapping store may fail when the session is mid-reset; relaying with phone null is still correct.
            logger.warn({ err: describeError(error), chatJid: verdict.chatJid }, "LID lookup failed");
            return null;
          });
          job = {
            kind: "relay",
            payload: buildPayload({
              messageId: verdict.messageId,
              chatJid: verdict.chatJid,
              phone,
              pushName: message.pushName,
              text,
              sentAtMs: sentAtMs(message) ?? null,
              nowMs: clock.now(),
              quoted: quotedOf(message.message),
              truncatedNote: deps.replies.truncatedNote,
            }),
          };
          // Patients' words stay out of logs unless the operator asked for them (LOG_PATIENT_TEXT).
          logger.debug(
            { chatJid: verdict.chatJid, id: verdict.messageId, chars: text.length, ...(deps.logPatientText ? { text } : {}) },
            "received a text message",
          );
          break;
        }
        case "unsupported":
          job = unsupportedNotice();
          break;
        default:
          return assertNever(verdict);
      }
      const messageKey: StoredMessageKey = { remoteJid: verdict.chatJid, id: verdict.messageId };
      if (message.key.participant) messageKey.participant = message.key.participant;
      const item = await queue.enqueue({ dedupeKey, chatJid: verdict.chatJid, messageKey, job });
      if (item) deps.schedule(item);
      else status.count("duplicates");
    }
  }

  const handler = ((socket, upsert) => {
    chain = chain.then(() =>
      handle(socket, upsert).catch((error: unknown) => {
        // The disk refused the write: the message is not stored, so say so loudly.
        status.recordError(`could not store an inbound message: ${describeError(error)}`);
        logger.error({ err: describeError(error) }, "could not store an inbound message");
      }),
    );
  }) as InboundHandler;
  handler.settled = () => chain;
  return handler;
}
