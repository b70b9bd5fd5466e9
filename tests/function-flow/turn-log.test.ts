/**
 * The turn log through the stack (issue 7 §5): every processed patient message has exactly one row
 * in `turns`, written with the turn's commit: the gate's decision, mode and state before and after,
 * the effects with their results and timings, the reply and the message it was stored as.
 */
import { afterAll, describe, expect, it } from "vitest";
import { choiceNumber, database, Patient, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

interface TurnRow {
  gate: string;
  gate_reason: string | null;
  mode_before: string;
  mode_after: string;
  state_before: { step?: { kind: string } };
  state_after: { step?: { kind: string } };
  effects: Array<{ type: string; input: Record<string, unknown>; result: Record<string, unknown> | null; ms: number }>;
  reply: string | null;
  reply_body: string | null;
  attempts: number;
  duration_ms: number;
  body: string;
}

async function turnsOf(patient: Patient): Promise<TurnRow[]> {
  const { rows } = await db.query(
    `select t.gate, t.gate_reason, t.mode_before::text, t.mode_after::text, t.state_before, t.state_after, t.effects,
            t.reply, r.body as reply_body, t.attempts, t.duration_ms, m.body
       from public.turns t
       join public.messages m on m.id = t.message_id
       join public.patients p on p.id = (select c.patient_id from public.conversations c where c.id = t.conversation_id)
       left join public.messages r on r.id = t.reply_message_id
      where p.phone = $1 order by m.created_at`,
    [patient.phone],
  );
  return rows;
}

describe("the turn log", () => {
  it("logs each answered message with the step before and after, the effects and their results, and the reply", async () => {
    const patient = new Patient("Tess Log");
    const { reply } = await toTimes(patient, "General consultation");
    const summary = await patient.ask("1");
    await patient.ask(choiceNumber(summary, "Confirm"));
    const turns = await turnsOf(patient);
    // menu, book, the service, the day, the time, confirm: one row each.
    expect(turns).toHaveLength(6);
    expect(turns[0]!.body).toBe("menu");
    for (const turn of turns) {
      expect(turn.gate).toBe("step");
      expect(turn.reply_body).toBe(turn.reply);
      expect(turn.attempts).toBe(1);
      expect(turn.duration_ms).toBeGreaterThanOrEqual(0);
    }
    const dayChosen = turns.find((t) => t.state_before.step?.kind === "pick_day")!;
    expect(dayChosen.state_after.step?.kind).toBe("pick_time");
    expect(dayChosen.reply).toBe(reply);
    const load = dayChosen.effects.find((e) => e.type === "load_slots")!;
    expect(load.input).toMatchObject({ purpose: { kind: "times" } });
    expect(load.result).toEqual({ slots: expect.any(Number) });
    expect(load.ms).toBeGreaterThanOrEqual(0);
    const confirmed = turns.at(-1)!;
    const confirm = confirmed.effects.find((e) => e.type === "confirm_hold");
    expect(confirm?.result).toMatchObject({ outcome: "confirmed", appointmentId: expect.any(String) });
    expect(confirmed.effects.map((e) => e.type)).toContain("reply");
  });

  it("logs silent turns too: staff mode, with the mode before and after and no reply", async () => {
    const patient = new Patient("Sam Quiet");
    await patient.ask("staff");
    expect((await patient.say("are you there?")).response).toBeNull();
    const turns = await turnsOf(patient);
    expect(turns.map((t) => [t.gate, t.gate_reason, t.mode_before, t.mode_after, t.reply === null])).toEqual([
      ["step", null, "bot", "human", false],
      ["silent", "human", "human", "human", true],
    ]);
    expect(turns[0]!.effects.map((e) => e.type)).toEqual(["handoff", "reply"]);
  });

  it("a redelivered message gets its stored reply and adds no second row", async () => {
    const patient = new Patient("Rob Twice");
    const messageId = `TESTLOG${Date.now()}`;
    const first = await patient.say("hi", messageId);
    const again = await patient.say("hi", messageId);
    expect(again).toMatchObject({ duplicate: true, response: first.response });
    expect(await turnsOf(patient)).toHaveLength(1);
  });
});
