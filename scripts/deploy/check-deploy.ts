/**
 * `npm run check-deploy -- --url URL --channel ID --secret SECRET`: checks a deployed
 * whatsapp-webhook function with one request signed exactly as the bot signs (shared/signing), and
 * prints what came back and what it means (verdict.ts). The request is an outbox ack of a random id:
 * it goes through the signature check and two RPCs and changes nothing, so it is safe against a
 * clinic in service. Each option falls back to the bot's variable (FUNCTION_URL, CHANNEL_ID,
 * CHANNEL_SECRET), so `set -a; . ./clinic.env; set +a; npm run check-deploy` keeps the secret off
 * the command line. Exits 0 when the deployment is healthy, 1 when not, 2 on bad options.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { OUTBOX_ACK_PATH, type OutboxAckRequest } from "../../shared/contract/index.ts";
import { signedHeaders } from "../../shared/signing/index.ts";
import { type ClockSkewS, verdictFor } from "./verdict.ts";

const EXIT_UNHEALTHY = 1;
const EXIT_USAGE = 2;
const REQUEST_TIMEOUT_MS = 30_000;
const MS_PER_S = 1_000;
const USAGE = "usage: npm run check-deploy -- --url https://<ref>.supabase.co/functions/v1/whatsapp-webhook --channel <channel id> --secret <channel secret>\n(or set FUNCTION_URL, CHANNEL_ID, CHANNEL_SECRET)";

const optionsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: "--url (or FUNCTION_URL) must be the function's http(s) URL" }),
  channel: z.string({ message: "--channel (or CHANNEL_ID) is required" }).min(1, "--channel (or CHANNEL_ID) is required"),
  secret: z.string({ message: "--secret (or CHANNEL_SECRET) is required" }).min(1, "--secret (or CHANNEL_SECRET) is required"),
});

function readOptions(): z.infer<typeof optionsSchema> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ options: { url: { type: "string" }, channel: { type: "string" }, secret: { type: "string" } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
  const parsed = optionsSchema.safeParse({
    url: values.url ?? process.env.FUNCTION_URL,
    channel: values.channel ?? process.env.CHANNEL_ID,
    secret: values.secret ?? process.env.CHANNEL_SECRET,
  });
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((issue) => issue.message).join("\n")}\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
  return parsed.data;
}

function clockSkew(dateHeader: string | null, sentAtMs: number): ClockSkewS {
  const serverMs = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
  return Number.isNaN(serverMs) ? null : (serverMs - sentAtMs) / MS_PER_S;
}

async function main(): Promise<number> {
  const options = readOptions();
  const url = `${options.url.replace(/\/+$/, "")}${OUTBOX_ACK_PATH}`;
  const probe: OutboxAckRequest = { id: randomUUID(), status: "failed", error: "check-deploy probe: an id that does not exist" };
  const body = JSON.stringify(probe);
  const sentAtMs = Date.now();
  const headers = await signedHeaders(options.channel, options.secret, body, sentAtMs / MS_PER_S);

  console.log(`POST ${url}\n  signed for channel ${options.channel}: ${body}`);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    console.log(`FAILED: could not reach ${url} (${cause}). Is the URL right, and the project up?`);
    return EXIT_UNHEALTHY;
  }
  const text = await response.text();
  const skew = clockSkew(response.headers.get("date"), sentAtMs);
  const skewS = skew === null ? null : Math.round(skew);
  const skewNote = skewS === null ? "" : `, server clock ${skewS > 0 ? "+" : ""}${skewS} s`;
  console.log(`← ${response.status} ${response.statusText} in ${Date.now() - sentAtMs} ms${skewNote}\n  ${text.trim() || "(no body)"}`);
  const verdict = verdictFor(response.status, text, skew);
  console.log(verdict.ok ? verdict.message : `FAILED: ${verdict.message}`);
  return verdict.ok ? 0 : EXIT_UNHEALTHY;
}

process.exit(await main());
