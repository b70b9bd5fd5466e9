/**
 * Growing, jittered delays with a cap: used for reconnecting to WhatsApp, retrying the function
 * and polling the outbox. Pure: the random source is passed in.
 */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** No delay grows beyond this. */
  readonly maxMs: number;
  /** Each retry waits this many times longer than the previous one. */
  readonly factor: number;
  /** Fraction of the delay that is randomised (0.2 = ±20 %), so many clients do not retry in step. */
  readonly jitter: number;
}

/** WhatsApp reconnects and function retries: 1 s doubling to 60 s, ±20 %. */
export const RETRY_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.2 };

/**
 * While the function refuses the bot's signature (401: wrong secret or channel, clock off), work
 * waits for an operator: 30 s doubling to 5 min, ±20 %, for as long as it takes. Slow, because
 * every try is refused until someone fixes the configuration; not slower, because then it works.
 */
export const CONFIG_FAULT_BACKOFF: BackoffPolicy = { initialMs: 30_000, maxMs: 5 * 60_000, factor: 2, jitter: 0.2 };

/**
 * The delay before retry number `attempt` (0 for the first retry). `random` returns [0, 1).
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  const spread = base * policy.jitter;
  const jittered = base - spread + 2 * spread * random();
  return Math.round(Math.min(policy.maxMs, Math.max(0, jittered)));
}
