/**
 * The floor: the cheapest request that still crosses every hop a turn crosses once. An outbox ack
 * of a random id, signed as the bot signs: gateway proxy → function (routing, body read, HMAC
 * check with the channel already cached, zod) → one RPC (`ack_outbox`, an index lookup that finds
 * nothing) through supabase-js and the gateway to Postgres and back → a 400 `invalid_payload`.
 * It changes nothing. A turn's time above the floor is the turn's own work.
 */
import { randomUUID } from "node:crypto";
import { OUTBOX_ACK_PATH } from "../../../shared/contract/index.ts";
import { signedHeaders } from "../../../shared/signing/index.ts";
import type { FunctionTarget } from "../../patient/client.ts";

const EXPECTED_STATUS = 400;

/** One floor request; resolves with its latency in ms, throws if the answer is not the expected 400. */
export async function floorRequest(target: FunctionTarget): Promise<number> {
  const body = JSON.stringify({ id: randomUUID(), status: "sent" });
  const started = performance.now();
  const headers = await signedHeaders(target.channelId, target.channelSecret, body, Date.now() / 1000);
  const answer = await fetch(`${target.functionUrl}${OUTBOX_ACK_PATH}`, { method: "POST", headers, body });
  const text = await answer.text();
  const ms = performance.now() - started;
  if (answer.status !== EXPECTED_STATUS || !text.includes("invalid_payload")) {
    throw new Error(`floor request answered ${answer.status}: ${text.slice(0, 200)}`);
  }
  return ms;
}

/** `count` floor requests from `concurrency` clients at once, back to back; their latencies. */
export async function floorRun(target: FunctionTarget, concurrency: number, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        latencies.push(await floorRequest(target));
      }
    }),
  );
  return latencies;
}
