/** English: the words the assistant reads and the texts it sends. */
import type { LocaleBundle } from "../types.ts";
import { notices } from "./notices.ts";
import { staff } from "./staff.ts";
import { texts } from "./texts.ts";
import { words } from "./words.ts";

export const en = { language: "en", englishName: "English", defaultLocale: "en-US", words, texts, notices, staff } satisfies LocaleBundle;
