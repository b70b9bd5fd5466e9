/** Brazilian Portuguese: the words the assistant reads and the texts it sends. */
import type { LocaleBundle } from "../types.ts";
import { notices } from "./notices.ts";
import { staff } from "./staff.ts";
import { texts } from "./texts.ts";
import { words } from "./words.ts";

export const pt = { language: "pt", englishName: "Brazilian Portuguese", defaultLocale: "pt-BR", words, texts, notices, staff } satisfies LocaleBundle;
