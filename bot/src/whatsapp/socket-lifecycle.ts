/**
 * Owns the one WhatsApp socket of this process: creates it from the session in AUTH_DIR, saves
 * every credential change, follows connection updates into /health, and reconnects (or stops) as
 * decideReconnect says. A replaced socket is ended and its events ignored, so two sockets never
 * serve the session at once.
 */
import { Browsers, DisconnectReason, makeCacheableSignalKeyStore, type BaileysEventMap, type ConnectionState as WAConnectionUpdate, type proto, type WAMessageKey } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import { RETRY_BACKOFF, backoffDelay } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { BotError, assertNever, describeError } from "../shared/errors.ts";
import type { BotStatus } from "../health/status.ts";
import type { StoredMessageKey } from "../relay/queue-item.ts";
import type { ChatSender } from "../relay/relay-worker.ts";
import { clearAuthState, loadFileAuthState } from "./auth-state.ts";
import { shouldIgnoreJid } from "./inbound-filter.ts";
import { RETRY_COUNTER_MAX_ENTRIES, RETRY_COUNTER_TTL_MS, SentMessages, TtlCache } from "./memory-cache.ts";
import { REPLACED_WINDOW_MS, decideReconnect, describeStop } from "./reconnect-decision.ts";
import { phoneFromPnJid } from "./sender.ts";
import type { BotSocket, SocketFactory } from "./socket-types.ts";
import type { VersionProvider } from "./wa-version.ts";

/** Baileys' own log level unless the bot runs at debug or trace. */
const BAILEYS_LOG_LEVEL = "warn";
const MS_PER_S = 1_000;
/** The browser name WhatsApp shows under "Linked devices". */
export const BROWSER_NAME = "Clinic Front Desk";

export type UpsertHandler = (socket: BotSocket, upsert: BaileysEventMap["messages.upsert"]) => void;

export interface SocketLifecycleDeps {
  authDir: string;
  socketFactory: SocketFactory;
  versionProvider: VersionProvider;
  clock: Clock;
  random: () => number;
  status: BotStatus;
  logger: Logger;
  onUpsert: UpsertHandler;
}

export class SocketLifecycle implements ChatSender {
  private socket: BotSocket | undefined;
  private detach: (() => void) | undefined;
  private reconnectAttempt = 0;
  private replacedAtMs: number[] = [];
  private pendingReconnect: AbortController | undefined;
  private stopped = false;
  private connectChain: Promise<void> = Promise.resolve();
  private readonly openWaiters = new Set<() => void>();
  private readonly retryCounters: TtlCache;
  private readonly sent = new SentMessages();

  constructor(private readonly deps: SocketLifecycleDeps) {
    this.retryCounters = new TtlCache(deps.clock, RETRY_COUNTER_TTL_MS, RETRY_COUNTER_MAX_ENTRIES);
  }

  /** Connects; further connects happen on their own as closes require. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Ends the socket and cancels any pending reconnect. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pendingReconnect?.abort();
    await this.dropSocket();
  }

  /** The operator's "new QR" button: wipe the session and pair again. Refused while linked. */
  async requestNewPairing(): Promise<boolean> {
    if (this.deps.status.connectionState === "open" || this.stopped) return false;
    this.deps.logger.info("operator asked for a new pairing");
    this.pendingReconnect?.abort();
    await this.dropSocket();
    await clearAuthState(this.deps.authDir);
    this.reconnectAttempt = 0;
    this.replacedAtMs = [];
    await this.connect();
    return true;
  }

  async sendReply(chatJid: string, text: string, signal: AbortSignal): Promise<void> {
    const socket = await this.openSocket(signal);
    await socket.sendPresenceUpdate("composing", chatJid);
    await this.sendAndRemember(socket, chatJid, text);
    try {
      await socket.sendPresenceUpdate("paused", chatJid);
    } catch (error) {
      // The reply is out; throwing now would make the relay send it a second time.
      this.deps.logger.debug({ err: describeError(error), chatJid }, "could not clear the typing indicator");
    }
  }

