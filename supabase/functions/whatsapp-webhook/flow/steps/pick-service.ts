/**
 * Which service: offered when a booking request did not name one (only the named practitioner's
 * services when one was named). A typed name or keyword works as well as the number, and what else
 * the message names (a day, a time) is kept.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import { type FlowContext, providerName, serviceName } from "../context.ts";
import { wishSchema } from "../facts.ts";
import { choose, type Option } from "../choose.ts";
import { readNamed } from "../entities.ts";
import { mergeWish, startBooking, wishFrom } from "../booking.ts";
import type { StepModule, StepOf } from "./step.ts";

export const pickServiceSchema = z.object({
  kind: z.literal("pick_service"),
  /** A practitioner the patient named, whose services are offered. */
  providerId: z.string().nullable(),
  wish: wishSchema,
});

function serviceOptions(step: StepOf<"pick_service">, ctx: FlowContext): Option[] {
  const services = ctx.services.filter((s) => step.providerId === null || s.providerIds.includes(step.providerId));
  return (services.length > 0 ? services : ctx.services).map((service) => ({
    id: service.id,
    label: ctx.t.serviceLabel(serviceName(ctx, service.id), service.durationMinutes),
  }));
}

export const pickService: StepModule<"pick_service"> = {
  options: serviceOptions,
  prompt: (step, ctx) =>
    ctx.t.pickService(
      numbered(serviceOptions(step, ctx).map((option) => option.label)),
      step.providerId === null ? null : providerName(ctx, step.providerId),
    ),
  answer: ({ state, step, text, ctx }) => {
    const named = readNamed(text, ctx.language, ctx);
    const chosen = choose(text, serviceOptions(step, ctx))?.id ?? named.serviceId;
    if (chosen === null) return null;
    const dayPast = named.when.kind === "when" && named.when.day?.past === true;
    return startBooking(state, {
      serviceId: chosen,
      providerId: named.providerId ?? step.providerId,
      wish: mergeWish(step.wish, wishFrom(named.when)),
      dayPast,
      doubt: named.doubt,
      rescheduleOf: null,
    }, ctx);
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (_step, ctx) => ctx.t.stoppedBooking,
};
