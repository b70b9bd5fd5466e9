/**
 * The real bot (production wiring: durable queue on disk, per-chat relay with its retries, signed
 * client) on a fake Baileys socket that emits real `proto` messages, talking to the run's stack.
 * Patients say things by upserting WhatsApp messages and read what the bot sent to their chat.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { WAMessage } from "@whiskeysockets/baileys";
import { startBot, type Bot } from "../../../bot/src/app.ts";
import { loadConfig } from "../../../bot/src/config.ts";
import { systemClock } from "../../../bot/src/shared/clock.ts";
import { bundledVersion } from "../../../bot/src/whatsapp/wa-version.ts";
import { FakeSocketFactory, textMessage, type FakeSocket } from "../../../bot/test/fake-socket.ts";
import type { StackEnv } from "../../stack/stack.ts";

/** How long a patient waits for the bot's answer before counting it as missing. */
export const REPLY_DEADLINE_MS = 180_000;

export class NoReply extends Error {
  override readonly name = "NoReply";
}

export interface BotHarness {
  bot: Bot;
  socket: FakeSocket;
  /** Everything the bot sent to a chat, in order. */
  sentTo(chatJid: string): readonly string[];
  /** Every chat the bot sent to. */
  chats(): string[];
  /** Delivers the message `copies` times at once (WhatsApp redelivering it) and waits for the next reply to that chat. */
  say(chatJid: string, text: string, messageId: string, copies?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startBotHarness(env: StackEnv, logFile: string): Promise<BotHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), "reliability-bot-"));
  const sockets = new FakeSocketFactory();
  const bot = await startBot({
    config: loadConfig({
      FUNCTION_URL: env.FUNCTION_URL,
      CHANNEL_ID: env.CHANNEL_ID,
      CHANNEL_SECRET: env.CHANNEL_SECRET,
      AUTH_DIR: path.join(dir, "auth"),
      QUEUE_DIR: path.join(dir, "queue"),
    }),
    socketFactory: sockets.create,
    versionProvider: async () => bundledVersion(),
    fetch: globalThis.fetch,
    clock: systemClock,
    random: Math.random,
    // Retries and dead letters are logged at warn; the run's folder keeps them for a post-mortem.
    logger: pino({ level: "warn" }, pino.destination({ dest: logFile, sync: false, mkdir: true })),
    outbox: false,
    health: false,
  });
  const socket = sockets.latest;
  socket.open("15550100100");

  const sent = new Map<string, string[]>();
  const waiters = new Map<string, Array<() => void>>();
  const send = socket.sendMessage;
  socket.sendMessage = async (jid, content) => {
    const message = await send(jid, content);
    const text = "text" in content && typeof content.text === "string" ? content.text : JSON.stringify(content);
    sent.set(jid, [...(sent.get(jid) ?? []), text]);
    for (const wake of waiters.get(jid)?.splice(0) ?? []) wake();
    return message;
  };

  const nextReply = async (chatJid: string, after: number): Promise<string> => {
    const deadline = performance.now() + REPLY_DEADLINE_MS;
    for (;;) {
      const list = sent.get(chatJid) ?? [];
      if (list.length > after) return list[after]!;
      const left = deadline - performance.now();
      if (left <= 0) throw new NoReply(`no reply within ${REPLY_DEADLINE_MS / 1000} s (last error: ${bot.status.snapshot().lastError ?? "none"})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.set(chatJid, [...(waiters.get(chatJid) ?? []), () => (clearTimeout(timer), resolve())]);
      });
    }
  };

  return {
    bot,
    socket,
    sentTo: (chatJid) => sent.get(chatJid) ?? [],
    chats: () => [...sent.keys()],
    async say(chatJid, text, messageId, copies = 1) {
      const before = (sent.get(chatJid) ?? []).length;
      const message: WAMessage = textMessage({ chatJid, text, id: messageId, pushName: "Reliability Patient" });
      // Separate upserts, as WhatsApp redelivers: each copy is a new event for the same message key.
      for (let i = 0; i < copies; i += 1) socket.upsert([message]);
      return nextReply(chatJid, before);
    },
    async stop() {
      try {
        await bot.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
