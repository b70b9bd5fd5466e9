/** Clinic files for tests: the demo clinic's, and small ones written inline. */
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const DEMO_FILE = path.join(REPO_ROOT, "supabase", "clinics", "harbor-family-clinic.yaml");

/**
 * A minimal clinic file (lines 1–3), then `clinicExtra` lines inside `clinic:`, then `hours:` and
 * `closures:` sections when given (each line indented by two spaces).
 */
export function minimalYaml(parts: { clinicExtra?: string; hours?: string; closures?: string; name?: string } = {}): string {
  const lines = ["clinic:", `  name: ${parts.name ?? "Test Clinic"}`, "  timezone: America/New_York"];
  if (parts.clinicExtra) lines.push(parts.clinicExtra);
  if (parts.hours) lines.push("hours:", parts.hours);
  if (parts.closures) lines.push("closures:", parts.closures);
  return `${lines.join("\n")}\n`;
}

export interface SolOptions {
  /** Replaces the whole closures section. */
  closures?: string;
  /** Dr. Luis Ortega is listed (the second practitioner). */
  withOrtega?: boolean;
  cleaningPrice?: number;
  /** The parking FAQ entry is listed. */
  withParkingFaq?: boolean;
  channelPhone?: string;
  channelName?: string;
  clinicName?: string;
  slotMinutes?: number;
  extra?: string;
}

/**
 * A second clinic, unlike the demo one: Mexico City, Spanish, 15-minute slots, a lunch break, two
 * practitioners, FAQ in two languages, a staff member without a login yet, one number.
 */
export function solYaml(options: SolOptions = {}): string {
  const withOrtega = options.withOrtega ?? true;
  return `# Clínica Sol, for the clinic tool's tests
clinic:
  name: ${options.clinicName ?? "Clínica Sol"}
  timezone: America/Mexico_City
  language: es
  locale: es-MX
  slot_minutes: ${options.slotMinutes ?? 15}
  ask_provider: true
hours:
  mon-fri: 09:00-13:00, 14:00-18:00
  sat: 09:00-12:00
providers:
  - name: Dra. Carmen Ruiz
    name_translations: { en: Dr. Carmen Ruiz }
${withOrtega ? "  - name: Dr. Luis Ortega\n    hours: { tue-thu: 10:00-14:00 }\n" : ""}services:
  - name: Limpieza dental
    name_translations: { en: Dental cleaning }
    duration_minutes: 45
    price_cents: ${options.cleaningPrice ?? 80000}
    keywords: [limpieza, cleaning]
    providers: [Dra. Carmen Ruiz${withOrtega ? ", Dr. Luis Ortega" : ""}]
  - name: Consulta
    duration_minutes: 30
    providers: [Dra. Carmen Ruiz]
closures:
${options.closures ?? "  - { from: 2031-01-01, to: 2031-01-01, reason: Año nuevo }"}
faqs:
  es:
    - question: ¿Cuál es el horario?
      answer: De lunes a viernes de 9 a 18 h, sábados de 9 a 12 h.
      keywords: [horario]
${options.withParkingFaq ?? true ? "    - question: ¿Hay estacionamiento?\n      answer: Sí, en la esquina.\n" : ""}  en:
    - question: What are your hours?
      answer: Monday to Friday 9am to 6pm, Saturdays 9am to noon.
staff:
  - email: recepcion@clinicasol.example
    display_name: Recepción
    alert_phone: "+525550100900"
channels:
  - name: ${options.channelName ?? "sol-main"}
    phone: "${options.channelPhone ?? "+525550100100"}"
function_url: http://127.0.0.1:9/functions/v1/whatsapp-webhook
${options.extra ?? ""}`;
}
