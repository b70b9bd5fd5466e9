/**
 * Fixtures for the flow's Deno tests: a clinic context with a fixed clock, and slot facts built from
 * wall-clock times, so tests read like the conversation they describe.
 */
import { en } from "../replies/en.ts";
import { zonedInstant } from "./time.ts";
import type { FlowContext, SlotFact } from "./types.ts";
import type { FlowState, Step } from "./state.ts";
import { initialState } from "./state.ts";

export const TZ = "Europe/Lisbon";
export const CLEANING = { id: "svc-cleaning", name: "Cleaning", durationMinutes: 30, priceText: null };
export const CHECKUP = { id: "svc-checkup", name: "Check-up", durationMinutes: 30, priceText: null };
export const WHITENING = { id: "svc-whitening", name: "Whitening", durationMinutes: 60, priceText: null };

/** Sunday 22 Nov 2026, 10:00 in Lisbon (UTC+0 in winter). */
export const SUNDAY_MORNING = new Date("2026-11-22T10:00:00Z");

export function makeContext(overrides: {
  now?: Date;
  timezone?: string;
  name?: string | null;
  pushName?: string | null;
  horizonDays?: number;
  openWeekdays?: number[];
  closedDays?: string[];
} = {}): FlowContext {
  return {
    now: overrides.now ?? SUNDAY_MORNING,
    clinic: {
      name: "Smile Clinic",
      timezone: overrides.timezone ?? TZ,
      holdMinutes: 5,
      horizonDays: overrides.horizonDays ?? 14,
      minNoticeMinutes: 60,
      cooloffMinutes: 30,
      openWeekdays: overrides.openWeekdays ?? [1, 2, 3, 4, 5, 6],
      closedDays: overrides.closedDays ?? [],
    },
    services: [CLEANING, CHECKUP, WHITENING],
    patient: { name: overrides.name === undefined ? null : overrides.name, pushName: overrides.pushName === undefined ? "Ana" : overrides.pushName },
    replies: en,
  };
}

/** Slots on a local day at the given "HH:MM" wall-clock times. */
export function slotsOn(day: string, times: readonly string[], timeZone = TZ): SlotFact[] {
  const [year, month, date] = day.split("-").map(Number);
  return times.map((time) => {
    const [hour, minute] = time.split(":").map(Number);
    const startsAt = zonedInstant(
      { year: year ?? 0, month: month ?? 0, day: date ?? 0, hour: hour ?? 0, minute: minute ?? 0 },
      timeZone,
    ).toISOString();
    return { slotId: `slot-${day}-${time}`, startsAt };
  });
}

export function stateAt(step: Step, stack: Step[] = []): FlowState {
  return { ...initialState(), step, stack };
}

export const DRAFT = { serviceId: CLEANING.id, rescheduleOf: null };
export const APPOINTMENT = {
  appointmentId: "appt-1",
  serviceId: CLEANING.id,
  serviceName: "Cleaning",
  startsAt: "2026-11-24T10:30:00.000Z",
};
export const HOLD = { slotId: "slot-2026-11-24-10:30", startsAt: "2026-11-24T10:30:00.000Z", holdUntil: "2026-11-22T10:05:00.000Z" };

/** One example of every step, with a plausible stack beneath it. */
export function everyStep(): Array<{ name: Step["kind"]; state: FlowState }> {
  const menu: Step = { kind: "menu" };
  const service: Step = { kind: "pick_service" };
  const day: Step = { kind: "pick_day", draft: DRAFT, days: ["2026-11-23", "2026-11-24"] };
  const slots = slotsOn("2026-11-24", ["09:00", "10:30", "11:00"]);
  const time: Step = { kind: "pick_time", draft: DRAFT, day: "2026-11-24", slots, shown: slots };
  const name: Step = { kind: "ask_name", draft: DRAFT, hold: HOLD };
  const confirm: Step = { kind: "confirm_booking", draft: DRAFT, hold: HOLD, name: "Ana" };
  const list: Step = { kind: "appointments", list: [APPOINTMENT] };
  const actions: Step = { kind: "appointment_actions", appointment: APPOINTMENT };
  const cancel: Step = { kind: "confirm_cancel", appointment: APPOINTMENT };
  const question: Step = { kind: "ask_question" };
  return [
    { name: "menu", state: stateAt(menu) },
    { name: "pick_service", state: stateAt(service, [menu]) },
    { name: "pick_day", state: stateAt(day, [menu, service]) },
    { name: "pick_time", state: stateAt(time, [menu, service, day]) },
    { name: "ask_name", state: stateAt(name, [menu, service, day, time]) },
    { name: "confirm_booking", state: stateAt(confirm, [menu, service, day, time, name]) },
    { name: "appointments", state: stateAt(list, [menu]) },
    { name: "appointment_actions", state: stateAt(actions, [menu, list]) },
    { name: "confirm_cancel", state: stateAt(cancel, [menu, list, actions]) },
    { name: "ask_question", state: stateAt(question, [menu]) },
  ];
}
