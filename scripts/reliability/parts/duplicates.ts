/**
 * Every message delivered three times at once must be processed once, answered once, and take
 * effect once. Two ways a message arrives three times:
 * - at the function: three signed POSTs of the same message at the same moment (three bots, or a
 *   retry racing the original): all three must get the same reply, and at most one of them may be
 *   taken as the first delivery (`duplicate: false`);
 * - at the bot: WhatsApp delivering the same message three times (three upserts of one key): the
 *   bot must relay it once and send one reply.
 * Patients have full conversations this way (a booking, a reschedule and a cancellation each), so
 * a duplicated effect would show as an extra appointment.
 */
import { fullConversation, type Say, UnexpectedReply } from "../../bench/support/conversation.ts";
import { newMessageId, type FunctionTarget } from "../../patient/client.ts";
import { turnResponseSchema, type InboundMessage } from "../../../shared/contract/index.ts";
import { signedHeaders } from "../../../shared/signing/index.ts";
import { mustBe, recordedOnce, sentAsStored, type Check } from "../support/checks.ts";
import { startBotHarness } from "../support/bot-harness.ts";
import { inBatches, sleep, withDatabase, type PartResult, type RunContext } from "../support/part.ts";
import path from "node:path";
import type pg from "pg";

export interface DuplicatesOptions {
  /** Patients whose every message reaches the function three times at once. */
  functionPatients: number;
  /** Patients whose every message reaches the bot three times at once. */
  botPatients: number;
}

const COPIES = 3;
/** Patients talking at once. */
const CONCURRENT_PATIENTS = 10;
/** A copy answered 503 (the function's turn retries ran out) is sent again, as the bot would. */
const MAX_ATTEMPTS_PER_COPY = 10;
const RETRY_MS = 500;
/** What one full conversation leaves: the booking, then its replacement (both cancelled in the end). */
const APPOINTMENTS_PER_CONVERSATION = 2;

/** Sends one delivery of `raw`, signed afresh; retries a 5xx like the bot. */
async function deliver(target: FunctionTarget, raw: string): Promise<{ response: string | null; duplicate: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    const headers = await signedHeaders(target.channelId, target.channelSecret, raw, Date.now() / 1000);
    const answer = await fetch(target.functionUrl, { method: "POST", headers, body: raw });
    const text = await answer.text();
    if (answer.status === 200) {
      const body = turnResponseSchema.parse(JSON.parse(text));
      return { response: body.response, duplicate: body.duplicate };
    }
    if (answer.status < 500 || attempt >= MAX_ATTEMPTS_PER_COPY) throw new Error(`a delivery answered ${answer.status}: ${text.slice(0, 200)}`);
    await sleep(RETRY_MS);
  }
}

/** Appointments per patient beyond what their finished conversation made, and those still booked. */
async function effects(db: pg.ClientBase, phones: readonly string[]): Promise<{ extra: number; booked: number }> {
  const { rows } = await db.query<{ made: number; booked: number }>(
    `select count(a.id)::int as made, count(a.id) filter (where a.status = 'booked')::int as booked
       from public.patients p left join public.appointments a on a.patient_id = p.id
      where p.phone = any($1::text[]) group by p.id`,
    [phones],
  );
  return {
    extra: rows.reduce((sum, r) => sum + Math.max(0, r.made - APPOINTMENTS_PER_CONVERSATION), 0),
    booked: rows.reduce((sum, r) => sum + r.booked, 0),
  };
}

/**
 * `count` patients (numbers from `prefix`) have full conversations, `CONCURRENT_PATIENTS` at a
 * time, through `sayFor`; their numbers, and how many conversations went wrong (kept in `failures`).
 */
async function converse(count: number, prefix: string, sayFor: (phone: string) => Say, failures: string[], onDone: (done: number) => void): Promise<string[]> {
  const phones: string[] = [];
  let done = 0;
  await inBatches(Array.from({ length: count }, (_, i) => i), CONCURRENT_PATIENTS, async (i) => {
    const phone = `${prefix}${String(i).padStart(6, "0")}`;
    phones.push(phone);
    try {
      await fullConversation(sayFor(phone));
    } catch (error) {
      if (!(error instanceof UnexpectedReply)) throw error;
      failures.push(error.message);
    }
    onDone((done += 1));
  });
  return phones;
}

