/** Path routing: both the function's own path and the gateway's, trailing slashes, nothing else. */
import assert from "node:assert/strict";
import { matchRoute } from "./routes.ts";

Deno.test("the function's root is the turn route on either prefix", () => {
  for (const path of ["/whatsapp-webhook", "/whatsapp-webhook/", "/functions/v1/whatsapp-webhook", "/functions/v1/whatsapp-webhook/"]) {
    assert.equal(matchRoute(path), "turn", path);
  }
});

Deno.test("the outbox routes are found on either prefix, with or without a trailing slash", () => {
  assert.equal(matchRoute("/whatsapp-webhook/outbox/claim"), "outbox_claim");
  assert.equal(matchRoute("/functions/v1/whatsapp-webhook/outbox/ack/"), "outbox_ack");
});

Deno.test("the dead-letter report has its route", () => {
  assert.equal(matchRoute("/whatsapp-webhook/dead-letter"), "dead_letter");
  assert.equal(matchRoute("/functions/v1/whatsapp-webhook/dead-letter/"), "dead_letter");
});

Deno.test("other paths are not routes", () => {
  for (const path of ["/", "/whatsapp-webhookx", "/whatsapp-webhook/outbox", "/whatsapp-webhook/outbox/claim/extra", "/other/whatsapp-webhook"]) {
    assert.equal(matchRoute(path), null, path);
  }
});
