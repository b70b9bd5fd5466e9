/** Choosing the language: each option in its own language; the choice is remembered for the patient. */
import { z } from "zod";
import { BUNDLES, LANGUAGES } from "../../locales/index.ts";
import type { Language } from "../../locales/types.ts";
import { numbered } from "../../locales/format.ts";
import { withLanguage } from "../context.ts";
import { choose, type Option } from "../choose.ts";
import { menuText, paragraphs, reply, toMenu } from "../nav.ts";
import type { StepModule } from "./step.ts";

export const pickLanguageSchema = z.object({ kind: z.literal("pick_language") });

function languageOptions(): Option<Language>[] {
  return LANGUAGES.map((language) => ({ id: language, label: BUNDLES[language].texts.languageName }));
}

export const pickLanguage: StepModule<"pick_language"> = {
  options: () => languageOptions(),
  prompt: (_step, ctx) => ctx.t.pickLanguage(numbered(languageOptions().map((option) => option.label))),
  answer: ({ text, ctx }) => {
    const option = choose(text, languageOptions());
    if (!option) return null;
    const spoken = withLanguage(ctx, option.id);
    return toMenu([
      { type: "set_language", language: option.id },
      reply(paragraphs(spoken.t.languageSwitched, menuText(spoken, "plain"))),
    ]);
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: () => null,
};
