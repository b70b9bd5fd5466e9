/**
 * Simulated patients talking to the function over signed HTTP, as the bot would relay them: each
 * patient has full conversations (./conversation.ts) one after another, each with a fresh phone
 * number, as fast as answered (closed loop) or after a think time before every message. Every
 * answered turn becomes a sample (its step, when it was sent, how long the answer took).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type FunctionTarget, randomPhone, sendAsPatient } from "../../patient/client.ts";
import { EveryTimeTaken, fullConversation, type Say, type Step, UnexpectedReply } from "./conversation.ts";

export interface TurnSample {
  step: Step;
  /** performance.now() when the request was sent. */
  startedMs: number;
  ms: number;
}

export interface TrafficOutcome {
  conversations: number;
  /** Conversations given up because every time the patient chose was taken meanwhile (contention). */
  everyTimeTaken: number;
  failed: number;
  /** The first few failures, for the report. */
  failures: string[];
}

export interface PatientsOptions {
  /** The clinics' channels; patient i talks to targets[i % targets.length]. */
  targets: readonly FunctionTarget[];
  patients: number;
  /** Conversations per patient; unbounded when a deadline is given instead. */
  conversationsEach?: number;
  /** performance.now() after which no patient sends again (a conversation is left where it is). */
  stopAtMs?: number;
  /** Wait before each message (think time); none by default. */
  thinkMs?: () => number;
  onSample: (sample: TurnSample) => void;
  random?: () => number;
}

const MAX_FAILURES_KEPT = 5;
const PUSH_NAME = "Bench Patient";

/** Raised inside a conversation when the run's deadline has passed: the patient just stops. */
class Stopped extends Error {}

/** A patient's `say` over HTTP; a turn that is not a 200 with a reply is an error. */
export function httpSay(target: FunctionTarget, phone: string, onSample: (sample: TurnSample) => void): Say {
  return async (text, step) => {
    const startedMs = performance.now();
    const result = await sendAsPatient(target, { phone, text, pushName: PUSH_NAME });
    const ms = performance.now() - startedMs;
    if (result.kind !== "answered") throw new Error(`${step}: ${result.status} ${result.code}: ${result.message}`);
    if (result.body.response === null) throw new Error(`${step}: no reply`);
    onSample({ step, startedMs, ms });
    return result.body.response;
  };
}

export async function runPatients(options: PatientsOptions): Promise<TrafficOutcome> {
  const outcome: TrafficOutcome = { conversations: 0, everyTimeTaken: 0, failed: 0, failures: [] };
  const random = options.random ?? Math.random;
  const stopAt = options.stopAtMs ?? Number.POSITIVE_INFINITY;
  const limit = options.conversationsEach ?? (Number.isFinite(stopAt) ? Number.POSITIVE_INFINITY : 1);

  const patient = async (index: number): Promise<void> => {
    const target = options.targets[index % options.targets.length]!;
    for (let n = 0; n < limit && performance.now() < stopAt; n += 1) {
      const say = httpSay(target, randomPhone(), options.onSample);
      const paced: Say = async (text, step) => {
        const wait = waitBeforeSending(options.thinkMs?.() ?? 0, performance.now(), stopAt);
        if (wait === null) throw new Stopped();
        if (wait > 0) await sleep(wait);
        // A timer may also fire late, past the deadline.
        if (performance.now() >= stopAt) throw new Stopped();
        return say(text, step);
      };
      try {
        await fullConversation(paced, random);
        outcome.conversations += 1;
      } catch (error) {
        if (error instanceof Stopped) return;
        if (error instanceof EveryTimeTaken) {
          outcome.everyTimeTaken += 1;
          continue;
        }
        outcome.failed += 1;
        if (outcome.failures.length < MAX_FAILURES_KEPT) {
          outcome.failures.push(error instanceof UnexpectedReply || error instanceof Error ? error.message : String(error));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.patients }, (_, index) => patient(index)));
  return outcome;
}

/**
 * How long a patient thinks before its next message, or null when it would send at or after the
 * deadline: it stops there, without sending. Cutting the think short at the deadline instead (as
 * this once did) woke every thinking patient at the deadline, and a Node timer may fire early by
 * `performance.now()` (it counts from the event loop's cached, whole-millisecond clock), so dozens
 * of them passed the deadline check and sent at the same instant: a burst that Poisson arrivals
 * never make, which queued at the stack and made the light-load run's slowest turns (95 ms, all
 * sent in the window's last millisecond).
 */
export function waitBeforeSending(thinkMs: number, nowMs: number, stopAtMs: number): number | null {
  return nowMs + thinkMs >= stopAtMs ? null : thinkMs;
}

/** Exponentially distributed waits with the given mean: arrivals of a Poisson process. */
export function exponentialMs(meanMs: number, random: () => number = Math.random): () => number {
  return () => -Math.log(1 - random()) * meanMs;
}

/** What a run's conversations came to, for the report's notes: failures always, contention when there was some. */
export function conversationNotes(what: string, outcome: TrafficOutcome): string[] {
  return [
    ...(outcome.failed > 0 ? [`${what}: ${outcome.failed} conversations went wrong, e.g. ${outcome.failures[0]}`] : []),
    ...(outcome.everyTimeTaken > 0 ? [`${what}: ${outcome.everyTimeTaken} conversations found every time they chose taken (contention)`] : []),
  ];
}
