/**
 * Staff alerts and answers from the phone, through the local stack (issue 7 §4): a patient who needs
 * staff alerts every alert phone once; staff answer by quoting the alert or typing its reference;
 * the first to answer owns the patient, the others are refused politely; the patient's messages then
 * reach that person's phone; "bot" hands back; a message from an alert phone is never a patient turn.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ack,
  addAlertPhone,
  alertHours,
  claim,
  deliver,
  newPatient,
  say,
  senderOf,
  type Sender,
  type StaffFixture,
  staffFixture,
} from "./support.ts";

let f: StaffFixture;
beforeAll(async () => {
  f = await staffFixture();
});
afterAll(async () => {
  await f.close();
});

async function conversationOf(patient: Sender): Promise<{ id: string; mode: string; state: unknown }> {
  const { rows } = await f.admin.query(
    `select c.id, c.mode::text as mode, c.state from public.conversations c join public.patients p on p.id = c.patient_id
      where p.phone = $1 and c.channel_id = $2`,
    [patient.phone, f.channelId],
  );
  return rows[0];
}

async function alertsOf(patient: Sender): Promise<Array<{ id: string; reference: string; reason: string; urgent: boolean; closed: boolean; answered_by: string | null }>> {
  const { rows } = await f.admin.query(
    `select a.id, a.reference, a.reason, a.urgent, a.closed_at is not null as closed, a.answered_by from public.staff_alerts a
       join public.patients p on p.id = a.patient_id where p.phone = $1 order by a.created_at`,
    [patient.phone],
  );
  return rows;
}

/** A patient asks for staff; the alerts are delivered to the alert phones (made-up WhatsApp ids). */
async function patientNeedsStaff(patient: Sender, text = "I'd like to talk to a person") {
  if ((await f.admin.query("select 1 from public.patients where phone = $1", [patient.phone])).rows.length === 0) await say(f, patient, "hi");
  const handoff = await say(f, patient, text);
  expect(handoff.response).toMatch(/passed this conversation to our staff/);
  const delivered = await deliver(f);
  return delivered.filter((m) => m.kind === "staff_alert");
}

