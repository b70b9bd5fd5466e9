/**
 * Helpers for conversations with the whatsapp-webhook function through the local stack: a patient
 * with a fresh random number who says things and reads the numbered choices back, and a database
 * connection to check what the conversation did.
 */
import pg from "pg";
import { expect } from "vitest";
import { type FunctionTarget, jidOf, newMessageId, randomPhone, sendAsPatient } from "../../scripts/patient/client.ts";
import { databaseUrl } from "../db/support/database-url.ts";
import { stackEnv } from "../function-http/support.ts";

export function target(): FunctionTarget {
  const { functionUrl, channelId, channelSecret } = stackEnv();
  return { functionUrl, channelId, channelSecret };
}

export function database(): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl(), max: 4 });
}

export interface Answer {
  conversationId: string;
  response: string | null;
  duplicate: boolean;
}

/** One made-up patient: a fresh phone number, so tests never share a conversation. */
export class Patient {
  readonly phone = randomPhone();
  constructor(readonly pushName: string | null = "Test Patient", private readonly to = target()) {}

  async say(text: string, messageId = newMessageId()): Promise<Answer> {
    return this.sayFrom({ chatJid: jidOf(this.phone), phone: this.phone }, text, messageId);
  }

  /** Says `text` from another of this person's WhatsApp addresses (their LID chat, say). */
  async sayFrom(address: { chatJid: string; phone: string | null }, text: string, messageId = newMessageId()): Promise<Answer> {
    const result = await sendAsPatient(this.to, { ...address, text, pushName: this.pushName, messageId });
    if (result.kind !== "answered") throw new Error(`"${text}" → ${result.status} ${result.code}: ${result.message}`);
    return result.body;
  }

  /** Says `text` and returns the reply, failing the test if the bot stayed silent. */
  async ask(text: string): Promise<string> {
    const answer = await this.say(text);
    expect(answer.response, `a reply to "${text}"`).not.toBeNull();
    return answer.response ?? "";
  }
}

/** The numbered choices of a reply: `N. label` lines. */
export function choices(reply: string): Array<{ number: number; label: string }> {
  return [...reply.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => ({ number: Number(m[1]), label: m[2] ?? "" }));
}

/** The number of the choice whose label starts with `prefix`. */
export function choiceNumber(reply: string, prefix: string): string {
  const found = choices(reply).find((c) => c.label.startsWith(prefix));
  if (!found) throw new Error(`no choice starting with "${prefix}" in:\n${reply}`);
  return String(found.number);
}

/** From the menu to the list of free times for `service` on the first day offered. */
export async function toTimes(patient: Patient, service: string): Promise<{ day: string; reply: string }> {
  await patient.ask("menu");
  const services = await patient.ask("1");
  const days = await patient.ask(choiceNumber(services, service));
  const day = choices(days)[0]?.label;
  if (!day) throw new Error(`no days offered:\n${days}`);
  const reply = await patient.ask("1");
  expect(reply).toContain(`Free times on *${day}*`);
  return { day, reply };
}

/** The demo clinic's zone (supabase/seed.sql). */
export const CLINIC_TIME_ZONE = "America/New_York";

/** The clinic's local date `days` from today, with its ISO weekday (1 = Monday … 7 = Sunday). */
export function clinicDay(days: number): { date: string; weekday: number } {
  const instant = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: CLINIC_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
  return { date, weekday };
}

const WEEKDAY_NAMES = {
  en: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
  es: ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
  pt: ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
} as const;

/**
 * A day the demo clinic is open (Monday to Saturday), between two and six days ahead, so a weekday
 * name typed today means it and nothing nearer; with its name in each language.
 */
export function openDayAhead(): { date: string; names: { en: string; es: string; pt: string } } {
  for (let days = 2; days <= 6; days += 1) {
    const { date, weekday } = clinicDay(days);
    if (weekday === 7) continue;
    const index = weekday - 1;
    return { date, names: { en: WEEKDAY_NAMES.en[index]!, es: WEEKDAY_NAMES.es[index]!, pt: WEEKDAY_NAMES.pt[index]! } };
  }
  throw new Error("no open day within a week");
}
