/**
 * The bot's entry under PM2 (ecosystem.config.cjs). PM2 tries to load ts-node for a `.ts` script
 * on Node older than 22.18 and logs an error when it is absent; this plain module avoids that.
 * tsx, loaded by the interpreter's `--import tsx`, runs the TypeScript, as under `npm run bot`.
 */
await import("./src/main.ts");
