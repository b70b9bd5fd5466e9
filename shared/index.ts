/** Everything the bot and the function share: the wire contract and request signing. */
export * from "./contract/index.ts";
export * from "./signing/index.ts";
