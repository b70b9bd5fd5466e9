/**
 * Patients' words stay out of the logs at every level unless LOG_PATIENT_TEXT is set: the bot's own
 * log lines carry lengths and ids instead of texts, Baileys never logs at trace without it
 * (socket-lifecycle.ts), and this redaction catches the fields where a text would sit should any
 * log line carry one anyway (a message object, a payload, a quote).
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { BotConfig } from "./config.ts";

export const REDACTED = "[hidden: set LOG_PATIENT_TEXT to log patients' texts]";

/** Field paths that hold a patient's text in the shapes the bot and Baileys handle. */
export const PATIENT_TEXT_PATHS: readonly string[] = [
  "text",
  "body",
  "message",
  "messages",
  "payload.message",
  "payload.quoted.text",
  "quoted.text",
  // Inside a WhatsApp message object, one level down (an error's own `message` stays readable).
  "*.conversation",
  "*.extendedTextMessage",
  "*.quotedMessage",
];

export function logRedaction(logPatientText: boolean): LoggerOptions["redact"] {
  return logPatientText ? undefined : { paths: [...PATIENT_TEXT_PATHS], censor: REDACTED };
}

/** The bot's logger: one JSON line per event on stdout (PM2 collects it), tagged with the channel. */
export function createBotLogger(config: Pick<BotConfig, "logLevel" | "logPatientText" | "channelId">, destination?: DestinationStream): Logger {
  const options: LoggerOptions = { level: config.logLevel, base: { channel: config.channelId }, redact: logRedaction(config.logPatientText) };
  return destination === undefined ? pino(options) : pino(options, destination);
}
