/** The line a function process prints once it listens; shared by serve.ts (Deno) and host.ts (Node). */
export const LISTENING_MARKER = "stack-function-listening";