  async markRead(key: StoredMessageKey): Promise<void> {
    if (!this.socket || this.deps.status.connectionState !== "open") return;
    await this.socket.readMessages([key]);
  }

  /** Sends a text without "typing" (outbox messages are not replies); WhatsApp's id of it. */
  async sendText(chatJid: string, text: string, signal: AbortSignal): Promise<string | undefined> {
    return this.sendAndRemember(await this.openSocket(signal), chatJid, text);
  }

  /** Sends, and keeps the message so a recipient's retry request can be answered (getMessage). */
  private async sendAndRemember(socket: BotSocket, chatJid: string, text: string): Promise<string | undefined> {
    const sent = await socket.sendMessage(chatJid, { text });
    if (sent?.key.id && sent.message) this.sent.remember(sent.key.id, sent.message);
    return sent?.key.id ?? undefined;
  }

  /**
   * The open socket, waiting for it as long as it takes: a reply the function already computed is
   * worth sending when WhatsApp comes back. Only shutdown (`signal`) ends the wait.
   */
  private async openSocket(signal: AbortSignal): Promise<BotSocket> {
    while (!(this.socket && this.deps.status.connectionState === "open")) {
      if (signal.aborted) {
        throw new BotError("socket_not_open", `WhatsApp is not connected (${this.deps.status.connectionState})`);
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.openWaiters.delete(done);
          signal.removeEventListener("abort", done);
          resolve();
        };
        this.openWaiters.add(done);
        signal.addEventListener("abort", done, { once: true });
      });
    }
    return this.socket;
  }

  /** Connects are serialised: each one first ends the previous socket, so only one ever exists. */
  private connect(): Promise<void> {
    const next = this.connectChain.then(() => this.connectOnce());
    this.connectChain = next.catch(() => undefined);
    return next;
  }

  private async connectOnce(): Promise<void> {
    if (this.stopped) return;
    await this.dropSocket();
    const { deps } = this;
    deps.status.setConnection("connecting");
    let socket: BotSocket;
    let saveCreds: () => Promise<void>;
    try {
      const auth = await loadFileAuthState(deps.authDir);
      saveCreds = auth.saveCreds;
      const { version } = await deps.versionProvider();
      // Baileys logs every reconnect attempt with a stack trace at info; below debug keep its warnings only.
      const socketLogger = deps.logger.child({ lib: "baileys" }, { level: deps.logger.isLevelEnabled("debug") ? deps.logger.level : BAILEYS_LOG_LEVEL });
      socket = deps.socketFactory({
        version,
        auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, socketLogger) },
        logger: socketLogger,
        browser: Browsers.ubuntu(BROWSER_NAME),
        markOnlineOnConnect: false,
        syncFullHistory: false,
        shouldIgnoreJid,
        msgRetryCounterCache: this.retryCounters,
        getMessage: async (key: WAMessageKey): Promise<proto.IMessage | undefined> => (key.id ? this.sent.get(key.id) : undefined),
      });
    } catch (error) {
      deps.status.recordError(`could not create the WhatsApp socket: ${describeError(error)}`);
      deps.logger.error({ err: describeError(error) }, "could not create the WhatsApp socket");
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;

    const onCreds = (): void => {
      saveCreds().catch((error: unknown) => {
        deps.status.recordError(`could not save the WhatsApp session: ${describeError(error)}`);
        deps.logger.error({ err: describeError(error) }, "could not save the WhatsApp session");
      });
    };
    const onConnection = (update: Partial<WAConnectionUpdate>): void => {
      if (this.socket !== socket) return;
      this.onConnectionUpdate(socket, update);
    };
    const onUpsert = (upsert: BaileysEventMap["messages.upsert"]): void => {
      if (this.socket !== socket) return;
      deps.onUpsert(socket, upsert);
    };
    socket.ev.on("creds.update", onCreds);
    socket.ev.on("connection.update", onConnection);
    socket.ev.on("messages.upsert", onUpsert);
    this.detach = () => {
      socket.ev.off("creds.update", onCreds);
      socket.ev.off("connection.update", onConnection);
      socket.ev.off("messages.upsert", onUpsert);
    };
  }

  private onConnectionUpdate(socket: BotSocket, update: Partial<WAConnectionUpdate>): void {
    const { status, logger } = this.deps;
    if (update.qr) {
      status.setConnection("waiting_for_scan", { qr: update.qr });
      logger.info("waiting for the QR code to be scanned on /health");
    }
    switch (update.connection) {
      case undefined:
        return;
      case "connecting":
        if (!update.qr && status.connectionState !== "waiting_for_scan") status.setConnection("connecting");
        return;
      case "open": {
        this.reconnectAttempt = 0;
        const me = phoneFromPnJid(socket.user?.id) ?? socket.user?.id ?? null;
        status.setConnection("open", { me });
        logger.info({ me }, "WhatsApp connection open");
        for (const wake of [...this.openWaiters]) wake();
        return;
      }
      case "close":
        this.onClose(update.lastDisconnect?.error);
        return;
      default:
        return assertNever(update.connection);
    }
  }

  private onClose(error: Error | undefined): void {
    const { status, logger, clock } = this.deps;
    const statusCode = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
    const message = error?.message;
    const nowMs = clock.now();
    if (statusCode === DisconnectReason.connectionReplaced) this.replacedAtMs.push(nowMs);
    this.replacedAtMs = this.replacedAtMs.filter((at) => nowMs - at <= REPLACED_WINDOW_MS);
    const action = decideReconnect({ statusCode, message, recentReplacedCount: this.replacedAtMs.length });
    const described = `WhatsApp closed the connection (${statusCode ?? "no code"}: ${message ?? "no message"})`;
    status.recordError(described);
    logger.warn({ statusCode, message, action: action.kind }, "WhatsApp connection closed");
    void this.dropSocket();
    switch (action.kind) {
      case "reconnect_now":
        status.count("reconnects");
        void this.connect();
        return;
      case "reconnect_backoff":
        this.scheduleReconnect();
        return;
      case "clear_session":
        status.setConnection("logged_out", { me: null, notice: "This device was logged out from the phone; showing a new QR code." });
        void clearAuthState(this.deps.authDir).then(
          () => this.connect(),
          (clearError: unknown) => status.recordError(`could not clear the session: ${describeError(clearError)}`),
        );
        return;
      case "await_operator":
        status.setConnection("logged_out", { me: null, notice: "The QR code expired without a scan. Press \"New QR code\" to try again." });
        return;
      case "stop":
        status.setConnection("stopped", { notice: describeStop(action.reason) });
        return;
      default:
        return assertNever(action);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delayMs = backoffDelay(RETRY_BACKOFF, this.reconnectAttempt, this.deps.random);
    this.reconnectAttempt += 1;
    this.deps.status.setConnection("connecting", { notice: `Reconnecting to WhatsApp in ${Math.round(delayMs / MS_PER_S)} s.` });
    this.pendingReconnect?.abort();
    const pending = new AbortController();
    this.pendingReconnect = pending;
    void this.deps.clock.sleep(delayMs, pending.signal).then(() => {
      if (pending.signal.aborted || this.stopped) return;
      this.deps.status.count("reconnects");
      void this.connect();
    });
  }

  private async dropSocket(): Promise<void> {
    const socket = this.socket;
    this.detach?.();
    this.detach = undefined;
    this.socket = undefined;
    if (!socket) return;
    try {
      await socket.end(undefined);
    } catch (error) {
      // Ending an already closed socket can throw; the socket is gone either way.
      this.deps.logger.debug({ err: describeError(error) }, "ending the old socket failed");
    }
  }
}
