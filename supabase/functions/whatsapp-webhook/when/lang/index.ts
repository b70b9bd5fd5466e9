/** The word tables by language. */
import type { Language } from "../types.ts";
import type { Words } from "./words.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { pt } from "./pt.ts";

export const WORDS: Readonly<Record<Language, Words>> = { en, es, pt };
