/**
 * Texts the bot sends on its own, without asking the function (which may be down when they are
 * needed), in the clinic's default language (CLINIC_LANGUAGE). One module per language.
 */
import { en } from "./en.ts";
import { es } from "./es.ts";
import { pt } from "./pt.ts";
import type { BotReplies } from "./types.ts";

export type { BotReplies } from "./types.ts";

/** The languages the front desk speaks (the clinic's `clinics.language`). */
export const LANGUAGES = ["en", "es", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];

const BY_LANGUAGE: Record<Language, BotReplies> = { en, es, pt };

export function repliesFor(language: Language): BotReplies {
  return BY_LANGUAGE[language];
}
