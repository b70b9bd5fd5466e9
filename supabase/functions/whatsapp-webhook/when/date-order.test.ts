import assert from "node:assert/strict";
import { dateOrderFor } from "./date-order.ts";

Deno.test("US English writes numeric dates month first", () => {
  assert.equal(dateOrderFor("en-US"), "month_first");
  assert.equal(dateOrderFor("en"), "month_first");
});

Deno.test("British English, Spanish and Portuguese locales write day first, US Spanish included", () => {
  for (const locale of ["en-GB", "en-AU", "es", "es-MX", "es-ES", "es-US", "es-419", "pt", "pt-BR", "pt-PT"]) {
    assert.equal(dateOrderFor(locale), "day_first", locale);
  }
});

Deno.test("an underscore tag is read like a hyphenated one", () => {
  assert.equal(dateOrderFor("en_US"), "month_first");
  assert.equal(dateOrderFor("pt_BR"), "day_first");
});

Deno.test("a locale Intl does not know is read day first, as most of the world writes", () => {
  assert.equal(dateOrderFor("xx"), "day_first");
});

Deno.test("a malformed locale tag is a configuration error", () => {
  assert.throws(() => dateOrderFor("not a locale!"), RangeError);
});

Deno.test("asked again, a locale gets the same order as the first time, and a malformed one throws every time", () => {
  for (const locale of ["en-US", "en", "en_US", "es-MX", "es-US", "pt-BR", "pt_BR", "en-GB", "xx"]) {
    const first = dateOrderFor(locale);
    for (let i = 0; i < 3; i += 1) assert.equal(dateOrderFor(locale), first, locale);
  }
  for (let i = 0; i < 2; i += 1) assert.throws(() => dateOrderFor("not a locale!"), RangeError);
});
