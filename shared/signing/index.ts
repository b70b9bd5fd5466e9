/** Request signing shared by the bot (signs) and the function (verifies). */
export * from "./hmac.ts";
