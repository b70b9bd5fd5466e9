/**
 * Which practitioner, when the clinic asks (clinics.ask_provider) and several offer the service:
 * each by name, or whoever is free first.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import { type FlowContext, providerName, serviceName } from "../context.ts";
import { draftSchema, wishSchema } from "../facts.ts";
import { choose, type Option } from "../choose.ts";
import { readNamed } from "../entities.ts";
import { askWhichDay, continueBooking, mergeWish, wishFrom } from "../booking.ts";
import { leavingBooking } from "./common.ts";
import type { StepModule, StepOf } from "./step.ts";

export const pickProviderSchema = z.object({ kind: z.literal("pick_provider"), draft: draftSchema, wish: wishSchema });

/** The id of the "whoever is free first" option (never a practitioner's id: those are uuids). */
const ANYONE = "anyone";

function providerOptions(step: StepOf<"pick_provider">, ctx: FlowContext): Option[] {
  const service = ctx.services.find((s) => s.id === step.draft.serviceId);
  const providers = (service?.providerIds ?? []).map((id) => ({ id, label: providerName(ctx, id) }));
  return [...providers, { id: ANYONE, label: ctx.t.anyProvider }];
}

export const pickProvider: StepModule<"pick_provider"> = {
  options: providerOptions,
  prompt: (step, ctx) =>
    ctx.t.pickProvider(serviceName(ctx, step.draft.serviceId), numbered(providerOptions(step, ctx).map((o) => o.label))),
  answer: ({ state, step, text, ctx }) => {
    const options = providerOptions(step, ctx);
    const named = readNamed(text, ctx.language, ctx);
    const chosen = choose(text, options)?.id ?? (options.some((o) => o.id === named.providerId) ? named.providerId : null);
    if (chosen === null) return null;
    const draft = { ...step.draft, providerId: chosen === ANYONE ? null : chosen };
    const wish = mergeWish(step.wish, wishFrom(named.when));
    if (named.doubt !== null) return askWhichDay(state, draft, mergeWish(wish, named.doubt.wish), named.doubt, ctx);
    const dayPast = named.when.kind === "when" && named.when.day?.past === true;
    return continueBooking(state, draft, wish, ctx, [], dayPast);
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (step, ctx) => leavingBooking(step.draft, ctx),
};