describe("staff alerts and answering from the phone", () => {
  let maria: { id: string; phone: string };
  let joao: { id: string; phone: string };

  beforeAll(async () => {
    maria = await addAlertPhone(f, "Maria");
    joao = await addAlertPhone(f, "João", "pt");
  });

  it("a patient asking for staff alerts every alert phone once, in each one's language, with the patient, their words and a reference", async () => {
    const patient = newPatient("Ana Lopez");
    await say(f, patient, "hi");
    await say(f, patient, "can I pay by card?");
    const alerts = await patientNeedsStaff(patient, "I want to talk to a person");
    // Every alert phone of the clinic (the demo clinic may have its own besides this file's).
    const phones = await f.admin.query<{ alert_phone: string }>("select alert_phone from public.staff where clinic_id = $1 and alert_phone is not null", [f.clinicId]);
    expect(alerts.map((a) => a.phone).sort()).toEqual(phones.rows.map((r) => r.alert_phone).sort());
    expect(alerts.map((a) => a.phone)).toEqual(expect.arrayContaining([maria.phone, joao.phone]));
    const [alert] = await alertsOf(patient);
    expect(alert).toMatchObject({ reason: "asked_for_staff", urgent: false, closed: false, answered_by: null });
    const toMaria = alerts.find((a) => a.phone === maria.phone)!;
    expect(toMaria.chatJid).toBe(`${maria.phone.slice(1)}@s.whatsapp.net`);
    expect(toMaria.text).toContain(`*Ana Lopez (${patient.phone})* asked to talk to a person.`);
    expect(toMaria.text).toContain('"I want to talk to a person"');
    expect(toMaria.text).toContain(`*#${alert!.reference}*`);
    const toJoao = alerts.find((a) => a.phone === joao.phone)!;
    expect(toJoao.text).toContain("pediu para falar com uma pessoa");
    // The alert is not part of the patient's chat.
    const history = await f.admin.query("select body from public.messages where conversation_id = $1", [(await conversationOf(patient)).id]);
    expect(history.rows.map((r) => r.body).join("\n")).not.toContain(alert!.reference);
    // Asking again while staff have the chat alerts nobody again.
    expect((await say(f, patient, "hello? a person please")).response).toBeNull();
    expect((await claim(f)).filter((m) => m.kind === "staff_alert")).toEqual([]);
    expect(await alertsOf(patient)).toHaveLength(1);
  });

  it("the first answer quoting the alert reaches the patient and takes the chat; a colleague's later answer is refused politely", async () => {
    const patient = newPatient("Ben Carter");
    const alerts = await patientNeedsStaff(patient);
    const toMaria = alerts.find((a) => a.phone === maria.phone)!;
    const toJoao = alerts.find((a) => a.phone === joao.phone)!;

    const answer = await say(f, senderOf(maria.phone, "Maria"), "Hi Ben, Maria here. How can I help?", { quoted: toMaria.waMessageId });
    expect(answer.response).toMatch(/^Sent to Ben Carter \(\+1555\d{7}\) \(#[A-Z0-9]{4}\)\. You have this chat now/);
    expect(answer.conversationId).toBe((await conversationOf(patient)).id);
    expect((await conversationOf(patient)).mode).toBe("human");
    const sent = await deliver(f);
    expect(sent).toContainEqual(expect.objectContaining({ kind: "staff_reply", chatJid: patient.chatJid, text: "Hi Ben, Maria here. How can I help?" }));

    const refused = await say(f, senderOf(joao.phone, "João"), "Olá Ben!", { quoted: toJoao.waMessageId });
    expect(refused.response).toMatch(/^Maria já está atendendo Ben Carter .* então sua mensagem não foi enviada\. Obrigado!$/);
    expect((await claim(f)).filter((m) => m.chatJid === patient.chatJid)).toEqual([]);
    expect((await alertsOf(patient))[0]?.answered_by).toBe(maria.id);

    // Staff messages are never patient turns: no patient, chat or message for the staff phones.
    const staffPatients = await f.admin.query("select 1 from public.patients where phone = any($1)", [[maria.phone, joao.phone]]);
    expect(staffPatients.rows).toEqual([]);
    const recorded = await f.admin.query(
      "select outcome from public.staff_messages where wa_message_id = any($1) order by created_at",
      [[answer.messageId, refused.messageId]],
    );
    expect(recorded.rows.map((r) => r.outcome)).toEqual(["sent", "taken"]);
  });

  it("the patient's messages reach the phone of who answered; their unquoted follow-up goes back; 'bot' hands the chat back with the menu", async () => {
    const rosa = await addAlertPhone(f, "Rosa");
    const patient = newPatient("Carla Diaz");
    const alerts = await patientNeedsStaff(patient);
    const toRosa = alerts.find((a) => a.phone === rosa.phone)!;
    await say(f, senderOf(rosa.phone), "Hello Carla, what do you need?", { quoted: toRosa.waMessageId });
    await deliver(f);

    expect((await say(f, patient, "I need to change my insurance details")).response).toBeNull();
    const forwarded = (await deliver(f)).filter((m) => m.kind === "patient_message");
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]).toMatchObject({ phone: rosa.phone });
    expect(forwarded[0]!.text).toMatch(/^\*Carla Diaz \(\+1555\d{7}\)\* \(#[A-Z0-9]{4}\):\nI need to change my insurance details$/);

    // Replying to the forwarded message, or writing without a quote (Rosa has this one chat), both reach Carla.
    expect((await say(f, senderOf(rosa.phone), "Sure, send me the new card number", { quoted: forwarded[0]!.waMessageId })).response).toBeNull();
    expect((await say(f, senderOf(rosa.phone), "Or bring the card on Friday")).response).toBeNull();
    const replies = (await deliver(f)).filter((m) => m.chatJid === patient.chatJid).map((m) => m.text);
    expect(replies).toEqual(["Sure, send me the new card number", "Or bring the card on Friday"]);

    const back = await say(f, senderOf(rosa.phone), "bot");
    expect(back.response).toMatch(/^Carla Diaz .* is back with the assistant and has been told\.$/);
    const conversation = await conversationOf(patient);
    expect(conversation.mode).toBe("bot");
    const handBack = (await deliver(f)).find((m) => m.kind === "hand_back" && m.chatJid === patient.chatJid);
    expect(handBack?.text).toMatch(/the assistant is back[\s\S]*1\. Book an appointment/);
    expect((await alertsOf(patient))[0]?.closed).toBe(true);
    expect(await say(f, patient, "1")).toMatchObject({ response: expect.stringMatching(/Which service/) });
  });

  it("an answer starting with the reference reaches the patient; a reference alone asks for the answer", async () => {
    const patient = newPatient("Dora Evans");
    await patientNeedsStaff(patient);
    const [alert] = await alertsOf(patient);
    expect((await say(f, senderOf(joao.phone), `#${alert!.reference}`)).response).toBe(`Escreva sua resposta depois da referência, assim: "#${alert!.reference} Olá, …".`);
    const answer = await say(f, senderOf(joao.phone), `${alert!.reference.toLowerCase()}: Olá Dora, aqui é o João.`);
    expect(answer.response).toMatch(/^Enviado para Dora Evans/);
    const sent = (await deliver(f)).filter((m) => m.chatJid === patient.chatJid);
    expect(sent.map((m) => m.text)).toEqual(["Olá Dora, aqui é o João."]);
  });

  it("a redelivered staff message gets the same answer and sends nothing twice", async () => {
    const patient = newPatient("Eva Fox");
    await patientNeedsStaff(patient);
    const [alert] = await alertsOf(patient);
    const first = await say(f, senderOf(maria.phone), `${alert!.reference} Hi Eva`);
    const again = await say(f, senderOf(maria.phone), `${alert!.reference} Hi Eva`, { messageId: first.messageId });
    expect(again).toMatchObject({ response: first.response, duplicate: true, conversationId: first.conversationId });
    expect((await deliver(f)).filter((m) => m.chatJid === patient.chatJid)).toHaveLength(1);
  });

  it("an unquoted message from someone answering several patients asks which one, listing their references", async () => {
    // Maria answered Ben (and more) above and still has those chats.
    const which = await say(f, senderOf(maria.phone), "thanks, talk soon");
    expect(which.response).toMatch(/^You are answering several patients\. Reply to one of their messages, or start yours with their reference:\n#[A-Z0-9]{4} /);
    expect(which.response).toMatch(/Ben Carter/);
  });

  it("a message from an alert phone that matches no alert gets a short help text", async () => {
    const lone = await addAlertPhone(f, "Lena");
    const help = await say(f, senderOf(lone.phone), "hello, is this working?");
    expect(help.response).toMatch(/^This is the clinic's assistant\. To answer a patient, reply to their alert/);
    expect((await say(f, senderOf(lone.phone), "XQZ9 hi")).response).toMatch(/^This is the clinic's assistant/);
    expect((await f.admin.query("select 1 from public.patients where phone = $1", [lone.phone])).rows).toEqual([]);
  });

  it("a staff member known to WhatsApp only by a LID is matched by quoting an alert, and by that LID afterwards", async () => {
    const patient = newPatient("Gil Hart");
    const alerts = await patientNeedsStaff(patient);
    const toMaria = alerts.find((a) => a.phone === maria.phone)!;
    const lidChat: Sender = { phone: null, chatJid: "987650001234567@lid", pushName: "Maria" };
    const answer = await say(f, lidChat, "Hi Gil", { quoted: toMaria.waMessageId });
    expect(answer.response).toMatch(/^Sent to Gil Hart/);
    const { rows } = await f.admin.query("select alert_lid from public.staff where id = $1", [maria.id]);
    expect(rows[0]?.alert_lid).toBe("987650001234567");
    // Known by that LID now: no quote needed, the reference says which patient.
    const [alert] = await alertsOf(patient);
    expect((await say(f, lidChat, `#${alert!.reference} bot`)).response).toMatch(/^Gil Hart .* is back with the assistant/);
    expect((await f.admin.query("select 1 from public.patients where lid = '987650001234567'")).rows).toEqual([]);
    await deliver(f);
  });

  it("outside the clinic's alert hours an alert waits for them, unless the patient's words make it urgent", async () => {
    await alertHours(f.admin, f.clinicId, "03:00", "03:00:00.001");
    try {
      const calm = newPatient("Ivo Calm");
      await say(f, calm, "hi");
      await say(f, calm, "talk to staff");
      const waiting = await f.admin.query(
        `select o.send_after > now() as later from public.outbox o join public.patients p on p.id = o.patient_id
          where p.phone = $1 and o.kind = 'staff_alert'`,
        [calm.phone],
      );
      const phones = await f.admin.query("select 1 from public.staff where clinic_id = $1 and alert_phone is not null", [f.clinicId]);
      expect(waiting.rows).toEqual(phones.rows.map(() => ({ later: true })));
      // The patient goes back to the assistant before the hours: the alert is dropped unsent.
      await say(f, calm, "menu");
      await claim(f);
      const dropped = await f.admin.query(
        "select 1 from public.outbox o join public.patients p on p.id = o.patient_id where p.phone = $1 and o.kind = 'staff_alert'",
        [calm.phone],
      );
      expect(dropped.rows).toEqual([]);

      const hurting = newPatient("Jo Pain");
      await say(f, hurting, "my tooth is bleeding and it hurts a lot");
      await say(f, hurting, "talk to staff");
      expect((await alertsOf(hurting))[0]).toMatchObject({ urgent: true });
      const urgent = (await deliver(f)).filter((m) => m.kind === "staff_alert" && m.phone === maria.phone);
      expect(urgent).toHaveLength(1);
      expect(urgent[0]!.text).toMatch(/^\*Urgent\* · \*Jo Pain/);
    } finally {
      await alertHours(f.admin, f.clinicId, "00:00", "23:59:59.999");
    }
  });

  it("a patient who reaches the cool-off alerts staff", async () => {
    const patient = newPatient("Kim Lost");
    await say(f, patient, "hi");
    await say(f, patient, "1");
    for (let i = 0; i < 5; i += 1) await say(f, patient, "xyzzy");
    const [alert] = await alertsOf(patient);
    expect(alert).toMatchObject({ reason: "cooloff", closed: false });
    const alerts = (await deliver(f)).filter((m) => m.kind === "staff_alert");
    const toMaria = alerts.find((a) => a.phone === maria.phone)!;
    expect(toMaria.text).toMatch(/the assistant could not understand them/);
    // Staff answer, which takes the chat over from the cool-off.
    expect((await say(f, senderOf(maria.phone), "Hi Kim, how can I help?", { quoted: toMaria.waMessageId })).response).toMatch(/^Sent to Kim Lost/);
    expect((await conversationOf(patient)).mode).toBe("human");
    await say(f, senderOf(maria.phone), `${alert!.reference} bot`);
    await deliver(f);
  });
});

describe("alert acks", () => {
  it("an alert's WhatsApp id is stored so a quote of it can be traced back", async () => {
    const nina = await addAlertPhone(f, "Nina");
    const patient = newPatient("Lia Moss");
    await say(f, patient, "hi");
    await say(f, patient, "staff");
    const toNina = (await claim(f)).find((m) => m.kind === "staff_alert" && m.phone === nina.phone)!;
    await ack(f, toNina.id, "3EB0ALERTNINA");
    const { rows } = await f.admin.query("select wa_message_id, status::text from public.outbox where id = $1", [toNina.id]);
    expect(rows[0]).toEqual({ wa_message_id: "3EB0ALERTNINA", status: "sent" });
    await deliver(f);
  });
});
