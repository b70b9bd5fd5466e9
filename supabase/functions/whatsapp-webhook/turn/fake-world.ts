/**
 * A test double of what a turn talks to, for Deno tests of whole conversations without a
 * database: an in-memory slot engine with the real one's rules that matter to the flow (one live
 * hold per conversation, a claim releases the previous hold, holds expire, booked is booked) and a
 * canned FAQ. `Conversation` then plays messages through the real `settle`, as a turn would, with
 * the patient's language and name carried from turn to turn.
 */
import type { FlowEvent } from "../flow/events.ts";
import type { RequestEffect } from "../flow/effects.ts";
import type { AppointmentFact, SlotFact } from "../flow/facts.ts";
import { type FlowContext, withLanguage } from "../flow/context.ts";
import { type FlowState, initialState } from "../flow/state.ts";
import { MS_PER_MINUTE } from "../flow/time.ts";
import { type Performed, type Performer, settle } from "./settle.ts";
import { assertNever } from "../../../../shared/assert-never.ts";

interface WorldSlot {
  slot: SlotFact;
  status: "open" | "held" | "booked";
  heldUntil: number;
}

export class FakeWorld implements Performer {
  readonly slots = new Map<string, WorldSlot>();
  readonly appointments: AppointmentFact[] = [];
  /** Appointments confirmed by their patient (confirm_appointment), by id. */
  readonly confirmed = new Set<string>();
  /** Whether the patient stopped reminders and notices (set_patient_opt_out). */
  optedOut = false;
  readonly calls: string[] = [];
  now: Date;

  constructor(private readonly ctx: FlowContext, slots: readonly SlotFact[]) {
    this.now = ctx.now;
    for (const slot of slots) this.slots.set(slot.slotId, { slot, status: "open", heldUntil: 0 });
  }

  /** Someone else books a slot. */
  take(slotId: string): void {
    const entry = this.slots.get(slotId);
    if (entry) entry.status = "booked";
  }

  /** Slots this conversation holds that have not expired. */
  liveHolds(): number {
    return [...this.slots.values()].filter((s) => s.status === "held" && s.heldUntil > this.now.getTime()).length;
  }

  private free(entry: WorldSlot): boolean {
    return entry.status === "open" || (entry.status === "held" && entry.heldUntil <= this.now.getTime());
  }

  request(effect: RequestEffect): Promise<Performed> {
    this.calls.push(effect.type);
    return Promise.resolve({ event: this.answer(effect) });
  }

  releaseHold(): Promise<number> {
    this.calls.push("release_hold");
    let released = 0;
    for (const entry of this.slots.values()) {
      if (entry.status === "held") {
        entry.status = "open";
        released += 1;
      }
    }
    return Promise.resolve(released);
  }

