/**
 * Runs under Deno, one process per function: stands in for Supabase's edge runtime. The function
 * calls `Deno.serve(handler)` as it would when deployed; we replace `Deno.serve` before importing
 * it so it listens on the loopback port the stack chose, then announce readiness on stdout.
 * When the stack's end of stdin closes (the stack stopped or died), the process exits: no orphans.
 *
 * Written against a minimal view of the Deno namespace so Node's tsc can check it too.
 */
import { LISTENING_MARKER } from "./marker.ts";

type Handler = (request: Request, info: unknown) => Response | Promise<Response>;
interface ServeOptions {
  port?: number;
  hostname?: string;
  handler?: Handler;
  onListen?: (address: unknown) => void;
  [option: string]: unknown;
}
interface DenoNamespace {
  serve: (...args: unknown[]) => unknown;
  env: { get(name: string): string | undefined };
  stdin: { readable: ReadableStream<Uint8Array> };
  exit(code: number): never;
}

const deno = (globalThis as unknown as { Deno: DenoNamespace }).Deno;

function required(name: string): string {
  const value = deno.env.get(name);
  if (!value) throw new Error(`${name} must be set by the function host`);
  return value;
}

const port = Number(required("STACK_FUNCTION_PORT"));
const entry = required("STACK_FUNCTION_ENTRY");
const originalServe = deno.serve.bind(deno);

deno.serve = (...args: unknown[]): unknown => {
  const [first, second] = args;
  const options: ServeOptions = typeof first === "function" ? {} : { ...(first as ServeOptions) };
  const handler = (typeof first === "function" ? first : (second ?? options.handler)) as Handler;
  delete options.handler;
  return originalServe({
    ...options,
    hostname: "127.0.0.1",
    port,
    onListen: () => console.log(`${LISTENING_MARKER} ${port}`),
  }, handler);
};

await import(entry);

// Hold until the stack closes our stdin, then leave.
const reader = deno.stdin.readable.getReader();
while (!(await reader.read()).done) {
  // The stack never writes; anything read is ignored.
}
deno.exit(0);
