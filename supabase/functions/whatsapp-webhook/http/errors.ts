/**
 * The HTTP layer's one error type and the JSON responses it produces. Every error body has the
 * contract's shape `{success: false, error: {code, message}}`; messages are short and never
 * carry a stack trace or internal detail.
 */
import {
  ERROR_STATUS,
  type ErrorBody,
  type ErrorCode,
  JSON_CONTENT_TYPE,
} from "../../../../shared/contract/index.ts";

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Why, for the log only: e.g. which of the 401 causes it was. Never sent to the client. */
    readonly reason?: string,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": JSON_CONTENT_TYPE, ...headers },
  });
}

export function errorResponse(error: HttpError): Response {
  const body: ErrorBody = { success: false, error: { code: error.code, message: error.message } };
  // 405 must say what is allowed (RFC 9110); every route here takes POST only.
  const headers: Record<string, string> = error.code === "method_not_allowed" ? { allow: "POST" } : {};
  return jsonResponse(error.status, body, headers);
}
