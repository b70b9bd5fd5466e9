/**
 * The main menu: book, my appointments, ask a question, talk to staff, language (ARCHITECTURE.md's
 * order, the language choice added last). What is not an option, a command or an intent here is a
 * question for the FAQ. `afterNotice`: a notice the clinic sent first left the chat here, so a bare
 * "stop" is the answer to it and asks whether to stop reminders and notices.
 */
import { z } from "zod";
import { choose } from "../choose.ts";
import { enter, handOff, menuText, reply, show, stay } from "../nav.ts";
import { readNamed } from "../entities.ts";
import { isBareStop } from "../intents.ts";
import { requestFrom, startBooking } from "../booking.ts";
import { promptOf } from "./index.ts";
import { menuOptions } from "./common.ts";
import type { StepModule } from "./step.ts";
import { assertNever } from "../../../../../shared/assert-never.ts";

export const menuSchema = z.object({ kind: z.literal("menu"), afterNotice: z.boolean().optional() });

export const menu: StepModule<"menu"> = {
  options: (_step, ctx) => menuOptions(ctx),
  prompt: (_step, ctx) => menuText(ctx, "plain"),
  answer: ({ state, step, text, ctx }) => {
    if (step.afterNotice === true && isBareStop(text)) return show(state, { kind: "confirm_opt_out" }, ctx);
    const option = choose(text, menuOptions(ctx));
    if (!option) return null;
    switch (option.id) {
      case "book":
        // "Book an appointment tomorrow at 10" keeps what else it names.
        return startBooking(state, requestFrom(readNamed(text, ctx.language, ctx), step), ctx);
      case "appointments":
        return stay(state, [{ type: "load_appointments", purpose: "view" }]);
      case "question":
        return enter(state, { kind: "ask_question" }, [reply(promptOf({ kind: "ask_question" }, ctx))]);
      case "staff":
        return handOff(state, ctx);
      case "language":
        return enter(state, { kind: "pick_language" }, [reply(promptOf({ kind: "pick_language" }, ctx))]);
      default:
        return assertNever(option.id);
    }
  },
  // Free text at the main menu is a question (ARCHITECTURE.md conversation conventions).
  otherwise: ({ state, text, ctx }) => stay(state, [{ type: "answer_question", question: text, language: ctx.language }]),
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: () => null,
  resting: true,
};
