/**
 * What a message names: a service (by its name in any of the clinic's languages or a keyword), a
 * practitioner (full name, or a title and a name, or a name of theirs alone), and a day or time
 * (the `when` reader). What is left once those are set aside, with the small words that tied them
 * in ("at", "with", "para"), is what the intent reader matches against phrases: "I want an
 * appointment tomorrow morning" leaves "i want an appointment".
 */
import { BUNDLES } from "../locales/index.ts";
import { formatterFor } from "../locales/format.ts";
import type { Language } from "../locales/types.ts";
import type { FlowContext, ProviderFact, ServiceFact } from "./context.ts";
import { normalize } from "./choose.ts";
import { checkDay } from "./calendar.ts";
import { dateOrderFor, readWhen, type Span, type When, type WhenContext } from "../when/index.ts";
import { type Doubt, doubtOf } from "./unsure.ts";

export interface Named {
  serviceId: string | null;
  providerId: string | null;
  when: When;
  /** When the day or time was unclear: what to ask, and the days to offer (unsure.ts). */
  doubt: Doubt | null;
  /** The words left, normalized, joined by single spaces. */
  rest: string;
}

/** A name token shorter than this never names a practitioner on its own ("al", "li"). */
const MIN_NAME_TOKEN_CHARS = 3;

/** Reading days and times as the patient writes them in `language`, in the clinic's zone and order. */
export function whenContext(ctx: FlowContext, language: Language): WhenContext {
  const locale = language === ctx.language
    ? ctx.fmt.locale
    : formatterFor(language, ctx.clinic.locale, ctx.clinic.timezone, BUNDLES[language].defaultLocale).locale;
  return {
    now: ctx.now,
    timeZone: ctx.clinic.timezone,
    language,
    dateOrder: dateOrderFor(locale),
    bookable: (day) => checkDay(day, ctx).kind === "ok",
  };
}

/** A token, or a set-aside stretch (something named there). */
type Token = string | null;

function tokensOutside(text: string, spans: readonly Span[]): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const merged = [...spans].sort((a, b) => a.index - b.index);
  for (const span of merged) {
    if (span.index + span.length <= position) continue;
    if (span.index > position) tokens.push(...words(text.slice(position, span.index)));
    tokens.push(null);
    position = Math.max(position, span.index + span.length);
  }
  tokens.push(...words(text.slice(position)));
  return tokens;
}

function words(text: string): string[] {
  const normalized = normalize(text);
  return normalized === "" ? [] : normalized.split(" ");
}

/** Where `name` occurs as consecutive tokens, or -1. */
function indexOfRun(tokens: readonly Token[], name: readonly string[]): number {
  if (name.length === 0) return -1;
  outer: for (let start = 0; start + name.length <= tokens.length; start += 1) {
    for (let offset = 0; offset < name.length; offset += 1) {
      if (tokens[start + offset] !== name[offset]) continue outer;
    }
    return start;
  }
  return -1;
}

interface Found {
  id: string;
  start: number;
  length: number;
}

/**
 * The longest run naming exactly one candidate; null when nothing matches or the longest matches
 * name two different candidates (ambiguous: ask rather than guess).
 */
function longestUnique(tokens: readonly Token[], forms: ReadonlyArray<{ id: string; name: readonly string[] }>): Found | null {
  let best: Found | null = null;
  let tie = false;
  for (const form of forms) {
    const start = indexOfRun(tokens, form.name);
    if (start < 0) continue;
    if (best === null || form.name.length > best.length) {
      best = { id: form.id, start, length: form.name.length };
      tie = false;
    } else if (form.name.length === best.length && form.id !== best.id) {
      tie = true;
    }
  }
  return tie ? null : best;
}

function serviceForms(services: readonly ServiceFact[], language: Language) {
  return services.flatMap((service) =>
    [service.names[language] ?? service.name, service.name, ...service.keywords].map((name) => ({
      id: service.id,
      name: words(name),
    }))
  );
}

function providerForms(providers: readonly ProviderFact[], language: Language, titles: ReadonlySet<string>) {
  // Full names, with and without the title ("nurse joana lima", "joana lima").
  const full = providers.flatMap((provider) =>
    [provider.names[language] ?? provider.name, provider.name].flatMap((name) => [
      { id: provider.id, name: words(name) },
      { id: provider.id, name: words(name).filter((token) => !titles.has(token)) },
    ])
  );
  // A given name or surname alone, when no other practitioner shares it.
  const owners = new Map<string, Set<string>>();
  for (const provider of providers) {
    for (const name of [provider.name, ...Object.values(provider.names)]) {
      for (const token of words(name ?? "")) {
        if (titles.has(token) || token.length < MIN_NAME_TOKEN_CHARS) continue;
        owners.set(token, (owners.get(token) ?? new Set()).add(provider.id));
      }
    }
  }
  const single = [...owners.entries()].flatMap(([token, ids]) =>
    ids.size === 1 ? [{ id: [...ids][0] ?? "", name: [token] }] : []
  );
  return [...full, ...single];
}

/** Sets the run aside, with a title just before it ("dr" okafor) when `titles` is given. */
function setAside(tokens: Token[], found: Found, titles?: ReadonlySet<string>): void {
  let start = found.start;
  const before = tokens[start - 1];
  if (titles && typeof before === "string" && titles.has(before)) start -= 1;
  tokens.splice(start, found.start + found.length - start, null);
}

export function readNamed(text: string, language: Language, ctx: FlowContext): Named {
  const vocabulary = BUNDLES[language].words;
  const reading = whenContext(ctx, language);
  const when = readWhen(text, reading);
  const doubt = when.kind === "unsure" ? doubtOf(text, when, ctx, (other) => readWhen(other, reading)) : null;
  // An unsure reading ("next friday" while Friday is still ahead) is set aside too: what is left
  // may still name the service and practitioner, and the flow then asks only which day.
  const tokens = tokensOutside(text, when.kind === "none" ? [] : when.spans);

  const service = longestUnique(tokens, serviceForms(ctx.services, language));
  if (service) setAside(tokens, service);
  const titles = new Set(vocabulary.titles.map(normalize));
  const provider = longestUnique(tokens, providerForms(ctx.providers, language, titles));
  if (provider) setAside(tokens, provider, titles);

  // Drop the small words that tied something named into the sentence ("at 10", "with dr okafor").
  const connectors = new Set(vocabulary.connectors.map(normalize));
  const kept: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token === null || token === undefined) continue;
    let next = index + 1;
    while (typeof tokens[next] === "string" && connectors.has(tokens[next] as string)) next += 1;
    const tiesIn = connectors.has(token) && tokens[next] === null;
    if (!tiesIn) kept.push(token);
  }
  return { serviceId: service?.id ?? null, providerId: provider?.id ?? null, when, doubt, rest: kept.join(" ") };
}
