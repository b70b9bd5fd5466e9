/**
 * What the answer to check-deploy's probe says about a deployment. The probe is a signed outbox ack
 * of a made-up id: it passes routing, the signature check (the channel's secrets, read through an
 * RPC) and reaches the ack RPC, which finds no such row and changes nothing. So a healthy
 * deployment answers the contract's `400 invalid_payload` naming `id`; anything else names what is
 * wrong. An answer whose body is not the function's error shape came from the platform in front of it.
 */
import { ERROR_STATUS, errorBodySchema, MAX_CLOCK_SKEW_S } from "../../shared/contract/index.ts";

export interface Verdict {
  ok: boolean;
  /** One or two sentences for the operator. */
  message: string;
}

/** Server's clock minus ours, in seconds (from the answer's Date header); null when unknown. */
export type ClockSkewS = number | null;

/** Past this much skew the operator is warned, well before requests start being refused. */
const CLOCK_WARNING_S = MAX_CLOCK_SKEW_S / 5;
const REFUSED_BY_PLATFORM = new Set([401, 403]);
/** The platform's answers when a function fails to boot, crashes or hits a limit (546: resources). */
const FUNCTION_DOWN = new Set([500, 502, 503, 504, 546]);
const HTTP_NOT_FOUND = 404;

function clockNote(skewS: ClockSkewS): string {
  if (skewS === null || Math.abs(skewS) < CLOCK_WARNING_S) return "";
  return ` This machine's clock is ${Math.abs(Math.round(skewS))} s ${skewS > 0 ? "behind" : "ahead of"} the server's; requests more than ${MAX_CLOCK_SKEW_S} s off are refused, so keep both in sync (NTP).`;
}

function fromFunction(status: number, code: string, message: string, skewS: ClockSkewS): Verdict {
  if (status === ERROR_STATUS.invalid_payload && code === "invalid_payload" && message.startsWith("id:")) {
    return {
      ok: true,
      message: `OK: the function is deployed and serving, accepted the signature (channel, secret and clocks agree) and reached the database (the channel's secrets, then the outbox, which has no such id, so nothing changed).${clockNote(skewS)}`,
    };
  }
  switch (code) {
    case "unauthorized":
      return {
        ok: false,
        message: `The function refused the signature: the channel id is not an enabled row of \`channels\`, the secret is not that channel's, or the clocks differ by more than ${MAX_CLOCK_SKEW_S} s.${clockNote(skewS)}`,
      };
    case "not_found":
      return { ok: false, message: "The function answered, but the path is not one of its routes: give the function's URL, ending in /functions/v1/whatsapp-webhook." };
    case "unavailable":
      return { ok: false, message: "The function is up but could not reach the database (a transient failure, or SUPABASE_URL and the service key it was given do not work); see its logs." };
    case "internal_error":
      return { ok: false, message: "The function failed with a defect of ours (500): see its logs for the request's error line, and report it." };
    default:
      return { ok: false, message: `The function answered ${status} ${code}: ${message}` };
  }
}

function fromPlatform(status: number): Verdict {
  if (REFUSED_BY_PLATFORM.has(status)) {
    return {
      ok: false,
      message: `The platform refused the request before the function saw it (${status}): its JWT check is on. Deploy from the repository root so supabase/config.toml's verify_jwt = false applies (or add --no-verify-jwt).`,
    };
  }
  if (status === HTTP_NOT_FOUND) {
    return { ok: false, message: "No function answers at this URL: check the project ref and that `supabase functions deploy whatsapp-webhook` succeeded." };
  }
  if (FUNCTION_DOWN.has(status)) {
    return {
      ok: false,
      message: `The function did not start or crashed (${status}): read its logs (Dashboard → Edge Functions → whatsapp-webhook → Logs); a module that failed to load or a bad secret (e.g. LOG_LEVEL) is named there.`,
    };
  }
  return { ok: false, message: `Something other than the function answered ${status}; is the URL right?` };
}

export function verdictFor(status: number, bodyText: string, skewS: ClockSkewS): Verdict {
  let json: unknown = null;
  try {
    json = JSON.parse(bodyText);
  } catch {
    // Not JSON: not the function's answer.
  }
  const ours = errorBodySchema.safeParse(json);
  if (ours.success) return fromFunction(status, ours.data.error.code, ours.data.error.message, skewS);
  if (status >= 200 && status < 300) return { ok: false, message: `The function accepted an ack of an id that cannot exist (${status}); it is not the version this repository deploys.` };
  return fromPlatform(status);
}
