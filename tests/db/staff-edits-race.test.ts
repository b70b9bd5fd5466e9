/**
 * 50 staff edits in Studio (take over, book, cancel, move) race 50 patient turns (begin_turn, claim,
 * confirm, complete_turn with the function's retry on a lost version race) on the same clinic,
 * conversations and slots, all at once. Afterwards SQL checks the invariants directly: no double
 * booking, slots booked exactly under booked appointments, no takeover undone by a turn, every turn
 * answered, every edit either done (and announced) or refused with a staff error, and no deadlock.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createBookingFixture, FIXTURE_NOW, serviceRolePool, type BookingFixture } from "./support/booking-fixture.ts";
import { databaseUrl } from "./support/database-url.ts";
import { ensureStudioRole, studioPool } from "./support/studio-role.ts";

const PROVIDERS = 2;
const SLOTS_PER_PROVIDER = 16;
const PATIENT_TURNS = 50;
const TAKEOVERS = 15;
const BOOKINGS = 15;
const CANCELS = 10;
const MOVES = 10;
/** Appointments staff booked before the race, for the cancels and moves to act on. */
const PREBOOKED = CANCELS + MOVES;
const CONVERSATIONS = PATIENT_TURNS + PREBOOKED + BOOKINGS;
const POOL_SIZE = 20;
/** As the function does (turn/run-turn.ts): a turn that keeps losing its version race gives up. */
const MAX_TURN_ATTEMPTS = 5;

/** The lost races a patient turn may meet: the time was taken, or its hold went meanwhile. */
const PATIENT_REFUSALS = new Set(["BK001", "BK006", "BK007", "BK011"]);
/**
 * What a staff edit may be refused with: the time is taken or being booked (ST001), closed (ST002),
 * the appointment changed meanwhile (ST003), or the exclusion constraint, the last guard, when a
 * bot booking of the same time committed between the friendly check and the row write.
 */
const STAFF_REFUSALS = new Set(["ST001", "ST002", "ST003", "23P01"]);

type Outcome = { actor: "patient" | "staff"; what: string; code: string };

function sqlState(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  throw error;
}

async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

