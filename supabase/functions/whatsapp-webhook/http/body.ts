/**
 * Reads a request body without ever holding more than MAX_BODY_BYTES + 1 bytes: the declared
 * content-length is checked first, then the stream is read and abandoned as soon as it grows past
 * the limit (a chunked body has no content-length to trust).
 */
import { HEADER_CONTENT_TYPE, JSON_CONTENT_TYPE, MAX_BODY_BYTES } from "../../../../shared/contract/index.ts";
import { HttpError } from "./errors.ts";

const tooLarge = () => new HttpError("payload_too_large", `body must be at most ${MAX_BODY_BYTES} bytes`);

/** `application/json`, optionally with parameters such as `; charset=utf-8`. */
export function isJsonContentType(headers: Headers): boolean {
  const value = headers.get(HEADER_CONTENT_TYPE);
  if (value === null) return false;
  const mediaType = value.split(";", 1)[0]?.trim().toLowerCase();
  return mediaType === JSON_CONTENT_TYPE;
}

export async function readBodyText(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (request.body === null) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // Invalid UTF-8 decodes to U+FFFD and then fails the signature, which was made over the text.
  return new TextDecoder().decode(bytes);
}
