/**
 * Turns anything thrown while handling a request into the HttpError the client sees, plus a
 * detail for the log. Anything not a deliberate HttpError is a server-side failure: the client
 * is told only "unavailable" (503, so the bot retries later) and the log gets the cause.
 */
import { RpcError } from "../../_shared/rpc.ts";
import { TurnError } from "../turn/errors.ts";
import { HttpError } from "./errors.ts";

export interface Failure {
  error: HttpError;
  /** For the log line only. */
  detail?: string;
  /** `expected`: the client's fault or a transient outage; `bug`: something to investigate. */
  severity: "expected" | "bug";
}

const unavailable = () => new HttpError("unavailable", "temporarily unavailable, retry later");

export function describeFailure(error: unknown): Failure {
  if (error instanceof HttpError) {
    return error.reason === undefined ? { error, severity: "expected" } : { error, detail: error.reason, severity: "expected" };
  }
  if (error instanceof TurnError) {
    return {
      error: unavailable(),
      detail: `turn ${error.code}: ${error.message}`,
      severity: error.code === "transient" ? "expected" : "bug",
    };
  }
  if (error instanceof RpcError) {
    return {
      error: unavailable(),
      detail: `rpc ${error.kind} ${error.code}: ${error.message}`,
      severity: error.kind === "transient" ? "expected" : "bug",
    };
  }
  // Anything else escaped every layer's own error type: a bug, but the bot may still retry.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { error: unavailable(), detail, severity: "bug" };
}