describe("50 staff edits racing 50 patient turns on the same conversations and slots", () => {
  let admin: pg.Pool;
  let service: pg.Pool;
  let studio: pg.Pool;
  let fixture: BookingFixture;
  let channelId: string;
  let slots: Array<{ id: string; providerId: string; startsAt: string }>;
  let prebooked: string[];
  const outcomes: Outcome[] = [];
  /** The reply each patient message was committed with, by WhatsApp id. */
  const replies = new Map<string, string | null>();

  const randomSlot = () => slots[randomInt(slots.length)]!;

  /**
   * One patient message handled like the function's turn: begin_turn, then (with the bot) claim and
   * confirm a random time, then complete_turn at the version read. A lost version race begins again,
   * as the function does; effects already done stay done, a takeover found on the retry makes the
   * turn commit silently, except that a booking made before it is still told (turn/run-turn.ts).
   */
  async function patientTurn(index: number): Promise<void> {
    const { conversationId, patientId } = fixture.conversations[index]!;
    const phone = (await service.query<{ phone: string }>("select phone from public.patients where id = $1", [patientId])).rows[0]!.phone;
    const messageId = `race-${randomUUID()}`;
    let effect: string | null = null;
    let outcome = "gave_up";
    for (let attempt = 1; attempt <= MAX_TURN_ATTEMPTS; attempt += 1) {
      const began = await service.query<{ turn: { completed: boolean; conversation: { version: number; mode: string }; inboundMessageId: string } }>(
        "select public.begin_turn($1, $2, $3, $4, null, 'book me in', now()) as turn",
        [channelId, messageId, `${phone.slice(1)}@s.whatsapp.net`, phone],
      );
      const turn = began.rows[0]!.turn;
      const mode = turn.conversation.mode;
      let reply: string | null = null;
      if (mode === "bot" && effect === null) {
        try {
          const slot = randomSlot();
          await withClient(service, (c) =>
            c.query("select public.claim_slot($1, $2, $3, $4, $5)", [conversationId, patientId, fixture.shortServiceId, slot.id, FIXTURE_NOW]));
          await withClient(service, (c) =>
            c.query("select public.confirm_hold($1, $2, $3, $4)", [conversationId, patientId, fixture.shortServiceId, FIXTURE_NOW]));
          effect = "booked";
        } catch (error) {
          effect = sqlState(error);
        }
        reply = effect === "booked" ? "Your appointment is confirmed." : "Sorry, that time was just taken.";
      } else if (effect === "booked") {
        reply = "Your appointment is confirmed.";
      } else if (mode === "bot") {
        reply = "Let's start again.";
      }
      const committed = await service.query<{ result: { ok: boolean } }>(
        "select public.complete_turn($1, $2, $3, '{}', $4, $5) as result",
        [conversationId, turn.conversation.version, turn.inboundMessageId, mode, reply],
      );
      if (committed.rows[0]!.result.ok) {
        outcome = mode === "human" && effect === null ? "silent" : effect ?? "answered";
        replies.set(messageId, reply);
        break;
      }
    }
    outcomes.push({ actor: "patient", what: "turn", code: outcome });
  }

  async function staffEdit(what: string, sql: string, params: unknown[]): Promise<void> {
    try {
      await withClient(studio, (c) => c.query(sql, params));
      outcomes.push({ actor: "staff", what, code: "ok" });
    } catch (error) {
      outcomes.push({ actor: "staff", what, code: sqlState(error) });
    }
  }

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: databaseUrl(), max: 2 });
    await ensureStudioRole(admin);
    service = serviceRolePool(databaseUrl(), POOL_SIZE);
    studio = studioPool(databaseUrl(), POOL_SIZE);
    fixture = await createBookingFixture(service, { providers: PROVIDERS, slotsPerProvider: SLOTS_PER_PROVIDER, conversations: CONVERSATIONS });
    channelId = (await service.query<{ id: string }>("select id from public.channels where clinic_id = $1", [fixture.clinicId])).rows[0]!.id;
    slots = (await service.query<{ id: string; provider_id: string; starts_at: Date }>(
      "select id, provider_id, starts_at from public.slots where clinic_id = $1 order by provider_id, starts_at", [fixture.clinicId],
    )).rows.map((row) => ({ id: row.id, providerId: row.provider_id, startsAt: row.starts_at.toISOString() }));

    // Staff book the appointments the race will cancel and move, on distinct times.
    prebooked = [];
    for (let i = 0; i < PREBOOKED; i += 1) {
      const slot = slots[i]!;
      const { patientId } = fixture.conversations[PATIENT_TURNS + i]!;
      const booked = await studio.query<{ id: string }>(
        "insert into public.appointments (patient_id, service_id, provider_id, starts_at) values ($1, $2, $3, $4) returning id",
        [patientId, fixture.shortServiceId, slot.providerId, slot.startsAt],
      );
      prebooked.push(booked.rows[0]!.id);
    }

    const race: Array<() => Promise<void>> = [];
    for (let i = 0; i < PATIENT_TURNS; i += 1) race.push(() => patientTurn(i));
    for (let i = 0; i < TAKEOVERS; i += 1) {
      race.push(() => staffEdit("takeover", "update public.conversations set mode = 'human' where id = $1",
        [fixture.conversations[i]!.conversationId]));
    }
    for (let i = 0; i < BOOKINGS; i += 1) {
      const slot = randomSlot();
      race.push(() => staffEdit("book",
        "insert into public.appointments (patient_id, service_id, provider_id, starts_at) values ($1, $2, $3, $4)",
        [fixture.conversations[PATIENT_TURNS + PREBOOKED + i]!.patientId, fixture.shortServiceId, slot.providerId, slot.startsAt]));
    }
    for (let i = 0; i < CANCELS; i += 1) {
      race.push(() => staffEdit("cancel", "update public.appointments set status = 'cancelled' where id = $1", [prebooked[i]]));
    }
    for (let i = 0; i < MOVES; i += 1) {
      // Always somewhere else: a "move" onto its own time would change nothing and announce nothing.
      let slot = randomSlot();
      while (slot === slots[CANCELS + i]) slot = randomSlot();
      race.push(() => staffEdit("move", "update public.appointments set starts_at = $2, provider_id = $3 where id = $1",
        [prebooked[CANCELS + i], slot.startsAt, slot.providerId]));
    }
    // Shuffled, then all at once.
    for (let i = race.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [race[i], race[j]] = [race[j]!, race[i]!];
    }
    await Promise.all(race.map((run) => run()));
  });

  afterAll(async () => {
    await fixture?.dispose();
    await Promise.all([service?.end(), studio?.end(), admin?.end()]);
  });

  it("ran every turn and every edit", () => {
    expect(outcomes.filter((o) => o.actor === "patient")).toHaveLength(PATIENT_TURNS);
    expect(outcomes.filter((o) => o.actor === "staff")).toHaveLength(TAKEOVERS + BOOKINGS + CANCELS + MOVES);
  });

  it("refuses patients only with lost-race answers and staff only with staff errors: no deadlock, no other failure", () => {
    const unexpected = outcomes.filter((o) =>
      o.actor === "patient"
        ? !["booked", "silent"].includes(o.code) && !PATIENT_REFUSALS.has(o.code)
        : o.code !== "ok" && !STAFF_REFUSALS.has(o.code));
    expect(unexpected).toEqual([]);
  });

  it("answers every patient message exactly once", async () => {
    const unanswered = await service.query(
      `select m.id from public.messages m where m.clinic_id = $1 and m.direction = 'in' and m.processed_at is null`,
      [fixture.clinicId],
    );
    expect(unanswered.rows).toEqual([]);
  });

  it("logs every turn in turns: one row per patient message, with the reply it committed", async () => {
    const { rows } = await service.query<{ wa: string; reply: string | null; logged: number }>(
      `select m.wa_message_id as wa, t.reply, (select count(*)::int from public.turns x where x.message_id = m.id) as logged
         from public.messages m left join public.turns t on t.message_id = m.id
        where m.clinic_id = $1 and m.direction = 'in'`,
      [fixture.clinicId],
    );
    expect(rows).toHaveLength(PATIENT_TURNS);
    expect(rows.filter((row) => row.logged !== 1)).toEqual([]);
    expect(rows.filter((row) => row.reply !== replies.get(row.wa))).toEqual([]);
  });

  it("tells every patient whose booking went through, whoever took the chat over meanwhile", async () => {
    const booked = outcomes.filter((o) => o.actor === "patient" && o.code === "booked").length;
    const told = [...replies.values()].filter((reply) => reply === "Your appointment is confirmed.").length;
    expect(told).toBe(booked);
  });

  it("loses no takeover: every conversation staff took over is still theirs", async () => {
    const taken = fixture.conversations.slice(0, TAKEOVERS).map((c) => c.conversationId);
    const modes = await service.query<{ mode: string }>("select mode::text from public.conversations where id = any($1)", [taken]);
    expect(modes.rows.map((row) => row.mode)).toEqual(Array(TAKEOVERS).fill("human"));
  });

  it("leaves no two booked appointments of a practitioner overlapping", async () => {
    const overlapping = await service.query(
      `select a.id, b.id from public.appointments a
         join public.appointments b on a.provider_id = b.provider_id and a.id < b.id
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        where a.clinic_id = $1 and a.status = 'booked' and b.status = 'booked'`,
      [fixture.clinicId],
    );
    expect(overlapping.rows).toEqual([]);
  });

  it("marks exactly the slots under booked appointments as booked", async () => {
    const mismatched = await service.query(
      `select s.id, s.status from public.slots s
        where s.clinic_id = $1
          and (s.status = 'booked') <> exists (
                select 1 from public.appointments a
                 where a.provider_id = s.provider_id and a.status = 'booked'
                   and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at))`,
      [fixture.clinicId],
    );
    expect(mismatched.rows).toEqual([]);
  });

  it("tells the patient of every edit staff made, and of nothing the patients did themselves", async () => {
    const done = (what: string) => outcomes.filter((o) => o.actor === "staff" && o.what === what && o.code === "ok").length;
    const notices = await service.query<{ kind: string; n: number }>(
      "select kind::text, count(*)::int as n from public.outbox where clinic_id = $1 group by kind",
      [fixture.clinicId],
    );
    const count = (kind: string) => notices.rows.find((row) => row.kind === kind)?.n ?? 0;
    expect(count("appointment_booked")).toBe(PREBOOKED + done("book"));
    expect(count("appointment_cancelled")).toBe(done("cancel"));
    expect(count("appointment_moved")).toBe(done("move"));
    expect(notices.rows.map((row) => row.kind).sort()).toEqual(
      ["appointment_booked", "appointment_cancelled", "appointment_moved"].filter((kind) => count(kind) > 0),
    );
  });
});
