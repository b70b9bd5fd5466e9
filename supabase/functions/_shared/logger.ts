/**
 * A tiny structured logger for the function: one JSON object per line on stdout, with a level
 * threshold, and child loggers that carry fields (request id, channel) into every line.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Whether `level` would be written; lets callers skip building costly debug fields. */
  enabled(level: LogLevel): boolean;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where each JSON line goes; stdout by default, an array in tests. */
  write?: (line: string) => void;
  now?: () => Date;
}

function rank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** Errors do not serialise with JSON.stringify; keep their name and message, never the stack. */
function toJsonSafe(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const threshold = rank(options.level);
  // A child's fields are fixed when it is made: convert them once, not on every line.
  const boundSafe = toJsonSafe(bound);
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (rank(level) < threshold) return;
    const record = { time: now().toISOString(), level, msg, ...boundSafe, ...toJsonSafe(fields ?? {}) };
    write(JSON.stringify(record));
  };
  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    enabled: (level) => rank(level) >= threshold,
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });
