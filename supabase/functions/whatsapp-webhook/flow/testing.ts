/**
 * Fixtures for the flow's Deno tests: a clinic context with a fixed clock, its catalog (three
 * services, three practitioners, names in three languages), and slot facts built from wall-clock
 * times, so tests read like the conversation they describe.
 */
import { zonedInstant } from "./time.ts";
import { type FlowContext, flowContext, type OpeningHours, type ProviderFact, type ServiceFact } from "./context.ts";
import type { AppointmentFact, BookingDraft, Hold, SlotFact } from "./facts.ts";
import { NO_WISH } from "./facts.ts";
import { type FlowState, initialState } from "./state.ts";
import type { Step } from "./steps/index.ts";
import type { Effect } from "./effects.ts";
import type { Language } from "../locales/types.ts";

export const TZ = "Europe/Lisbon";

export const DR_SILVA: ProviderFact = { id: "prov-silva", name: "Dr. Ana Silva", names: { es: "Dra. Ana Silva", pt: "Dra. Ana Silva" } };
export const DR_COSTA: ProviderFact = { id: "prov-costa", name: "Dr. Rui Costa", names: {} };
export const NURSE_LIMA: ProviderFact = { id: "prov-lima", name: "Nurse Joana Lima", names: { es: "Enfermera Joana Lima", pt: "Enfermeira Joana Lima" } };

export const CLEANING: ServiceFact = {
  id: "svc-cleaning",
  name: "Cleaning",
  names: { es: "Limpieza", pt: "Limpeza" },
  keywords: ["hygiene"],
  durationMinutes: 30,
  providerIds: [DR_SILVA.id, DR_COSTA.id],
};
export const CHECKUP: ServiceFact = {
  id: "svc-checkup",
  name: "Check-up",
  names: { es: "Revisión", pt: "Revisão" },
  keywords: ["checkup", "check up", "chequeo"],
  durationMinutes: 30,
  providerIds: [DR_SILVA.id, DR_COSTA.id],
};
export const WHITENING: ServiceFact = {
  id: "svc-whitening",
  name: "Whitening",
  names: { es: "Blanqueamiento", pt: "Clareamento" },
  keywords: [],
  durationMinutes: 60,
  providerIds: [NURSE_LIMA.id],
};

/** Monday to Saturday, 09:00–17:00. */
export const WEEK_HOURS: OpeningHours[] = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: "09:00", closes: "17:00" }));

/** Sunday 22 Nov 2026, 10:00 in Lisbon (UTC+0 in winter). */
export const SUNDAY_MORNING = new Date("2026-11-22T10:00:00Z");

export interface ContextOverrides {
  now?: Date;
  timezone?: string;
  locale?: string;
  language?: Language;
  clinicLanguage?: Language;
  askProvider?: boolean;
  name?: string | null;
  pushName?: string | null;
  horizonDays?: number;
  openWeekdays?: number[];
  closedDays?: string[];
  hours?: OpeningHours[];
}

/** A Lisbon clinic writing dates the British way (24-hour clock, day first) unless overridden. */
export function makeContext(overrides: ContextOverrides = {}): FlowContext {
  return flowContext({
    now: overrides.now ?? SUNDAY_MORNING,
    clinic: {
      name: "Smile Clinic",
      timezone: overrides.timezone ?? TZ,
      locale: overrides.locale ?? "en-GB",
      language: overrides.clinicLanguage ?? "en",
      askProvider: overrides.askProvider ?? false,
      holdMinutes: 5,
      horizonDays: overrides.horizonDays ?? 14,
      minNoticeMinutes: 60,
      cooloffMinutes: 30,
      openWeekdays: overrides.openWeekdays ?? [1, 2, 3, 4, 5, 6],
      closedDays: overrides.closedDays ?? [],
      hours: overrides.hours ?? WEEK_HOURS,
    },
    services: [CLEANING, CHECKUP, WHITENING],
    providers: [DR_SILVA, DR_COSTA, NURSE_LIMA],
    patient: {
      name: overrides.name === undefined ? null : overrides.name,
      pushName: overrides.pushName === undefined ? "Ana" : overrides.pushName,
    },
    language: overrides.language ?? "en",
  });
}

/** Slots on a local day at the given "HH:MM" wall-clock times, with one practitioner. */
export function slotsOn(day: string, times: readonly string[], timeZone = TZ, providerId = DR_SILVA.id): SlotFact[] {
  const [year, month, date] = day.split("-").map(Number);
  return times.map((time) => {
    const [hour, minute] = time.split(":").map(Number);
    const startsAt = zonedInstant(
      { year: year ?? 0, month: month ?? 0, day: date ?? 0, hour: hour ?? 0, minute: minute ?? 0 },
      timeZone,
    ).toISOString();
    return { slotId: `slot-${providerId}-${day}-${time}`, startsAt, providerId };
  });
}

export function stateAt(step: Step, stack: Step[] = []): FlowState {
  return { ...initialState(), step, stack };
}

export const DRAFT: BookingDraft = { serviceId: CLEANING.id, providerId: null, rescheduleOf: null };
export const APPOINTMENT: AppointmentFact = {
  appointmentId: "appt-1",
  serviceId: CLEANING.id,
  serviceName: "Cleaning",
  providerId: DR_SILVA.id,
  providerName: DR_SILVA.name,
  startsAt: "2026-11-24T10:30:00.000Z",
};
export const HOLD: Hold = {
  slotId: `slot-${DR_SILVA.id}-2026-11-24-10:30`,
  startsAt: "2026-11-24T10:30:00.000Z",
  holdUntil: "2026-11-22T10:05:00.000Z",
  providerId: DR_SILVA.id,
};

/** The reply texts of a transition's effects, joined. */
export function replyOf(effects: readonly Effect[]): string {
  return effects.flatMap((e) => (e.type === "reply" ? [e.text] : [])).join("\n\n");
}

/** One example of every step, with a plausible stack beneath it. */
export function everyStep(): Array<{ name: Step["kind"]; state: FlowState }> {
  const menu: Step = { kind: "menu" };
  const service: Step = { kind: "pick_service", providerId: null, wish: NO_WISH };
  const provider: Step = { kind: "pick_provider", draft: DRAFT, wish: NO_WISH };
  const day: Step = { kind: "pick_day", draft: DRAFT, days: ["2026-11-23", "2026-11-24"], wish: NO_WISH };
  const slots = slotsOn("2026-11-24", ["09:00", "10:30", "11:00"]);
  const time: Step = { kind: "pick_time", draft: DRAFT, day: "2026-11-24", slots, shown: slots };
  const confirm: Step = { kind: "confirm_booking", draft: DRAFT, hold: HOLD, name: "Ana" };
  const list: Step = { kind: "appointments", purpose: "view", list: [APPOINTMENT] };
  const actions: Step = { kind: "appointment_actions", appointment: APPOINTMENT };
  const cancel: Step = { kind: "confirm_cancel", appointment: APPOINTMENT };
  const question: Step = { kind: "ask_question" };
  const language: Step = { kind: "pick_language" };
  const visit: Step = { kind: "confirm_visit", appointment: APPOINTMENT };
  const optOut: Step = { kind: "confirm_opt_out" };
  return [
    { name: "menu", state: stateAt(menu) },
    { name: "pick_service", state: stateAt(service, [menu]) },
    { name: "pick_provider", state: stateAt(provider, [menu, service]) },
    { name: "pick_day", state: stateAt(day, [menu, service]) },
    { name: "pick_time", state: stateAt(time, [menu, service, day]) },
    { name: "confirm_booking", state: stateAt(confirm, [menu, service, day, time]) },
    { name: "appointments", state: stateAt(list, [menu]) },
    { name: "appointment_actions", state: stateAt(actions, [menu, list]) },
    { name: "confirm_cancel", state: stateAt(cancel, [menu, list, actions]) },
    { name: "ask_question", state: stateAt(question, [menu]) },
    { name: "pick_language", state: stateAt(language, [menu]) },
    { name: "confirm_visit", state: stateAt(visit, [menu]) },
    { name: "confirm_opt_out", state: stateAt(optOut, [menu, visit]) },
  ];
}
