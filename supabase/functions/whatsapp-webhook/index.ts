/**
 * Entry point of the whatsapp-webhook Edge Function: read the configuration once (a bad variable
 * stops the isolate with its name), wire the dependencies, serve.
 */
import { createApp } from "./app.ts";
import { parseConfig } from "./config.ts";
import { runTurn } from "./turn/run-turn.ts";

const config = parseConfig(Deno.env.toObject());

Deno.serve(createApp(config, runTurn));
