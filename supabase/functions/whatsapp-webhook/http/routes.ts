/**
 * Maps a request path to one of the function's routes. The platform hands the function its path
 * as `/whatsapp-webhook/...`, some proxies keep `/functions/v1/`; both are accepted.
 */
import { DEAD_LETTER_PATH, OUTBOX_ACK_PATH, OUTBOX_CLAIM_PATH, TURN_PATH } from "../../../../shared/contract/index.ts";

export type Route = "turn" | "outbox_claim" | "outbox_ack" | "dead_letter";

const FUNCTION_NAME = "whatsapp-webhook";
const PREFIXES = [`/functions/v1/${FUNCTION_NAME}`, `/${FUNCTION_NAME}`] as const;

const ROUTES: ReadonlyMap<string, Route> = new Map([
  [TURN_PATH, "turn"],
  [OUTBOX_CLAIM_PATH, "outbox_claim"],
  [OUTBOX_ACK_PATH, "outbox_ack"],
  [DEAD_LETTER_PATH, "dead_letter"],
]);

/** The route for `pathname`, or null when the path is not one of ours. */
export function matchRoute(pathname: string): Route | null {
  const prefix = PREFIXES.find((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (prefix === undefined) return null;
  let rest = pathname.slice(prefix.length);
  // A trailing slash is the same route ("/outbox/claim/" = "/outbox/claim", "" = "/").
  while (rest.endsWith("/")) rest = rest.slice(0, -1);
  return ROUTES.get(rest === "" ? TURN_PATH : rest) ?? null;
}
