/**
 * What the bot keeps on disk and in logs stays private: the session and the queue readable by its
 * user alone (also when an older version left them wider), and patients' words out of the logs at
 * every level unless LOG_PATIENT_TEXT is set.
 */
import { chmod, lstat, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateWAMessageFromContent, proto, type WAMessage } from "@whiskeysockets/baileys";
import { startBot, type Bot } from "../src/app.ts";
import { createBotLogger } from "../src/logger.ts";
import { FakeSocketFactory, textMessage } from "./fake-socket.ts";
import { FakeFunction, errorAnswer, manualClock, tempDir, testBotDeps, testConfig } from "./helpers.ts";

const ANA = "15551234567@s.whatsapp.net";
const WAIT = { timeout: 5_000, interval: 5 };
const SECRET_WORDS = "my rash is spreading";
const QUOTED_WORDS = "your appointment with Dr Lee";

let dir: Awaited<ReturnType<typeof tempDir>>;
let bot: Bot | undefined;

beforeEach(async () => {
  dir = await tempDir("privacy");
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await dir.remove();
});

/** A catch handler: `fallback` when the path no longer exists, the error otherwise. */
function unlessVanished<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === "ENOENT") return fallback;
    throw error;
  };
}

/** Every folder and file under `root` with its permission bits. */
async function modes(root: string): Promise<{ path: string; dir: boolean; mode: number }[]> {
  const found: { path: string; dir: boolean; mode: number }[] = [];
  async function visit(path: string): Promise<void> {
    // A file may be renamed between readdir and lstat (the dead-letter report moves its temp file
    // into place in the background): one that vanished has nothing left to leak.
    const stats = await lstat(path).catch(unlessVanished(null));
    if (stats === null) return;
    found.push({ path, dir: stats.isDirectory(), mode: stats.mode & 0o777 });
    if (stats.isDirectory()) for (const name of await readdir(path).catch(unlessVanished([]))) await visit(join(path, name));
  }
  await visit(root);
  return found;
}

function expectPrivate(entries: { path: string; dir: boolean; mode: number }[]): void {
  for (const entry of entries) expect({ path: entry.path, mode: entry.mode.toString(8) }).toEqual({ path: entry.path, mode: entry.dir ? "700" : "600" });
}

describe("files", () => {
  it("writes the session and the queue as 0600 files in 0700 folders", async () => {
    const fn = new FakeFunction();
    fn.answer = (message) => (message.messageId === "DEAD" ? errorAnswer(400, "invalid_payload") : { status: 200, body: { success: true, conversationId: "11111111-1111-4111-8111-111111111111", response: "ok", duplicate: false } });
    fn.outbox.push({ id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1", chatJid: ANA, phone: null, text: "Reminder", kind: "reminder" });
    const sockets = new FakeSocketFactory();
    const config = testConfig(dir.path);
    bot = await startBot(testBotDeps(config, { socketFactory: sockets.create, fetch: fn.fetch, outbox: true }));
    sockets.latest.ev.emit("creds.update", {});
    sockets.latest.open();
    sockets.latest.upsert([textMessage({ chatJid: ANA, text: "hi" }), textMessage({ chatJid: ANA, text: "x", id: "DEAD" })]);
    await vi.waitFor(() => expect(fn.acks).toHaveLength(1), WAIT);
    await vi.waitFor(() => expect(bot?.queue.deadCount).toBe(1), WAIT);
    await bot.idle();
    const auth = await modes(config.authDir);
    const queue = await modes(config.queueDir);
    expect(auth.map((e) => e.path)).toContain(join(config.authDir, "creds.json"));
    expect(queue.map((e) => e.path)).toEqual(expect.arrayContaining([join(config.queueDir, "seen.log"), join(config.queueDir, "outbox-sent.log"), join(config.queueDir, "paced-sends.json"), join(config.queueDir, "dead")]));
    expectPrivate([...auth, ...queue]);
  });

  it("narrows a session and a queue that an older version left readable by others, at start", async () => {
    // Regression: AUTH_DIR and QUEUE_DIR were written 0644 in 0755 folders: any local user could copy the session.
    const config = testConfig(dir.path);
    await mkdir(join(config.authDir), { recursive: true, mode: 0o755 });
    await mkdir(join(config.queueDir, "inbound"), { recursive: true, mode: 0o755 });
    await writeFile(join(config.authDir, "creds.json"), "{}", { mode: 0o644 });
    await writeFile(join(config.authDir, "pre-key-1.json"), "{}", { mode: 0o666 });
    await writeFile(join(config.queueDir, "seen.log"), "", { mode: 0o644 });
    for (const path of [config.authDir, config.queueDir, join(config.queueDir, "inbound")]) await chmod(path, 0o755);
    bot = await startBot(testBotDeps(config));
    expectPrivate([...(await modes(config.authDir)), ...(await modes(config.queueDir))]);
  });
});

/** A pino destination that keeps every line. */
function capture(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => lines.join("") };
}

async function chatAtTrace(logPatientText: boolean): Promise<string> {
  const logs = capture();
  const fn = new FakeFunction();
  fn.answer = (message) => (message.messageId === "DEAD" ? errorAnswer(400, "invalid_payload", "message: refused") : { status: 200, body: { success: true, conversationId: "11111111-1111-4111-8111-111111111111", response: "Noted", duplicate: false } });
  const sockets = new FakeSocketFactory();
  const config = testConfig(dir.path, { logLevel: "trace", logPatientText });
  const logger = createBotLogger(config, logs.stream);
  bot = await startBot(testBotDeps(config, { socketFactory: sockets.create, fetch: fn.fetch, logger, clock: manualClock() }));
  sockets.latest.open();
  const quoted = proto.WebMessageInfo.fromObject({ key: { remoteJid: ANA, fromMe: true, id: "BOTQ1" }, message: { conversation: QUOTED_WORDS } }) as WAMessage;
  const reply = generateWAMessageFromContent(ANA, { extendedTextMessage: { text: SECRET_WORDS } }, { quoted, userJid: "15550001111@s.whatsapp.net" });
  sockets.latest.upsert([textMessage({ chatJid: ANA, message: reply.message ?? undefined }), textMessage({ chatJid: ANA, text: `${SECRET_WORDS} (again)`, id: "DEAD" })]);
  await vi.waitFor(() => expect(bot?.queue.deadCount).toBe(1), WAIT);
  await bot.idle();
  // Whatever Baileys is handed would go to the same log: give it a message object to log, as it may.
  (sockets.latest.config.logger as unknown as { trace(obj: object, msg: string): void }).trace({ messages: [reply], message: reply.message }, "recv message");
  return logs.text();
}

describe("logs", () => {
  it("never contain a patient's words or a quoted text at trace level without LOG_PATIENT_TEXT", async () => {
    const text = await chatAtTrace(false);
    expect(text).toContain("received a text message");
    expect(text).toContain("dead-lettered");
    expect(text).not.toContain(SECRET_WORDS);
    expect(text).not.toContain(QUOTED_WORDS);
  });

  it("contain them when the operator sets LOG_PATIENT_TEXT", async () => {
    const text = await chatAtTrace(true);
    expect(text).toContain(SECRET_WORDS);
  });

  it("keep Baileys below trace, where it dumps whole stanzas, without LOG_PATIENT_TEXT", async () => {
    const sockets = new FakeSocketFactory();
    const config = testConfig(dir.path, { logLevel: "trace" });
    bot = await startBot(testBotDeps(config, { socketFactory: sockets.create, logger: createBotLogger(config, capture().stream) }));
    expect(sockets.latest.config.logger?.level).toBe("debug");
  });
});
