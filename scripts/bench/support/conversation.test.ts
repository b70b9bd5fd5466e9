/** A busy clinic's answers are told apart from wrong ones when a patient's chosen time is taken. */
import { describe, expect, it } from "vitest";
import { EveryTimeTaken, fullConversation, UnexpectedReply, type Say, type Step } from "./conversation.ts";

const MENU = "Hi!\n\n1. Book an appointment\n2. My appointments\n3. Ask a question\n4. Talk to staff";
const SERVICES = "Which service would you like?\n\n1. Checkup\n2. Cleaning";
const DAYS = "*Checkup*: which day suits you?\n\n1. Wed, Dec 2\n2. Thu, Dec 3";
const TIMES = "Free times on Wed, Dec 2:\n\n1. 9:00 AM\n2. 9:30 AM";

/** Answers the booking's first steps as the clinic does, then `atHold` for the chosen time. */
function clinic(atHold: string): Say {
  const answers: Partial<Record<Step, string>> = {
    greeting: MENU,
    "menu: book": SERVICES,
    "service → free days": DAYS,
    "day → free times": TIMES,
  };
  return (_text, step) => Promise.resolve(answers[step] ?? atHold);
}

describe("a patient whose chosen time goes to someone else", () => {
  it("counts a day that filled up meanwhile as a busy clinic, not a wrong reply", async () => {
    const filled = "Sorry, someone else just took that time.\n\nSorry, there are no free times left on Wed, Dec 2.\n\n" + DAYS;
    await expect(fullConversation(clinic(filled), () => 0)).rejects.toBeInstanceOf(EveryTimeTaken);
  });

  it("counts a day that filled up between being listed and being picked as a busy clinic", async () => {
    const filled = "Sorry, there are no free times left on Wed, Dec 2.\n\n" + DAYS;
    const say: Say = (text, step) => (step === "day → free times" ? Promise.resolve(filled) : clinic(TIMES)(text, step));
    await expect(fullConversation(say, () => 0)).rejects.toBeInstanceOf(EveryTimeTaken);
  });

  it("still reports a reply that is neither a confirmation nor the clinic being busy", async () => {
    const error = await fullConversation(clinic("Sorry, I didn't get that."), () => 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedReply);
    expect(error).not.toBeInstanceOf(EveryTimeTaken);
  });
});

describe("a patient with two upcoming appointments cancelling", () => {
  it("picks one of them when the clinic asks which, and goes on", async () => {
    const which = "Which appointment would you like to cancel?\n\n1. Checkup, Wed, Dec 2\n2. Cleaning, Thu, Dec 3";
    const answers: Record<Step, string> = {
      greeting: MENU,
      "menu: book": SERVICES,
      "service → free days": DAYS,
      "day → free times": TIMES,
      "time → hold": "*Please confirm*\n\n1. Confirm\n2. Choose another time",
      "time → hold (taken, again)": "",
      "confirm booking": "Your appointment is *confirmed*.",
      menu: MENU,
      "my appointments": "Your upcoming appointments:\n\n1. Checkup, Wed, Dec 2",
      "pick appointment": "Checkup, Wed, Dec 2\n\n1. Reschedule\n2. Cancel",
      "reschedule → free days": DAYS,
      "day → free times (reschedule)": TIMES,
      "time → hold (reschedule)": "Move your checkup?\n\n1. Confirm\n2. Choose another time",
      "confirm reschedule": "Your appointment is now *confirmed*.",
      "cancel (typed)": which,
      "confirm cancel": "Your checkup is *cancelled*.",
      "FAQ question": "Parking is free behind the building.",
      thanks: "You're welcome!",
    };
    const cancelling: string[] = [];
    const say: Say = (text, step) => {
      if (step !== "cancel (typed)") return Promise.resolve(answers[step]);
      cancelling.push(text);
      return Promise.resolve(cancelling.length === 1 ? which : "Cancel your *Checkup*?\n\n1. Yes, cancel it\n2. No, keep it");
    };
    await fullConversation(say, () => 0);
    expect(cancelling).toEqual(["I need to cancel my appointment", "1"]);
  });
});
