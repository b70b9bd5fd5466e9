/**
 * Placeholders of the messages the clinic sends first (message_templates, campaigns.text): which
 * exist, which each kind of message can fill, what is wrong with a template, and filling one. The
 * database checks templates by the same table (public.template_placeholders and template_problem,
 * supabase/migrations/20261203400400_create_message_templates.sql), and a test keeps the two
 * equal. Used by the function (writing a message at claim) and the clinic tool (checking a file's
 * templates before it connects). Runtime-agnostic: plain TypeScript.
 */

export const PLACEHOLDERS = ["patient", "clinic", "service", "provider", "day", "time", "previous_day", "previous_time", "reason"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The outbox kinds a clinic may word itself: every kind a patient receives that the assistant writes. */
export const TEMPLATE_KINDS = [
  "reminder",
  "appointment_booked",
  "appointment_cancelled",
  "appointment_moved",
  "rebook_offer",
  "hand_back",
  "campaign",
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** What a message about one appointment can say. */
const ABOUT_AN_APPOINTMENT = ["patient", "clinic", "service", "provider", "day", "time"] as const satisfies readonly Placeholder[];

/** The placeholders each kind fills (its order is the order in error messages). */
export const FILLABLE: { readonly [K in TemplateKind]: readonly Placeholder[] } = {
  reminder: ABOUT_AN_APPOINTMENT,
  appointment_booked: ABOUT_AN_APPOINTMENT,
  appointment_cancelled: ABOUT_AN_APPOINTMENT,
  appointment_moved: [...ABOUT_AN_APPOINTMENT, "previous_day", "previous_time"],
  rebook_offer: [...ABOUT_AN_APPOINTMENT, "reason"],
  hand_back: ["patient", "clinic"],
  campaign: ABOUT_AN_APPOINTMENT,
};

/** Longest template: leaves room for the choices appended within WhatsApp's 4,096 characters. */
export const MAX_TEMPLATE_CHARS = 3_000;

export function isTemplateKind(kind: string): kind is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(kind);
}

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Every `{name}` of a text, in order (the names as written). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
}

/**
 * What is wrong with `body` as the text of a `kind` message, in the database's words
 * (template_problem), or null: empty, too long, a placeholder nobody knows, or one the kind cannot
 * fill. Length is counted as Postgres counts characters (code points).
 */
export function templateProblem(kind: TemplateKind, body: string): string | null {
  const usable = FILLABLE[kind].map((name) => `{${name}}`).join(", ");
  if (body.trim() === "") return "the text is empty: write the message";
  const length = Array.from(body).length;
  if (length > MAX_TEMPLATE_CHARS) return `the text is ${length} characters long: at most ${MAX_TEMPLATE_CHARS}`;
  for (const name of placeholdersIn(body)) {
    if (!isPlaceholder(name)) return `unknown placeholder {${name}}: ${kind} messages can use ${usable}`;
    if (!FILLABLE[kind].includes(name)) return `${kind} messages cannot fill {${name}}: they can use ${usable}`;
  }
  return null;
}

/** Stands for a placeholder with nothing to say (a patient without a name) until the text is tidied. */
const NOTHING = "\u0000";

/**
 * The text with each placeholder replaced by its value. A placeholder without a value disappears
 * with the space before it when punctuation or a space follows ("Hi {patient}, …" → "Hi, …"); a
 * value ending in a full stop before the template's own full stop gives one ("jan." + "."); one
 * that is no placeholder of ours stays as written (templates are checked when saved, so this is
 * only an old row's leftover).
 */
export function fillTemplate(body: string, values: Readonly<Partial<Record<Placeholder, string>>>): string {
  const filled = body.replace(PLACEHOLDER, (whole: string, name: string, offset: number) => {
    if (!isPlaceholder(name)) return whole;
    const value = values[name];
    if (value === undefined || value.trim() === "") return NOTHING;
    // pt-BR writes "11 de jan." and es-US "10:00 a.m.": a sentence's own full stop follows once.
    return value.endsWith(".") && body[offset + whole.length] === "." ? value.slice(0, -1) : value;
  });
  return filled.replace(new RegExp(` ?${NOTHING}(?=[ ,.;:!?)]|$)`, "gm"), "").replaceAll(NOTHING, "");
}
