/**
 * Every language the assistant speaks, by code. Typed by `Language`, so adding one to LANGUAGES
 * (types.ts) fails to compile until its bundle is registered here.
 */
import { en } from "./en/index.ts";
import { es } from "./es/index.ts";
import { pt } from "./pt/index.ts";
import type { Language, LocaleBundle } from "./types.ts";

export const BUNDLES: { readonly [L in Language]: LocaleBundle } = { en, es, pt };

export { LANGUAGES } from "./types.ts";
export type { Language, LocaleBundle } from "./types.ts";
