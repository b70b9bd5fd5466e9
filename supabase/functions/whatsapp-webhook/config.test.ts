/** Start-up configuration: defaults, the secret-keys fallback, and errors that name the variable. */
import assert from "node:assert/strict";
import { ConfigError, DEFAULT_ANTHROPIC_MODEL, parseConfig } from "./config.ts";

const BASE = { SUPABASE_URL: "http://127.0.0.1:54321", SUPABASE_SERVICE_ROLE_KEY: "service-role-key" };

function failureOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("the minimal configuration has no Claude and logs at info level", () => {
  assert.deepEqual(parseConfig(BASE), {
    supabaseUrl: "http://127.0.0.1:54321",
    serviceKey: "service-role-key",
    anthropic: null,
    logLevel: "info",
    logPatientText: false,
  });
});

Deno.test("LOG_PATIENT_TEXT turns patients' texts in debug logs on, and a typo is named", () => {
  assert.equal(parseConfig({ ...BASE, LOG_PATIENT_TEXT: "true" }).logPatientText, true);
  assert.equal(parseConfig({ ...BASE, LOG_PATIENT_TEXT: "0" }).logPatientText, false);
  assert.equal(failureOf({ ...BASE, LOG_PATIENT_TEXT: "sometimes" }).variable, "LOG_PATIENT_TEXT");
});

Deno.test("an Anthropic key turns Claude on with the default small model", () => {
  const config = parseConfig({ ...BASE, ANTHROPIC_API_KEY: "sk-ant-test" });
  assert.deepEqual(config.anthropic, { apiKey: "sk-ant-test", model: DEFAULT_ANTHROPIC_MODEL, baseURL: null });
});

Deno.test("the model and base URL can be overridden", () => {
  const config = parseConfig({
    ...BASE, ANTHROPIC_API_KEY: "k", ANTHROPIC_MODEL: "claude-sonnet-4-5", ANTHROPIC_BASE_URL: "http://127.0.0.1:9999",
  });
  assert.deepEqual(config.anthropic, { apiKey: "k", model: "claude-sonnet-4-5", baseURL: "http://127.0.0.1:9999" });
});

Deno.test("without a service role key the default secret key is used", () => {
  const config = parseConfig({
    SUPABASE_URL: BASE.SUPABASE_URL,
    SUPABASE_SECRET_KEYS: JSON.stringify({ other: "sb_secret_other", default: "sb_secret_default" }),
  });
  assert.equal(config.serviceKey, "sb_secret_default");
});

Deno.test("a missing SUPABASE_URL is an error naming it", () => {
  assert.equal(failureOf({ SUPABASE_SERVICE_ROLE_KEY: "k" }).variable, "SUPABASE_URL");
});

Deno.test("a blank key counts as missing", () => {
  assert.equal(failureOf({ SUPABASE_URL: BASE.SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY: "  " }).variable, "SUPABASE_SERVICE_ROLE_KEY");
});

Deno.test("malformed values are errors naming their variable", () => {
  assert.equal(failureOf({ ...BASE, SUPABASE_URL: "not a url" }).variable, "SUPABASE_URL");
  assert.equal(failureOf({ ...BASE, LOG_LEVEL: "verbose" }).variable, "LOG_LEVEL");
  assert.equal(failureOf({ ...BASE, ANTHROPIC_BASE_URL: "ftp://x" }).variable, "ANTHROPIC_BASE_URL");
  const noJson = { SUPABASE_URL: BASE.SUPABASE_URL, SUPABASE_SECRET_KEYS: "sb_secret_plain" };
  assert.equal(failureOf(noJson).variable, "SUPABASE_SECRET_KEYS");
});
