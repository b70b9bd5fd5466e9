/**
 * A notice to a day's patients: the staff's text as written, or the campaign's template in the
 * patient's language (else the clinic's, else any), filled with the patient's appointment that day;
 * an idle chat rests at the menu knowing a bare "stop" answers it.
 */
import assert from "node:assert/strict";
import { renderRow } from "./render.ts";
import { context, NOW, written } from "./testing.ts";

const PARAMS = { campaignId: "c1" };
const campaign = (text: string | null, templateName: string | null = null) => ({ id: "c1", text, templateName });

Deno.test("a notice in the staff's own words fills the patient's appointment that day", () => {
  const ctx = context({ campaign: campaign("{patient}: Dr. Silva is ill, your {service} at {time} on {day} is off. We'll call you.") });
  assert.equal(written("campaign", PARAMS, ctx).text, "Maya: Dr. Silva is ill, your Physiotherapy at 10:00 on Fri 11 Jan is off. We'll call you.");
});

Deno.test("a notice template is sent in the patient's language when the clinic wrote it", () => {
  const templates = { en: "{clinic} is closed today.", es: "{clinic} cierra hoy, {day}." };
  const ctx = context({ campaign: campaign(null, "closed_today"), templates, patient: { name: "Ana", pushName: null, language: "es" } });
  assert.equal(written("campaign", PARAMS, ctx).text, "Lakeside Physio cierra hoy, vie 11 de ene.");
});

Deno.test("without one in the patient's language, the clinic's language, dates in that language too", () => {
  const templates = { en: "{clinic} is closed on {day}.", pt: "A {clinic} fecha em {day}." };
  const ctx = context({ campaign: campaign(null, "closed_today"), templates, patient: { name: "Ana", pushName: null, language: "es" } });
  assert.equal(written("campaign", PARAMS, ctx).text, "Lakeside Physio is closed on Fri 11 Jan.");
  const onlyPortuguese = context({ campaign: campaign(null, "closed_today"), templates: { pt: "A {clinic} fecha em {day}." } });
  assert.equal(written("campaign", PARAMS, onlyPortuguese).text, "A Lakeside Physio fecha em sex., 11 de jan.");
});

Deno.test("a notice whose template has no text left, or whose campaign is gone, cannot be written and says why", () => {
  const gone = renderRow({ id: "o1", kind: "campaign", params: PARAMS, context: context({ campaign: campaign(null, "doctor_away"), templates: {} }) }, NOW);
  assert.deepEqual(gone, { id: "o1", kind: "unwritable", error: 'the notice template "doctor_away" has no text in any language' });
  const noCampaign = renderRow({ id: "o2", kind: "campaign", params: PARAMS, context: context({ campaign: null }) }, NOW);
  assert.equal(noCampaign.kind, "unwritable");
});

Deno.test("a notice to an idle chat leaves it at the menu, where a bare stop answers the notice; a busy chat stays", () => {
  const idle = written("campaign", PARAMS, context({ campaign: campaign("Closed today.") }));
  assert.deepEqual(idle.nextState?.step, { kind: "menu", afterNotice: true });
  const state = { v: 2, step: { kind: "ask_question" }, stack: [{ kind: "menu" }], invalid: 0 };
  const busy = written("campaign", PARAMS, context({ campaign: campaign("Closed today."), conversation: { ...context().conversation!, state } }));
  assert.equal(busy.nextState, null);
});
