/**
 * What every step of the conversation provides (flow/steps/index.ts registers one per kind): what it
 * shows, its options, what it understands of the patient's text, and what leaving it means.
 */
import type { FlowContext } from "../context.ts";
import type { FlowState } from "../state.ts";
import type { Transition } from "../nav.ts";
import type { Option } from "../choose.ts";
import type { Step, StepKind } from "./index.ts";

export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export interface StepInput<K extends StepKind> {
  state: FlowState;
  step: StepOf<K>;
  text: string;
  ctx: FlowContext;
}

export interface StepModule<K extends StepKind> {
  /** The numbered options, each with a stable id. */
  options(step: StepOf<K>, ctx: FlowContext): readonly Option[];
  /** What the step shows: its question with its options. */
  prompt(step: StepOf<K>, ctx: FlowContext): string;
  /**
   * The step's own answer, read first: a number or label, a day at the day step, yes or no at a
   * confirmation. Null when the text is none of these (commands and intents are read next).
   */
  answer(input: StepInput<K>): Transition | null;
  /**
   * Text that is neither an answer, a command nor an intent: the main menu's question for the FAQ,
   * the name at the confirmation. Without it, the hint and the prompt again (an invalid answer).
   */
  otherwise?(input: StepInput<K>): Transition;
  /**
   * Whether the step takes free text, so a message that only names a service, practitioner or day
   * ("Emily Park" typed as a name) is an answer here rather than a request to book.
   */
  takesFreeText?(step: StepOf<K>): boolean;
  /** The short hint above the repeated prompt when nothing was understood. */
  hint(step: StepOf<K>, ctx: FlowContext): string;
  /** What leaving the step now means ("I stopped booking. Nothing was booked."); null when nothing is in progress. */
  leaving(step: StepOf<K>, ctx: FlowContext): string | null;
  /**
   * The patient is at rest here (the main menu, or the question a reminder left them at): an idle
   * session does not restart the step, and a message the clinic sends first may move the chat on.
   */
  resting?: boolean;
}
