/**
 * Steps begin_turn reads ahead for (issue 10 §2, SQL turn_read_ahead): a service chosen by number
 * or name, a day chosen by number, a question at the menu reach the database in two round trips
 * (begin_turn, complete_turn), counted at the gateway; where the flow reads the text otherwise than
 * the read-ahead guessed, the function asks the database as before and answers the same.
 */
import { describe, expect, it } from "vitest";
import { choices, choiceNumber, Patient, toTimes } from "./support.ts";
import { readRpcCalls, rpcCallsBetween, type RpcCalls } from "../../scripts/bench/support/rpc-calls.ts";

function supabaseUrl(): string {
  const url = process.env.SUPABASE_URL;
  if (!url) throw new Error("SUPABASE_URL is not set: run through vitest's global setup or a stack's stack.env");
  return url;
}

async function counters(): Promise<RpcCalls> {
  const calls = await readRpcCalls(supabaseUrl());
  if (calls === null) throw new Error("this stack's gateway keeps no RPC counters");
  return calls;
}

/** The reply to `text` and the RPCs its turn made, by name (test files run one at a time). */
async function askCounting(patient: Patient, text: string): Promise<{ reply: string; rpcs: string[] }> {
  const before = await counters();
  const reply = await patient.ask(text);
  const made = rpcCallsBetween(before, await counters());
  return { reply, rpcs: Object.keys(made).sort() };
}

const TWO_ROUND_TRIPS = ["begin_turn", "complete_turn"];

/** A patient at the service step. */
async function atServices(): Promise<{ patient: Patient; services: string }> {
  const patient = new Patient();
  await patient.ask("menu");
  return { patient, services: await patient.ask("1") };
}

describe("reading ahead what the patient's text picks", () => {
  it("a service chosen by its number reaches the free days in two round trips", async () => {
    const { patient, services } = await atServices();
    const { reply, rpcs } = await askCounting(patient, choiceNumber(services, "Vaccination"));
    expect(reply).toMatch(/Vaccination[\s\S]*which day suits you\?/);
    expect(rpcs).toEqual(TWO_ROUND_TRIPS);
  });

  it("a service chosen by its name or a keyword does too", async () => {
    for (const text of ["vaccination", "Flu shot!"]) {
      const { patient } = await atServices();
      const { reply, rpcs } = await askCounting(patient, text);
      expect(reply, text).toMatch(/Vaccination[\s\S]*which day suits you\?/);
      expect(rpcs, text).toEqual(TWO_ROUND_TRIPS);
    }
  });

  it("a service typed as the flow's whole label, which is not read ahead, gets the same days from the database", async () => {
    const first = await atServices();
    const byNumber = await askCounting(first.patient, choiceNumber(first.services, "Annual physical"));
    const second = await atServices();
    const label = choices(second.services).find((c) => c.label.startsWith("Annual physical"))!.label;
    const byLabel = await askCounting(second.patient, label);
    expect(byLabel.rpcs).toEqual(["available_slots", ...TWO_ROUND_TRIPS]);
    expect(byNumber.rpcs).toEqual(TWO_ROUND_TRIPS);
    expect(byLabel.reply).toBe(byNumber.reply);
  });

  it("a day chosen by its number reaches its free times in two round trips, the same as a day typed", async () => {
    const first = await atServices();
    const days = await first.patient.ask(choiceNumber(first.services, "General consultation"));
    const byNumber = await askCounting(first.patient, "1");
    expect(byNumber.reply).toContain(`Free times on *${choices(days)[0]!.label}*`);
    expect(byNumber.rpcs).toEqual(TWO_ROUND_TRIPS);

    const second = await atServices();
    await second.patient.ask(choiceNumber(second.services, "General consultation"));
    const byLabel = await askCounting(second.patient, choices(days)[0]!.label);
    expect(byLabel.reply).toBe(byNumber.reply);
  });

  it("reschedule at an appointment's actions reaches the free days in two round trips, its own time left out", async () => {
    const patient = new Patient();
    const { reply: times } = await toTimes(patient, "Vaccination");
    await patient.ask(choiceNumber(await patient.ask(String(choices(times)[0]!.number)), "Confirm"));
    await patient.ask("menu");
    await patient.ask("2");
    const actions = await patient.ask("1");
    const { reply, rpcs } = await askCounting(patient, choiceNumber(actions, "Reschedule"));
    expect(reply).toMatch(/which day suits you\?/);
    expect(rpcs).toEqual(TWO_ROUND_TRIPS);
  });

  it("a question at the menu is answered in two round trips", async () => {
    const patient = new Patient();
    await patient.ask("menu");
    const { reply, rpcs } = await askCounting(patient, "Is there parking?");
    expect(reply).toMatch(/Harbor Garage/);
    expect(rpcs).toEqual(TWO_ROUND_TRIPS);
  });

  it("a question-like text that the flow reads as a request to book books, and the search read ahead goes unused", async () => {
    const patient = new Patient();
    await patient.ask("menu");
    const { reply, rpcs } = await askCounting(patient, "Can I book a vaccination?");
    expect(reply).toMatch(/Vaccination[\s\S]*which day suits you\?/);
    expect(rpcs).toEqual(["available_slots", ...TWO_ROUND_TRIPS]);
  });
});
