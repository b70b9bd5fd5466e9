/** Asking a question: the next message (unless it is a command or an intent) goes to the FAQ. */
import { z } from "zod";
import { stay } from "../nav.ts";
import type { StepModule } from "./step.ts";

export const askQuestionSchema = z.object({ kind: z.literal("ask_question") });

export const askQuestion: StepModule<"ask_question"> = {
  options: () => [],
  prompt: (_step, ctx) => ctx.t.askQuestion,
  answer: () => null,
  otherwise: ({ state, text, ctx }) => stay(state, [{ type: "answer_question", question: text, language: ctx.language }]),
  takesFreeText: () => true,
  hint: (_step, ctx) => ctx.t.askQuestion,
  leaving: () => null,
};
