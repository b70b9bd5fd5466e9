/**
 * A message from an alert phone (begin_turn answered {staff}): never a patient turn. One RPC,
 * answer_staff_message, decides which patient it is for and does it (a staff reply and a takeover,
 * or a hand-back), once per WhatsApp id; what the staff member is told back is written here, in
 * their alert language. The wire answer's conversationId is the patient's chat it concerned, else
 * the id of the staff message's own record (the contract requires an id; no patient chat is made
 * for a staff phone).
 */
import { z } from "zod";
import type { TurnDeps, TurnInput, TurnResult } from "../../_shared/deps.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import { BUNDLES } from "../locales/index.ts";
import { LANGUAGES } from "../locales/types.ts";
import { turnRpc } from "../turn/rpc.ts";
import { patientLabel } from "./label.ts";
import { parseStaffText } from "./parse.ts";

const listed = z.object({ reference: z.string(), patientName: z.string().nullable(), patientPhone: z.string().nullable() });

export const staffAnswerSchema = z.object({
  outcome: z.enum(["sent", "taken", "handed_back", "already_with_bot", "ambiguous", "empty", "help"]),
  messageId: z.string(),
  conversationId: z.string().nullable(),
  reference: z.string().nullable(),
  patientName: z.string().nullable(),
  patientPhone: z.string().nullable(),
  first: z.boolean(),
  ownerName: z.string().nullable(),
  list: z.array(listed),
  language: z.enum(LANGUAGES),
  duplicate: z.boolean(),
});
export type StaffAnswer = z.infer<typeof staffAnswerSchema>;

/** What the staff member is told; null when nothing needs saying (a further answer in a chat they have). */
export function staffReply(answer: StaffAnswer): string | null {
  const t = BUNDLES[answer.language].staff;
  const patient = patientLabel(t, answer.patientName, answer.patientPhone);
  const reference = answer.reference ?? "";
  switch (answer.outcome) {
    case "sent":
      return answer.first ? t.sent(patient, reference) : null;
    case "taken":
      return t.taken(patient, reference, answer.ownerName);
    case "handed_back":
      return t.handedBack(patient, reference);
    case "already_with_bot":
      return t.alreadyWithBot(patient, reference);
    case "ambiguous":
      return t.ambiguous(answer.list.map((a) => `#${a.reference} ${patientLabel(t, a.patientName, a.patientPhone)}`).join("\n"));
    case "empty":
      return t.empty(reference);
    case "help":
      return t.help;
    default:
      return assertNever(answer.outcome);
  }
}

export async function answerStaff(deps: TurnDeps, input: TurnInput, staffId: string): Promise<TurnResult> {
  const { message, channel } = input;
  const parsed = parseStaffText(message.message);
  const answer = await turnRpc(deps, "answer_staff_message", {
    p_channel_id: channel.id,
    p_staff_id: staffId,
    p_message_id: message.messageId,
    p_body: message.message,
    p_quoted_message_id: message.quoted?.messageId ?? null,
    p_reference: parsed.reference,
    p_text: parsed.rest,
    p_hand_back: parsed.handBack,
    p_hand_back_after_reference: parsed.handBackAfterReference,
    p_now: deps.now().toISOString(),
  }, staffAnswerSchema);
  deps.log.info("staff message", { outcome: answer.outcome, duplicate: answer.duplicate });
  return { conversationId: answer.conversationId ?? answer.messageId, response: staffReply(answer), duplicate: answer.duplicate };
}
