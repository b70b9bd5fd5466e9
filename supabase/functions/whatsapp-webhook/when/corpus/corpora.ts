/** The three corpora by language. */
import type { Language } from "../types.ts";
import { EN } from "./en.ts";
import { ES } from "./es.ts";
import type { Row } from "./expect.ts";
import { PT } from "./pt.ts";

export const CORPORA: Readonly<Record<Language, readonly Row[]>> = { en: EN, es: ES, pt: PT };
export const LANGUAGES: readonly Language[] = ["en", "es", "pt"];
