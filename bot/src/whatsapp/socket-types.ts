/**
 * The part of a Baileys socket the bot uses, so tests can inject a fake with Baileys' real event
 * emitter and proto objects, and production injects `makeWASocket`.
 */
import type { UserFacingSocketConfig, WASocket } from "@whiskeysockets/baileys";
import type { LidLookup } from "./sender.ts";

export type BotSocket = Pick<WASocket, "ev" | "sendMessage" | "sendPresenceUpdate" | "readMessages" | "end" | "logout" | "user"> & {
  signalRepository: { lidMapping: LidLookup };
};

export type SocketFactory = (config: UserFacingSocketConfig) => BotSocket;
