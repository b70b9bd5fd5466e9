/** What staff are told back when they write from their alert phone, in their alert language. */
import assert from "node:assert/strict";
import { type StaffAnswer, staffReply } from "./answer.ts";

const base: StaffAnswer = {
  outcome: "sent",
  messageId: "m1",
  conversationId: "c1",
  reference: "K7Q2",
  patientName: "Ana Lopez",
  patientPhone: "+15550107711",
  first: true,
  ownerName: null,
  list: [],
  language: "en",
  duplicate: false,
};

Deno.test("the answer that takes the chat is confirmed once; further answers in it say nothing", () => {
  assert.match(staffReply(base) ?? "", /^Sent to Ana Lopez \(\+15550107711\) \(#K7Q2\)\. You have this chat now/);
  assert.equal(staffReply({ ...base, first: false }), null);
});

Deno.test("a colleague's answer is refused naming who has the patient, in the colleague's language", () => {
  assert.equal(
    staffReply({ ...base, outcome: "taken", ownerName: "Maria", language: "es" }),
    "Maria ya está atendiendo a Ana Lopez (+15550107711) (#K7Q2), así que su mensaje no se envió. ¡Gracias!",
  );
  assert.match(staffReply({ ...base, outcome: "taken", ownerName: null, language: "pt" }) ?? "", /^Um colega já está atendendo/);
});

Deno.test("several chats are listed by reference; a patient with no name shows their number", () => {
  const list = [
    { reference: "K7Q2", patientName: null, patientPhone: "+15550107711" },
    { reference: "B3D4", patientName: null, patientPhone: null },
  ];
  assert.equal(
    staffReply({ ...base, outcome: "ambiguous", list }),
    "You are answering several patients. Reply to one of their messages, or start yours with their reference:\n#K7Q2 +15550107711\n#B3D4 A patient",
  );
});

Deno.test("every outcome has words in every language", () => {
  for (const language of ["en", "es", "pt"] as const) {
    for (const outcome of ["taken", "handed_back", "already_with_bot", "ambiguous", "empty", "help"] as const) {
      assert.ok((staffReply({ ...base, outcome, language }) ?? "").length > 10, `${language} ${outcome}`);
    }
  }
});