  private answer(effect: RequestEffect): FlowEvent {
    switch (effect.type) {
      case "load_slots": {
        const service = this.ctx.services.find((s) => s.id === effect.serviceId);
        const from = Date.parse(effect.from);
        const to = Date.parse(effect.to);
        const earliest = this.now.getTime() + this.ctx.clinic.minNoticeMinutes * MS_PER_MINUTE;
        const slots = [...this.slots.values()]
          .filter((s) => this.free(s) && service?.providerIds.includes(s.slot.providerId))
          .map((s) => s.slot)
          .filter((slot) => {
            const start = Date.parse(slot.startsAt);
            return start >= from && start < to && start >= earliest;
          })
          .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
        return { type: "slots_loaded", purpose: effect.purpose, slots };
      }
      case "claim_slot": {
        const entry = this.slots.get(effect.slot.slotId);
        if (!entry || !this.free(entry)) {
          return { type: "claim_result", draft: effect.draft, slot: effect.slot, outcome: { kind: "taken" } };
        }
        for (const other of this.slots.values()) if (other.status === "held") other.status = "open";
        entry.status = "held";
        entry.heldUntil = this.now.getTime() + this.ctx.clinic.holdMinutes * MS_PER_MINUTE;
        const hold = {
          slotId: entry.slot.slotId,
          startsAt: entry.slot.startsAt,
          holdUntil: new Date(entry.heldUntil).toISOString(),
          providerId: entry.slot.providerId,
        };
        return { type: "claim_result", draft: effect.draft, slot: effect.slot, outcome: { kind: "held", hold } };
      }
      case "confirm_hold": {
        const entry = this.slots.get(effect.hold.slotId);
        if (!entry || entry.status !== "held" || entry.heldUntil <= this.now.getTime()) {
          return { type: "confirm_result", draft: effect.draft, hold: effect.hold, outcome: { kind: "hold_expired" } };
        }
        entry.status = "booked";
        const appointmentId = `appt-${this.appointments.length + 1}`;
        const from = effect.draft.rescheduleOf;
        if (from) {
          const index = this.appointments.findIndex((a) => a.appointmentId === from.appointmentId);
          if (index >= 0) this.appointments.splice(index, 1);
        }
        const service = this.ctx.services.find((s) => s.id === effect.draft.serviceId);
        const provider = this.ctx.providers.find((p) => p.id === entry.slot.providerId);
        this.appointments.push({
          appointmentId,
          serviceId: effect.draft.serviceId,
          serviceName: service?.name ?? "",
          providerId: entry.slot.providerId,
          providerName: provider?.name ?? "",
          startsAt: entry.slot.startsAt,
        });
        return {
          type: "confirm_result",
          draft: effect.draft,
          hold: effect.hold,
          outcome: { kind: "confirmed", appointmentId, startsAt: entry.slot.startsAt },
        };
      }
      case "load_appointments":
        return { type: "appointments_loaded", purpose: effect.purpose, appointments: [...this.appointments] };
      case "cancel_appointment": {
        const index = this.appointments.findIndex((a) => a.appointmentId === effect.appointment.appointmentId);
        if (index < 0) return { type: "cancel_result", appointment: effect.appointment, outcome: { kind: "refused", reason: "not_found" } };
        this.appointments.splice(index, 1);
        return { type: "cancel_result", appointment: effect.appointment, outcome: { kind: "cancelled" } };
      }
      case "confirm_visit": {
        const { appointment } = effect;
        const booked = this.appointments.some((a) => a.appointmentId === appointment.appointmentId);
        if (!booked) return { type: "visit_confirmed", appointment, outcome: { kind: "refused", reason: "not_found" } };
        if (Date.parse(appointment.startsAt) <= this.now.getTime()) return { type: "visit_confirmed", appointment, outcome: { kind: "passed" } };
        this.confirmed.add(appointment.appointmentId);
        return { type: "visit_confirmed", appointment, outcome: { kind: "confirmed" } };
      }
      case "set_opt_out": {
        const changed = this.optedOut !== effect.optedOut;
        this.optedOut = effect.optedOut;
        return { type: "opt_out_set", optedOut: effect.optedOut, changed };
      }
      case "answer_question":
        return {
          type: "question_answered",
          answer: /park/i.test(effect.question) ? { kind: "answered", text: `[${effect.language}] Parking is behind the building.` } : { kind: "no_match" },
        };
      default:
        return assertNever(effect);
    }
  }
}

/** A patient talking to the flow: each `say` is one turn, settled against the world. */
export class Conversation {
  state: FlowState = initialState();
  ctx: FlowContext;
  handedOff = false;
  readonly transcript: Array<{ said: string; reply: string }> = [];

  constructor(ctx: FlowContext, readonly world: FakeWorld) {
    this.ctx = ctx;
  }

  async say(text: string): Promise<string> {
    const settled = await settle(this.state, { type: "text", text }, { ...this.ctx, now: this.world.now }, this.world);
    this.state = settled.state;
    if (settled.language) this.ctx = withLanguage(this.ctx, settled.language);
    if (settled.patientName) this.ctx = { ...this.ctx, patient: { ...this.ctx.patient, name: settled.patientName } };
    this.handedOff ||= settled.handoff;
    const reply = settled.replies.join("\n\n");
    this.transcript.push({ said: text, reply });
    return reply;
  }
}
