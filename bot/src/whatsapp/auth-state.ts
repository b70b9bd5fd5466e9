/**
 * The WhatsApp session on disk under AUTH_DIR, one JSON file per creds/key entry like Baileys'
 * useMultiFileAuthState, but every write is atomic (temp file + fsync + rename), so a crash
 * mid-write cannot corrupt the session. Writes to one file are serialised in call order.
 */
import { BufferJSON, initAuthCreds, proto, type AuthenticationCreds, type SignalDataSet, type SignalDataTypeMap, type SignalKeyStore } from "@whiskeysockets/baileys";
import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { removeFileDurably, writeFileAtomic } from "../shared/atomic-file.ts";
import { PRIVATE_DIR_MODE } from "../shared/private-files.ts";
import { LOCK_FILE_NAME } from "../shared/pid-lock.ts";

const CREDS_FILE = "creds.json";

/** Key ids may contain `/` and `:`, which are not file-name safe. */
function fileNameFor(name: string): string {
  return name.replace(/\//g, "__").replace(/:/g, "-");
}

export interface FileAuthState {
  creds: AuthenticationCreds;
  keys: SignalKeyStore;
  /** Persist `creds` (call on every `creds.update`). */
  saveCreds(): Promise<void>;
}

export async function loadFileAuthState(directory: string): Promise<FileAuthState> {
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
  const locks = new Map<string, Promise<unknown>>();

  function serialised<T>(path: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(path) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    locks.set(path, settled);
    void settled.then(() => {
      if (locks.get(path) === settled) locks.delete(path);
    });
    return next;
  }

  async function read(name: string): Promise<unknown> {
    const path = join(directory, fileNameFor(name));
    return serialised(path, async () => {
      try {
        return JSON.parse(await readFile(path, "utf8"), BufferJSON.reviver) as unknown;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    });
  }

  function write(name: string, value: unknown): Promise<void> {
    const path = join(directory, fileNameFor(name));
    return serialised(path, () => writeFileAtomic(path, JSON.stringify(value, BufferJSON.replacer)));
  }

  function remove(name: string): Promise<void> {
    const path = join(directory, fileNameFor(name));
    return serialised(path, () => removeFileDurably(path));
  }

  const creds = ((await read(CREDS_FILE)) as AuthenticationCreds | null) ?? initAuthCreds();

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const data: { [id: string]: SignalDataTypeMap[T] } = {};
      await Promise.all(
        ids.map(async (id) => {
          let value = await read(`${type}-${id}.json`);
          if (type === "app-state-sync-key" && value) {
            value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
          }
          if (value) data[id] = value as SignalDataTypeMap[T];
        }),
      );
      return data;
    },
    async set(data: SignalDataSet) {
      const tasks: Promise<void>[] = [];
      for (const category of Object.keys(data) as (keyof SignalDataTypeMap)[]) {
        const entries = data[category] ?? {};
        for (const [id, value] of Object.entries(entries)) {
          const name = `${category}-${id}.json`;
          tasks.push(value ? write(name, value) : remove(name));
        }
      }
      await Promise.all(tasks);
    },
  };

  return { creds, keys, saveCreds: () => write(CREDS_FILE, creds) };
}

/**
 * Wipes the session (after WhatsApp logged this device out), so the next socket shows a new QR.
 * The bot's lock file stays: this process still owns the directory (shared/pid-lock.ts).
 */
export async function clearAuthState(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
  const names = (await readdir(directory)).filter((name) => name !== LOCK_FILE_NAME);
  await Promise.all(names.map((name) => rm(join(directory, name), { recursive: true, force: true })));
}
