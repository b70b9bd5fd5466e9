/**
 * The commands of `npm run clinic` (cli.ts is the process around them), given the arguments and
 * where to write: each returns its exit code, 0 when done, 1 when the file, the database or the file
 * system refused (nothing changed), 2 on a wrong command line. Errors are reported here, once.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { applyClinic } from "./apply.ts";
import { DEFAULT_BOTS_DIR, EnvFileError, REPO_ROOT } from "./bot-env/env-file.ts";
import { connectDatabase, connectionWarnings, ConnectionError } from "./db/connect.ts";
import { ApplyPreconditionError, ChangeRefused, RebookingRefused } from "./errors.ts";
import { ClinicFileError, formatPath, readClinicFile } from "./file/read.ts";
import { PlanError } from "./plan/compare.ts";
import { applyReport, noticeLine, rotateReport } from "./report.ts";
import { rotateSecret, RotationError } from "./rotate.ts";
import { renderSeed } from "./seed/render.ts";

export const EXIT_DONE = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `usage: npm run clinic -- <command>
  check FILE                        validate a clinic file (YAML or JSON); no database needed
  apply FILE                        make the database say what the file says (one transaction)
      --dry-run                     show the changes and check them against the database; change nothing
      --allow-rebooking             let changes put upcoming appointments up for rebooking
      --db URL                      the database (default: DATABASE_URL); on Supabase the session pooler's URL
      --function-url URL            for new channels' env files (default: the file's function_url)
      --bots-dir DIR                where env files go (default: .local/bots)
  seed FILE                         the file as idempotent SQL, on stdout
  rotate-secret NAME                give the number NAME (.local/bots/NAME.env) a new secret; the old one stays accepted
      --finish                      once the bot runs with the new secret: stop accepting the old one
      --db URL, --bots-dir DIR      as for apply`;

export interface CommandIo {
  /** Writes to standard output as is (add the newline). */
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Where the operator is: `npm run` starts scripts in the package's folder (INIT_CWD is theirs). */
  cwd: string;
}

class UsageError extends Error {}

/** SQLSTATEs of a missing table, column or function: the database lacks migrations. */
const NOT_MIGRATED = new Set(["42P01", "42703", "42883", "42704"]);
const KNOWN_ERRORS = [ClinicFileError, ChangeRefused, RebookingRefused, ApplyPreconditionError, EnvFileError, ConnectionError, RotationError];

async function command(argv: readonly string[], io: CommandIo): Promise<number> {
  const print = (...lines: string[]): void => io.out(lines.map((line) => `${line}\n`).join(""));
  const printError = (...lines: string[]): void => io.err(lines.map((line) => `${line}\n`).join(""));
  const cwd = io.env.INIT_CWD ?? io.cwd;
  const fromOperator = (file: string): string => path.resolve(cwd, file);
  const shownPath = (file: string): string => {
    const relative = path.relative(cwd, file);
    return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
  };

  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    print(USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_DONE;
  }
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      "allow-rebooking": { type: "boolean", default: false },
      finish: { type: "boolean", default: false },
      db: { type: "string" },
      "function-url": { type: "string" },
      "bots-dir": { type: "string" },
    },
  });
  const [target, extra] = positionals;
  if (target === undefined || extra !== undefined) throw new UsageError(`${name} takes one ${name === "rotate-secret" ? "number's name" : "file"}`);
  const botsDir = values["bots-dir"] ? fromOperator(values["bots-dir"]) : DEFAULT_BOTS_DIR;
  const readFile = () => readClinicFile(fromOperator(target), target);

  const withDatabase = async <T>(body: (client: import("pg").Client) => Promise<T>): Promise<T> => {
    const url = values.db ?? io.env.DATABASE_URL;
    if (!url) throw new UsageError("no database: pass --db URL or set DATABASE_URL (on Supabase: the session pooler's connection string)");
    for (const warning of connectionWarnings(url)) printError(`warning: ${warning}`);
    const client = await connectDatabase(url);
    try {
      return await body(client);
    } finally {
      await client.end();
    }
  };

  switch (name) {
    case "check": {
      const source = readFile();
      print(`${source.file}: a valid clinic file for ${source.data.clinic.name}.`);
      return EXIT_DONE;
    }
    case "seed": {
      const source = readFile();
      const relative = path.relative(REPO_ROOT, fromOperator(target));
      const seed = renderSeed(source.data, relative.startsWith("..") ? target : relative);
      for (const notice of seed.notices) printError(noticeLine(source, notice));
      io.out(seed.sql);
      return EXIT_DONE;
    }
    case "apply": {
      const source = readFile();
      const outcome = await withDatabase((client) =>
        applyClinic({
          source,
          client,
          dryRun: values["dry-run"],
          allowRebooking: values["allow-rebooking"],
          botsDir,
          ...(values["function-url"] === undefined ? {} : { functionUrl: values["function-url"] }),
        }).catch((error: unknown) => {
          if (!(error instanceof PlanError)) throw error;
          const place = source.locate(error.path);
          throw new ClinicFileError(source.file, [{ field: formatPath(error.path), message: error.message, line: place?.line ?? null, column: place?.column ?? null }]);
        }),
      );
      const report = applyReport(source, outcome, shownPath);
      print(...report.out);
      if (report.err.length > 0) printError(...report.err);
      return EXIT_DONE;
    }
    case "rotate-secret": {
      const outcome = await withDatabase((client) => rotateSecret({ client, botsDir, name: target, finish: values.finish }));
      print(...rotateReport(outcome, target, shownPath(outcome.envFile)));
      return EXIT_DONE;
    }
    default:
      throw new UsageError(`unknown command ${name}`);
  }
}

export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await command(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`${(error as Error).message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (KNOWN_ERRORS.some((type) => error instanceof type)) {
      io.err(`${(error as Error).message}\n`);
    } else {
      const code = (error as { code?: string }).code;
      const hint = code !== undefined && NOT_MIGRATED.has(code) ? "\n  Is the database migrated? (supabase db push)" : "";
      io.err(`error: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
    }
    return EXIT_FAILED;
  }
}
