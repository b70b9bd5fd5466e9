/**
 * `npm run chat [-- --phone +15550100001] [--name "Demo Patient"]`: chat with the local stack's
 * whatsapp-webhook function as a patient, in the terminal. Each line you type is sent exactly as
 * the bot would relay a WhatsApp message (signed, the binding wire format); the clinic's replies are
 * printed. Works with piped input too, one message per line. Reads .local/stack.env (another with
 * `--stack-env FILE`: not `--env-file`, which Node 20 takes for its own flag anywhere on the line), which
 * `npm run stack` writes once the stack is ready.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type FunctionTarget, jidOf, sendAsPatient } from "./patient/client.ts";
import { readEnvFile } from "./stack/env-file.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const DEFAULT_ENV_FILE = path.join(REPO_ROOT, ".local", "stack.env");
/** The demo patient: a number in the +1 555 01xx range reserved for fiction. */
const DEFAULT_PHONE = "+15550100001";
const DEFAULT_NAME = "Demo Patient";
const QUIT_WORDS = new Set(["/quit", "/exit"]);
const NOT_RUNNING = "The local stack is not running. Start it in another terminal with `npm run stack`, then run `npm run chat` again.";

const optionsSchema = z.object({
  phone: z.e164({ message: "--phone must be an E.164 number like +15550100001" }),
  name: z.string().min(1).max(60),
  envFile: z.string().min(1),
});

const stackEnvSchema = z.object({
  FUNCTION_URL: z.url(),
  CHANNEL_ID: z.string().min(1),
  CHANNEL_SECRET: z.string().min(1),
});

function readOptions(): z.infer<typeof optionsSchema> {
  const { values } = parseArgs({
    options: {
      phone: { type: "string", default: DEFAULT_PHONE },
      name: { type: "string", default: DEFAULT_NAME },
      "stack-env": { type: "string", default: DEFAULT_ENV_FILE },
    },
  });
  const parsed = optionsSchema.safeParse({ phone: values.phone, name: values.name, envFile: values["stack-env"] });
  if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message).join("\n"));
  return parsed.data;
}

function readTarget(envFile: string): FunctionTarget {
  if (!existsSync(envFile)) fail(NOT_RUNNING);
  const parsed = stackEnvSchema.safeParse(readEnvFile(envFile));
  if (!parsed.success) fail(`${envFile} is incomplete (${parsed.error.issues[0]?.path.join(".")}); restart the stack.`);
  return { functionUrl: parsed.data.FUNCTION_URL, channelId: parsed.data.CHANNEL_ID, channelSecret: parsed.data.CHANNEL_SECRET };
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The reply, indented under a label, as a phone would show it in a bubble. */
function show(label: string, text: string): void {
  const [first, ...rest] = text.split("\n");
  console.log(`${label} ${first}`);
  for (const line of rest) console.log(`${" ".repeat(label.length)} ${line}`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const target = readTarget(options.envFile);
  const interactive = process.stdin.isTTY === true;
  console.log(`Chatting as ${options.name} (${options.phone}) with ${target.functionUrl}`);
  console.log(`Type a message and press Enter; "menu" shows the options; ${[...QUIT_WORDS].join(" or ")} or Ctrl-D ends.\n`);

  const lines = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  if (interactive) lines.setPrompt("you    > ");
  if (interactive) lines.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (QUIT_WORDS.has(text)) break;
    if (text === "") {
      if (interactive) lines.prompt();
      continue;
    }
    if (!interactive) console.log(`you    > ${text}`);
    let result;
    try {
      result = await sendAsPatient(target, { phone: options.phone, chatJid: jidOf(options.phone), pushName: options.name, text });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      fail(cause?.code === "ECONNREFUSED" ? NOT_RUNNING : `Could not reach the function: ${(error as Error).message}`);
    }
    if (result.kind === "error") {
      show("(error)", `The function answered ${result.status} ${result.code}: ${result.message}`);
    } else if (result.body.response === null) {
      show("clinic >", "(no reply: the conversation is with staff, or the assistant is pausing for you)");
    } else {
      show("clinic >", result.body.response);
    }
    console.log("");
    if (interactive) lines.prompt();
  }
  lines.close();
}

await main();
