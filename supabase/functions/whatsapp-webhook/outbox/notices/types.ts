/**
 * The words of every message the clinic sends first, one implementation per language (en.ts).
 * The renderer (../render.ts) hands each method facts already formatted for the clinic's locale and
 * time zone (format.ts), so a language module only chooses words and word order. The lead folds
 * these into the per-language locale bundles; the interface is what a bundle implements.
 */

/** Languages the front desk speaks (ARCHITECTURE.md). */
export type Language = "en" | "es" | "pt";

/** Why an appointment must be rebooked (the view appointments_to_rebook's reason). */
export type RebookReason = "closed" | "provider_away" | "blocked" | "provider_inactive" | "outside_hours";

/** An appointment as a notice names it; `when` is the formatted start ("Fri 11 Jan, 10:00"). */
export interface AppointmentWords {
  service: string;
  provider: string;
  when: string;
}

/** How a rebook offer lets the patient choose. */
export type RebookChoice =
  /** Numbered times the patient answers by number: the chat waits in "choose a new time". */
  | { kind: "numbered"; day: string; times: readonly string[] }
  /** The chat is busy (or not with the bot): point to the menu instead of numbers it would misread. */
  | { kind: "via_menu"; day: string | null }
  /** No free time for the service within the booking horizon. */
  | { kind: "none" };

export interface NoticeTexts {
  reminder(clinic: string, appointment: AppointmentWords): string;
  appointmentCancelled(clinic: string, appointment: AppointmentWords): string;
  appointmentMoved(
    clinic: string,
    appointment: AppointmentWords,
    previous: { when: string; provider: string },
  ): string;
  appointmentBooked(clinic: string, appointment: AppointmentWords): string;
  rebookOffer(clinic: string, appointment: AppointmentWords, reason: RebookReason, choice: RebookChoice): string;
  /** Staff gave the chat back to the assistant; includes the main menu the chat is now at. */
  handBack(clinic: string): string;
  staffAlert(alert: { patient: string; reason: string; lastMessage: string | null; reference: string | null }): string;
}
