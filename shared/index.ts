/** Everything the bot and the function share: the wire contract, request signing and assertNever. */
export * from "./contract/index.ts";
export * from "./signing/index.ts";
export * from "./assert-never.ts";
