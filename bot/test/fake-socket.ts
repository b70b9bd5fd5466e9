/**
 * A stand-in for a Baileys socket: Baileys' own event buffer as `ev`, real `proto` objects for
 * messages, and a record of everything the bot sent. Tests drive it like WhatsApp would.
 */
import {
  DisconnectReason,
  makeEventBuffer,
  proto,
  type AnyMessageContent,
  type Contact,
  type MessageUpsertType,
  type UserFacingSocketConfig,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
} from "@whiskeysockets/baileys";
import pino from "pino";
import type { BotSocket, SocketFactory } from "../src/whatsapp/socket-types.ts";

export interface SentText {
  jid: string;
  text: string;
}

let sentSeq = 0;

export class FakeSocket implements BotSocket {
  readonly ev = makeEventBuffer(pino({ level: "silent" }));
  user: Contact | undefined = undefined;
  readonly sent: SentText[] = [];
  /** The message objects sendMessage returned, as Baileys would. */
  readonly sentMessages: WAMessage[] = [];
  readonly presences: { type: WAPresence; jid: string | undefined }[] = [];
  readonly read: WAMessageKey[] = [];
  readonly lids = new Map<string, string>();
  ended = false;
  /** How many of the next sendMessage calls throw instead of sending. */
  failNextSends = 0;
  /** The reason given to logout(), once called. */
  loggedOutWith: string | undefined;
  /** When set, logout() throws (WhatsApp could not be told). */
  failLogout = false;
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string): Promise<string | null> => this.lids.get(lid) ?? null },
  };

  constructor(readonly config: UserFacingSocketConfig) {}

  sendMessage = async (jid: string, content: AnyMessageContent): Promise<WAMessage | undefined> => {
    if (this.failNextSends > 0) {
      this.failNextSends -= 1;
      throw new Error("WhatsApp refused the send");
    }
    const text = "text" in content && typeof content.text === "string" ? content.text : JSON.stringify(content);
    this.sent.push({ jid, text });
    sentSeq += 1;
    const message = proto.WebMessageInfo.fromObject({
      key: { remoteJid: jid, fromMe: true, id: `BOT${sentSeq}` },
      message: { conversation: text },
    }) as WAMessage;
    this.sentMessages.push(message);
    return message;
  };

  /** When set, presence updates of this type throw. */
  failPresence: WAPresence | undefined;

  sendPresenceUpdate = async (type: WAPresence, jid?: string): Promise<void> => {
    if (type === this.failPresence) throw new Error(`presence ${type} failed`);
    this.presences.push({ type, jid });
  };

  readMessages = async (keys: WAMessageKey[]): Promise<void> => {
    this.read.push(...keys);
  };

  end = async (): Promise<void> => {
    this.ended = true;
  };

  /** As Baileys does: tell WhatsApp to remove this device, then close with 401 loggedOut. */
  logout = async (message?: string): Promise<void> => {
    if (this.failLogout) throw new Error("Connection Closed");
    this.loggedOutWith = message ?? "Intentional Logout";
    this.close(DisconnectReason.loggedOut, this.loggedOutWith);
  };

  // What WhatsApp would do:

  showQr(qr: string): void {
    this.ev.emit("connection.update", { qr, connection: "connecting" });
  }

  open(phoneDigits = "15550001111"): void {
    this.user = { id: `${phoneDigits}:7@s.whatsapp.net` };
    this.ev.emit("connection.update", { connection: "open" });
  }

  close(statusCode: number | undefined, message = "Connection Terminated"): void {
    // Baileys closes with a Boom error; its `output.statusCode` is all the bot reads from it.
    const error = statusCode === undefined ? new Error(message) : Object.assign(new Error(message), { output: { statusCode } });
    this.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
  }

  upsert(messages: WAMessage[], type: MessageUpsertType = "notify"): void {
    this.ev.emit("messages.upsert", { messages, type });
  }
}

/** A socket factory that records every socket it made; `latest` is the one in use. */
export class FakeSocketFactory {
  readonly sockets: FakeSocket[] = [];
  readonly create: SocketFactory = (config) => {
    const socket = new FakeSocket(config);
    this.sockets.push(socket);
    return socket;
  };

  get latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error("no socket was created yet");
    return socket;
  }
}

let idSeq = 0;

/** A text message from a person, as WhatsApp delivers it. */
export function textMessage(options: {
  chatJid: string;
  text?: string;
  id?: string;
  message?: proto.IMessage;
  pushName?: string;
  remoteJidAlt?: string;
  fromMe?: boolean;
  participant?: string;
  stubType?: proto.WebMessageInfo.StubType;
  /** When WhatsApp says it was sent, in Unix seconds; now by default. */
  timestampS?: number;
}): WAMessage {
  idSeq += 1;
  const key: WAMessageKey = {
    remoteJid: options.chatJid,
    fromMe: options.fromMe ?? false,
    id: options.id ?? `3EB0${String(idSeq).padStart(8, "0")}`,
  };
  if (options.participant) key.participant = options.participant;
  if (options.remoteJidAlt) key.remoteJidAlt = options.remoteJidAlt;
  const info = proto.WebMessageInfo.fromObject({
    key,
    message: options.message ?? (options.text === undefined ? undefined : proto.Message.create({ conversation: options.text })),
    messageTimestamp: options.timestampS ?? Math.floor(Date.now() / 1_000),
    pushName: options.pushName ?? "Ana",
    messageStubType: options.stubType,
  }) as WAMessage;
  // fromObject keeps only proto fields; v7's alternate JID lives beside them on the key.
  if (options.remoteJidAlt) info.key.remoteJidAlt = options.remoteJidAlt;
  return info;
}
