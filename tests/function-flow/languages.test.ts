/**
 * Spanish and Brazilian Portuguese through the function and the database (issue 8 §6): a greeting
 * switches the patient's language and it is remembered (patients.language); booking in one message
 * in each language; FAQ answers from the entry in the patient's language (the stack has no Claude
 * key, so the entry is sent as written); words shared by languages never switch.
 */
import { afterAll, describe, expect, it } from "vitest";
import { choiceNumber, database, openDayAhead, Patient } from "./support.ts";

const db = database();
afterAll(() => db.end());

async function languageOf(patient: Patient): Promise<string | null> {
  const { rows } = await db.query<{ language: string | null }>("select language::text from patients where phone = $1", [patient.phone]);
  return rows[0]?.language ?? null;
}

async function bookings(patient: Patient): Promise<Array<{ service: string; provider: string; status: string }>> {
  const { rows } = await db.query(
    `select s.name as service, pr.name as provider, a.status::text as status
       from appointments a join patients p on p.id = a.patient_id
       join services s on s.id = a.service_id join providers pr on pr.id = a.provider_id
      where p.phone = $1`,
    [patient.phone],
  );
  return rows;
}

describe("Spanish", () => {
  it("'hola' switches to Spanish and is remembered; the menu and what follows stay Spanish", async () => {
    const patient = new Patient("Lucía Gómez");
    expect(await patient.ask("hola")).toMatch(/^¡Hola! Soy el asistente de \*Harbor Family Clinic\*\.\n\n1\. Reservar una cita\n2\. Mis citas\n3\. Hacer una pregunta\n4\. Hablar con el personal/);
    expect(await languageOf(patient)).toBe("es");
    expect(await patient.ask("1")).toMatch(/^¿Qué servicio desea\?\n\n1\. Consulta general \(30 min\)|Examen físico anual/);
    expect(await patient.ask("menu")).toMatch(/Menú principal|Reservar una cita/);
    expect(await languageOf(patient)).toBe("es");
  });

  it("books in one message and 'sí': the summary and the confirmation in Spanish, with the practitioner", async () => {
    const patient = new Patient("Lucía Gómez");
    const day = openDayAhead();
    const summary = await patient.ask(`quiero una consulta general el ${day.names.es} a las 10`);
    expect(summary).toMatch(/^\*Confirme, por favor\*\nConsulta general con Dra?\. (Sarah Mitchell|James Okafor)\n.+, 10:00 a\.m\.\nNombre: Lucía Gómez/);
    expect(await languageOf(patient)).toBe("es");
    expect(await patient.ask("sí")).toMatch(/^Su cita del \*.+, 10:00 a\.m\.\* está \*confirmada\*: Consulta general con Dra?\. /);
    expect(await bookings(patient)).toEqual([expect.objectContaining({ service: "General consultation", status: "booked" })]);
  });

  it("answers a question from the Spanish FAQ entry", async () => {
    const patient = new Patient();
    await patient.ask("hola");
    expect(await patient.ask("¿hay estacionamiento?")).toMatch(/^No tenemos estacionamiento propio/);
  });
});

describe("Portuguese", () => {
  it("books in one message and 'sim', in Portuguese, and remembers the language", async () => {
    const patient = new Patient("João Pereira");
    const day = openDayAhead();
    const summary = await patient.ask(`quero marcar um check-up anual na ${day.names.pt} às 10:00`);
    expect(summary).toMatch(/^\*Confirme, por favor\*\nCheck-up anual com Dra?\. (Sarah Mitchell|James Okafor)\n.+, 10:00 AM\nNome: João Pereira/);
    expect(await languageOf(patient)).toBe("pt");
    expect(await patient.ask(choiceNumber(summary, "Confirmar"))).toMatch(/^Sua consulta está \*confirmada\*: Check-up anual com/);
    expect(await bookings(patient)).toEqual([expect.objectContaining({ service: "Annual physical", status: "booked" })]);
    expect(await patient.ask("quando é a minha consulta?")).toMatch(/^\*Suas próximas consultas\*\n\n1\. Check-up anual com Dra?\. /);
  });

  it("answers a question from the Portuguese FAQ entry, and hands over to staff in Portuguese", async () => {
    const patient = new Patient();
    await patient.ask("olá");
    expect(await patient.ask("tem estacionamento?")).toMatch(/^Não temos estacionamento próprio/);
    expect(await patient.ask("quero falar com uma pessoa")).toMatch(/^Passei esta conversa para a nossa equipe\..*Responda \*menu\* para voltar ao assistente\.$/s);
  });
});

describe("words that must not switch", () => {
  it("a Spanish patient's 'menu', 'ok' and numbers keep Spanish", async () => {
    const patient = new Patient();
    await patient.ask("hola");
    for (const text of ["menu", "ok", "3"]) {
      await patient.ask(text);
      expect(await languageOf(patient), text).toBe("es");
    }
  });

  it("an English patient's 'cancelar' mid-booking stops booking in English", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    await patient.ask("1");
    expect(await patient.ask("cancelar")).toMatch(/^Okay, I stopped booking\. Nothing was booked\./);
    expect(await languageOf(patient)).toBeNull();
  });

  it("the English FAQ entry answers an English question", async () => {
    const patient = new Patient();
    expect(await patient.ask("is there parking?")).toMatch(/^There is no private parking/);
  });
});
