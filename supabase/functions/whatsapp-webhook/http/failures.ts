/**
 * Turns anything thrown while handling a request into the HttpError the client sees, plus a
 * detail for the log. A transient failure (database unreachable or busy, a lost race retried too
 * often) is 503 `unavailable`; anything else that is not a deliberate HttpError is a bug on our
 * side (an RPC the database refused, such as a unique violation from our own SQL, a result of the
 * wrong shape, an exception) and is 500 `internal_error`, logged as an error. The bot retries both;
 * neither body carries internal detail.
 */
import { RpcError } from "../../_shared/rpc.ts";
import { TurnError } from "../turn/errors.ts";
import { HttpError } from "./errors.ts";

export interface Failure {
  error: HttpError;
  /** For the log line only: the layer, the RPC and its SQLSTATE, never the patient's text. */
  detail?: string;
  /** `expected`: the client's fault or a transient outage; `bug`: something to investigate. */
  severity: "expected" | "bug";
}

const unavailable = () => new HttpError("unavailable", "temporarily unavailable, retry later");
const internal = () => new HttpError("internal_error", "internal error");

function classified(transient: boolean, detail: string): Failure {
  return transient
    ? { error: unavailable(), detail, severity: "expected" }
    : { error: internal(), detail, severity: "bug" };
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof HttpError) {
    return { error, detail: error.reason, severity: "expected" };
  }
  if (error instanceof TurnError) {
    return classified(error.code === "transient", `turn ${error.code}: ${error.message}`);
  }
  if (error instanceof RpcError) {
    return classified(error.kind === "transient", `rpc ${error.kind} ${error.code}: ${error.message}`);
  }
  // Anything else escaped every layer's own error type: a bug.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { error: internal(), detail, severity: "bug" };
}
