/**
 * Messages keep arriving while the stack fails under them: patients have full conversations
 * (book, list, reschedule, cancel, FAQ) through the real bot relay on a fake socket, each reading
 * its replies and thinking a few seconds before answering, while the function process is killed
 * with SIGKILL and PostgreSQL restarted (by hand, as by a crash, and by kill -9 of the
 * postmaster), spread over the run. The bot's durable queue keeps retrying. Afterwards, from the
 * database and the socket: every inbound message processed exactly once, none lost, none answered
 * twice, no slot booked twice, and every conversation still answers (`menu` gets the main menu).
 */
import { everySecond } from "../../bench/support/progress.ts";
import { EveryTimeTaken, fullConversation, type Say, UnexpectedReply } from "../../bench/support/conversation.ts";
import { mustBe, nothingDoubleBookedOrStuck, recordedOnce, sentAsStored, type Check } from "../support/checks.ts";
import { startBotHarness, NoReply } from "../support/bot-harness.ts";
import { FAULT_LABELS, injectFault, waitUntilAnswering, type Fault } from "../support/faults.ts";
import { inBatches, settlesWithin, sleep, withDatabase, type PartResult, type RunContext } from "../support/part.ts";
import path from "node:path";

export interface ChaosOptions {
  patients: number;
  messagesEach: number;
  functionKills: number;
  /** PostgreSQL faults, in the order injected among the function kills. */
  databaseFaults: Fault[];
  /** A patient's pause before each message, drawn between these (ms). */
  thinkMs: [number, number];
}

/** The run's patients write from +1 555 2xx xxxx, apart from every other part's. */
const PHONE_PREFIX = "+15552";
/** How long the bot may take to empty its queue after the last patient stops. */
const DRAIN_DEADLINE_MS = 180_000;
const MENU = /^1\. Book an appointment$/m;

class Stopped extends Error {}

/** Function kills and database faults interleaved evenly, database faults never first or last. */
export function faultPlan(options: Pick<ChaosOptions, "functionKills" | "databaseFaults">): Fault[] {
  const plan: Fault[] = Array.from({ length: options.functionKills }, () => "kill_function");
  const gap = (plan.length + 1) / (options.databaseFaults.length + 1);
  options.databaseFaults.forEach((fault, i) => plan.splice(Math.max(1, Math.floor(gap * (i + 1))) + i, 0, fault));
  return plan;
}

export async function chaosRun(context: RunContext, options: ChaosOptions): Promise<PartResult> {
  const started = performance.now();
  const { stack } = context;
  const total = options.patients * options.messagesEach;
  const harness = await startBotHarness(stack.env, path.join(context.dir, "bot-chaos.log"));
  const ids: string[] = [];
  let sent = 0;
  let wrongReplies = 0;
  let everyTimeTaken = 0;
  let noReplies = 0;
  const examples: string[] = [];
  const line = context.progress("chaos");
  const faults: string[] = [];
  const plan = faultPlan(options);
  const think = (): number => options.thinkMs[0] + Math.random() * (options.thinkMs[1] - options.thinkMs[0]);
  const chatOf = (index: number): string => `${PHONE_PREFIX.slice(1)}${String(index).padStart(6, "0")}@s.whatsapp.net`;
  const runTag = Date.now().toString(36);

  const patient = async (index: number): Promise<void> => {
    const chat = chatOf(index);
    let quota = options.messagesEach;
    const say: Say = async (text) => {
      if (quota === 0) throw new Stopped();
      quota -= 1;
      await sleep(think());
      const id = `CHAOS${runTag}P${index}M${options.messagesEach - quota}`;
      ids.push(id);
      sent += 1;
      return harness.say(chat, text, id);
    };
    while (quota > 0) {
      try {
        await fullConversation(say);
      } catch (error) {
        if (error instanceof Stopped) return;
        if (error instanceof EveryTimeTaken) {
          everyTimeTaken += 1;
          continue;
        }
        if (error instanceof UnexpectedReply) wrongReplies += 1;
        else if (error instanceof NoReply) noReplies += 1;
        else throw error;
        if (examples.length < 3) examples.push((error as Error).message);
      }
    }
  };

  const injector = async (): Promise<void> => {
    for (const [i, fault] of plan.entries()) {
      const at = Math.round((total * (i + 1)) / (plan.length + 1));
      while (sent < at) await sleep(100);
      const began = performance.now();
      await injectFault(stack, fault);
      const recoveredMs = await waitUntilAnswering(stack, began);
      faults.push(`${FAULT_LABELS[fault]} at message ${sent}: answering again after ${(recoveredMs / 1000).toFixed(1)} s`);
      context.log(`chaos: ${faults.at(-1)}`);
    }
  };

  const stopTicking = everySecond(line, () => `${sent} of ${total} messages sent, ${faults.length} of ${plan.length} faults, queue ${harness.bot.queue.depth}`);
  try {
    await Promise.all([inBatches(Array.from({ length: options.patients }, (_, i) => i), options.patients, async (_, i) => patient(i)), injector()]);
    line.update("waiting for the bot's queue to empty");
    const drained = await settlesWithin(harness.bot.idle(), DRAIN_DEADLINE_MS);

    // Every conversation must still answer: `menu` from each patient gets the main menu.
    let silent = 0;
    await inBatches(Array.from({ length: options.patients }, (_, i) => i), options.patients, async (_, i) => {
      const id = `CHAOS${runTag}P${i}MENU`;
      ids.push(id);
      const reply = await harness.say(chatOf(i), "menu", id).catch(() => "");
      if (!MENU.test(reply)) silent += 1;
    });
    line.done(`${sent} messages, ${faults.length} faults; ${wrongReplies} unexpected replies, ${noReplies} unanswered`);

    const fromDatabase = await withDatabase(stack, async (db) => [
      ...(await recordedOnce(db, stack.env.CHANNEL_ID, ids)),
      ...(await sentAsStored(db, stack.env.CHANNEL_ID, ids, harness.sentTo)),
      ...(await nothingDoubleBookedOrStuck(db, stack.env.CHANNEL_ID)),
    ]);
    const checks: Check[] = [
      mustBe("messages sent by patients", sent, total),
      mustBe("faults injected", faults.length, plan.length),
      ...fromDatabase,
      mustBe("messages left in the bot's queue", harness.bot.queue.depth, 0),
      mustBe("dead letters", harness.bot.queue.deadCount, 0),
      mustBe("conversations not answering `menu` afterwards", silent, 0),
      mustBe("replies not the one the conversation expected", wrongReplies, 0),
    ];
    return {
      part: "chaos",
      title: `${total.toLocaleString("en-US")} messages from ${options.patients} patients while the function is killed ${options.functionKills}× and PostgreSQL restarted ${options.databaseFaults.length}×`,
      seconds: (performance.now() - started) / 1000,
      checks,
      facts: {
        messages: sent,
        patients: options.patients,
        relayRetries: harness.bot.status.snapshot().counters.relayRetries,
        "conversations that found every chosen time taken (a busy clinic, not an error)": everyTimeTaken,
        restartsLogged: context.stackLog.filter((l) => /restarted/.test(l)).length,
      },
      notes: [...faults, ...(drained ? [] : [`the bot's queue did not empty within ${DRAIN_DEADLINE_MS / 1000} s`]), ...examples.map((e) => `example: ${e}`)],
    };
  } finally {
    stopTicking();
    await harness.stop();
  }
}
