/**
 * Owns the one WhatsApp socket of this process: creates it from the session in AUTH_DIR, saves
 * every credential change, follows connection updates into /health, and reconnects (or stops) as
 * decideReconnect says. A replaced socket is ended and its events ignored, so two sockets never
 * serve the session at once. The operator's two actions on /health live here too: a new pairing
 * (only while waiting for a scan or logged out) and unlinking the number (only while linked).
 * Being logged out or stopping is also posted to ALERT_WEBHOOK_URL: the number cannot say it itself.
 */
import { Browsers, DisconnectReason, makeCacheableSignalKeyStore, type BaileysEventMap, type ConnectionState as WAConnectionUpdate, type proto, type WAMessageKey } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import type { AlertSink } from "../alerts/alert-webhook.ts";
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
/**
 * Baileys at trace dumps every stanza it sends and receives; those carry names, numbers and, for
 * some message kinds, text. Without LOG_PATIENT_TEXT its level stops at debug.
 */
const BAILEYS_MAX_LEVEL_WITHOUT_PATIENT_TEXT = "debug";
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
  alerts: AlertSink;
  /** LOG_PATIENT_TEXT: only then may Baileys log at trace. */
  logPatientText: boolean;
  onUpsert: UpsertHandler;
}

/** The only states in which the operator may start a new pairing: nothing is linked. */
const REPAIRABLE: ReadonlySet<string> = new Set(["waiting_for_scan", "logged_out"]);

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
  /** Set while an unlink the operator asked for is under way, so its logout reads as such. */
  private unlinking = false;

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

  /**
   * The operator's "new QR code": wipe the session and pair again. Only while waiting for a scan or
   * logged out: never while linked, nor while connecting, which a linked number also shows during
   * any outage (a press then would unlink it for good).
   */
  async requestNewPairing(): Promise<boolean> {
    if (!REPAIRABLE.has(this.deps.status.connectionState) || this.stopped) return false;
    this.deps.logger.info("operator asked for a new pairing");
    this.pendingReconnect?.abort();
    await this.dropSocket();
    await clearAuthState(this.deps.authDir);
    this.reconnectAttempt = 0;
    this.replacedAtMs = [];
    await this.connect();
    return true;
  }

  /**
   * The operator's "Unlink this number", only while linked: WhatsApp removes this device (the
   * phone's Linked devices list shows it gone), the session is wiped and a new QR code shown.
   * When WhatsApp cannot be told (the logout request fails), the session is wiped anyway and the
   * phone may list the device until WhatsApp notices it is gone.
   */
  async unlink(): Promise<boolean> {
    const socket = this.socket;
    if (this.deps.status.connectionState !== "open" || this.stopped || !socket) return false;
    this.deps.logger.warn("operator asked to unlink this number");
    this.unlinking = true;
    try {
      // Baileys tells WhatsApp, then closes with 401 loggedOut: onClose clears the session.
      await socket.logout("Unlinked from /health by the operator");
    } catch (error) {
      this.deps.logger.warn({ err: describeError(error) }, "WhatsApp could not be told about the unlink; wiping the session here");
      this.pendingReconnect?.abort();
      await this.dropSocket();
      this.loggedOut();
    }
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

  /**
   * Sends an outbox message, after `typingMs` of "typing" when given (paced messages), and returns
   * WhatsApp's id of what was sent.
   */
  async sendText(chatJid: string, text: string, options: { typingMs?: number }, signal: AbortSignal): Promise<string | undefined> {
    let socket = await this.openSocket(signal);
    if (options.typingMs === undefined) return this.sendAndRemember(socket, chatJid, text);
    await socket.sendPresenceUpdate("composing", chatJid);
    await this.deps.clock.sleep(options.typingMs, signal);
    // The connection may have dropped while "typing": send on the socket that is open now.
    socket = await this.openSocket(signal);
    const id = await this.sendAndRemember(socket, chatJid, text);
    try {
      await socket.sendPresenceUpdate("paused", chatJid);
    } catch (error) {
      this.deps.logger.debug({ err: describeError(error), chatJid }, "could not clear the typing indicator");
    }
    return id;
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
      const verbose = deps.logger.isLevelEnabled("debug");
      const level = !verbose ? BAILEYS_LOG_LEVEL : deps.logPatientText || deps.logger.level !== "trace" ? deps.logger.level : BAILEYS_MAX_LEVEL_WITHOUT_PATIENT_TEXT;
      const socketLogger = deps.logger.child({ lib: "baileys" }, { level });
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
    logger.warn({ statusCode, reason: message, action: action.kind }, "WhatsApp connection closed");
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
        this.loggedOut();
        return;
      case "await_operator":
        status.setConnection("logged_out", { me: null, notice: "The QR code expired without a scan. Press \"New QR code\" to try again." });
        return;
      case "stop": {
        const reason = describeStop(action.reason);
        status.setConnection("stopped", { notice: reason });
        void this.deps.alerts.send({ event: "stopped", reason });
        return;
      }
      default:
        return assertNever(action);
    }
  }

  /** The session is gone (logged out on the phone, or unlinked here): wipe it, alert, show a new QR. */
  private loggedOut(): void {
    const { status } = this.deps;
    const byOperator = this.unlinking;
    this.unlinking = false;
    const reason = byOperator ? "unlinked from /health by the operator" : "logged out from the phone (WhatsApp → Linked devices) or by WhatsApp";
    const notice = byOperator
      ? "This number was unlinked from this page; scan the new QR code to link a number again."
      : "This device was logged out from the phone; showing a new QR code.";
    status.setConnection("logged_out", { me: null, notice });
    this.deps.logger.warn({ reason }, "WhatsApp session ended");
    void this.deps.alerts.send({ event: "logged_out", reason });
    void clearAuthState(this.deps.authDir).then(
      () => this.connect(),
      (clearError: unknown) => status.recordError(`could not clear the session: ${describeError(clearError)}`),
    );
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
