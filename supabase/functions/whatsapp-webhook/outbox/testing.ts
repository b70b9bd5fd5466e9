/** Fixtures for the outbox's Deno tests: a render context of a London clinic, and writing one row. */
import { type RenderContext, renderRow } from "./render.ts";

export const NOW = new Date("2030-01-10T12:00:00Z");

export function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    clinic: { name: "Lakeside Physio", timezone: "Europe/London", language: "en", locale: "en-GB" },
    patient: { name: "Maya", pushName: null, language: null },
    conversation: {
      mode: "bot",
      state: {},
      version: 4,
      pausedUntil: null,
      lastInboundAt: "2030-01-10T11:55:00Z",
      updatedAt: "2030-01-10T11:55:00Z",
      sessionIdleMinutes: 30,
    },
    appointment: {
      id: "a1",
      status: "booked",
      serviceId: "s1",
      serviceName: "Physiotherapy",
      providerId: "p1",
      providerName: "Dr. Silva",
      startsAt: "2030-01-11T10:00:00Z",
      endsAt: "2030-01-11T10:30:00Z",
    },
    freeTimes: null,
    catalog: {
      services: { s1: { name: "Physiotherapy", names: { es: "Fisioterapia", pt: "Fisioterapia" } } },
      providers: { p1: { name: "Dr. Silva", names: { es: "Dra. Silva", pt: "Dra. Silva" } }, p2: { name: "Dr. Reis", names: {} } },
    },
    ...overrides,
  };
}

export const APPOINTMENT_PARAMS = {
  appointmentId: "a1",
  serviceId: "s1",
  serviceName: "Physiotherapy",
  providerId: "p1",
  providerName: "Dr. Silva",
  startsAt: "2030-01-11T10:00:00Z",
  endsAt: "2030-01-11T10:30:00Z",
};

export function written(kind: string, params: unknown, ctx: RenderContext = context()) {
  const result = renderRow({ id: "o1", kind, params, context: ctx }, NOW);
  if (result.kind !== "written") throw new Error(`not written: ${result.error}`);
  return result;
}