export async function duplicatesRun(context: RunContext, options: DuplicatesOptions): Promise<PartResult> {
  const started = performance.now();
  const { stack } = context;
  const target: FunctionTarget = { functionUrl: stack.env.FUNCTION_URL, channelId: stack.env.CHANNEL_ID, channelSecret: stack.env.CHANNEL_SECRET };
  const line = context.progress("duplicates");
  const failures: string[] = [];

  // At the function: three POSTs of each message at once.
  const functionIds: string[] = [];
  let answeredDifferently = 0;
  let firstTwice = 0;
  const functionPhones = await converse(options.functionPatients, "+15553", (phone) => async (text) => {
    const message: InboundMessage = {
      messageId: newMessageId(),
      chatJid: `${phone.slice(1)}@s.whatsapp.net`,
      phone,
      pushName: "Reliability Patient",
      message: text,
      timestamp: new Date().toISOString(),
    };
    functionIds.push(message.messageId);
    const raw = JSON.stringify(message);
    const answers = await Promise.all(Array.from({ length: COPIES }, () => deliver(target, raw)));
    if (new Set(answers.map((a) => a.response)).size !== 1) answeredDifferently += 1;
    // A copy that recorded the message, lost its turn to a race (503) and came again reads as a
    // redelivery, so "first" may be absent; it must never be claimed twice.
    if (answers.filter((a) => !a.duplicate).length > 1) firstTwice += 1;
    return answers[0]!.response ?? "";
  }, failures, (done) => line.update(`at the function: ${done} of ${options.functionPatients} patients`));

  // At the bot: WhatsApp delivers each message three times.
  const harness = await startBotHarness(stack.env, path.join(context.dir, "bot-duplicates.log"));
  const botIds: string[] = [];
  try {
    const botPhones = await converse(options.botPatients, "+15554", (phone) => async (text) => {
      const id = newMessageId();
      botIds.push(id);
      return harness.say(`${phone.slice(1)}@s.whatsapp.net`, text, id, COPIES);
    }, failures, (done) => line.update(`at the bot: ${done} of ${options.botPatients} patients`));
    await harness.bot.idle();
    line.done(`${functionIds.length} messages ×${COPIES} at the function, ${botIds.length} ×${COPIES} at the bot`);

    const checks: Check[] = await withDatabase(stack, async (db) => {
      const functionEffects = await effects(db, functionPhones);
      const botEffects = await effects(db, botPhones);
      return [
        mustBe("conversations that went wrong", failures.length, 0),
        ...(await recordedOnce(db, stack.env.CHANNEL_ID, [...functionIds, ...botIds])),
        mustBe("at the function: copies answered differently", answeredDifferently, 0),
        mustBe("at the function: messages taken as a first delivery more than once", firstTwice, 0),
        ...(await sentAsStored(db, stack.env.CHANNEL_ID, botIds, harness.sentTo)),
        mustBe("appointments made more than once", functionEffects.extra + botEffects.extra, 0),
        mustBe("appointments left booked (every conversation cancels)", functionEffects.booked + botEffects.booked, 0),
        mustBe("dead letters", harness.bot.queue.deadCount, 0),
      ];
    });
    return {
      part: "duplicates",
      title: `Every message delivered ${COPIES}× at once: ${functionIds.length.toLocaleString("en-US")} at the function, ${botIds.length.toLocaleString("en-US")} at the bot`,
      seconds: (performance.now() - started) / 1000,
      checks,
      facts: { functionMessages: functionIds.length, botMessages: botIds.length, requests: functionIds.length * COPIES, whatsappDeliveries: botIds.length * COPIES },
      notes: failures.slice(0, 3).map((f) => `example: ${f}`),
    };
  } finally {
    await harness.stop();
  }
}
