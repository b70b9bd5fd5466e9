/** The bot ↔ function wire contract: schemas, types and limits. */
export * from "./limits.ts";
export * from "./webhook.ts";
