/**
 * `npm run clinic -- <command>`: a clinic from a file (README "Setting up a clinic").
 *
 *   check FILE                         validate the file; no database
 *   apply FILE [--dry-run] [--allow-rebooking] [--db URL] [--function-url URL] [--bots-dir DIR]
 *   seed FILE                          the file as idempotent SQL on stdout (supabase/seed.sql)
 *   rotate-secret NAME [--finish] [--db URL] [--bots-dir DIR]
 *
 * The database is --db or DATABASE_URL. Exits 0 when done, 1 when the file, the database or the
 * file system refused (nothing changed), 2 on a wrong command line.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { applyClinic, type ApplyOutcome } from "./apply.ts";
import { DEFAULT_BOTS_DIR, EnvFileError, REPO_ROOT } from "./bot-env/env-file.ts";
import { connectDatabase, connectionWarnings, ConnectionError } from "./db/connect.ts";
import { ApplyPreconditionError, ChangeRefused, describeRebooking, RebookingRefused } from "./errors.ts";
import { ClinicFileError, formatPath, readClinicFile, type ClinicSource } from "./file/read.ts";
import type { Notice } from "./plan/changes.ts";
import { PlanError } from "./plan/compare.ts";
import { describeChange } from "./report.ts";
import { rotateSecret, RotationError } from "./rotate.ts";
import { renderSeed } from "./seed/render.ts";

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = `usage: npm run clinic -- <command>
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

class UsageError extends Error {}

/** `npm run` starts scripts in the package's folder; paths on the command line are the operator's. */
const OPERATOR_CWD = process.env.INIT_CWD ?? process.cwd();
const fromOperator = (file: string): string => path.resolve(OPERATOR_CWD, file);

const print = (line = ""): void => void process.stdout.write(`${line}\n`);
const printError = (line: string): void => void process.stderr.write(`${line}\n`);

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A path as the operator typed it: relative when it is under the current folder. */
function shownPath(file: string): string {
  const relative = path.relative(OPERATOR_CWD, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function noticeLine(source: ClinicSource, notice: Notice): string {
  const place = notice.path ? source.locate(notice.path) : null;
  const where = place ? `${source.file}:${place.line}:${place.column}: ${formatPath(notice.path ?? [])}: ` : "";
  return `${notice.level}: ${where}${notice.message}`;
}

function databaseUrl(flag: string | undefined): string {
  const url = flag ?? process.env.DATABASE_URL;
  if (!url) throw new UsageError("no database: pass --db URL or set DATABASE_URL (on Supabase: the session pooler's connection string)");
  for (const warning of connectionWarnings(url)) printError(`warning: ${warning}`);
  return url;
}

function printApply(source: ClinicSource, outcome: ApplyOutcome): void {
  const { plan } = outcome;
  print(`${plan.clinicName} (clinic ${plan.clinicId}) ← ${source.file}${outcome.dryRun ? "  [dry run]" : ""}`);
  for (const change of plan.changes) print(`  ${describeChange(change)}`);
  if (plan.recutSlots) print(`  ~ free times from now on cut again on the clinic's new clock or slot length (${plural(outcome.slotsRemoved, "free slot")} removed)`);
  for (const entry of outcome.rebooking) print(`  ! up for rebooking: ${describeRebooking(entry)}`);
  for (const notice of plan.notices) printError(noticeLine(source, notice));

  const count = plan.changes.length;
  if (count === 0) print("No changes: the database already says what the file says.");
  else if (outcome.dryRun) print(`${plural(count, "change")} would be made; the database accepts them. Nothing was written (dry run).`);
  else print(`${plural(count, "change")} applied.`);
  if (outcome.slotsGenerated > 0) print(`${plural(outcome.slotsGenerated, "bookable slot")} ${outcome.dryRun ? "would be made" : "made"} for the coming days.`);
  if (plan.creates && source.data.clinic.id === undefined) {
    print(`The clinic's id is ${plan.clinicId}: add "id: ${plan.clinicId}" under clinic: in the file, so a rename keeps this clinic.`);
  }
  for (const env of outcome.envFiles) {
    const shown = shownPath(env.path);
    if (outcome.dryRun) {
      print(`Would write ${shown} for ${env.phone} (channel ${env.channelId}, health port ${env.healthPort}).`);
      continue;
    }
    print(`\nNew number ${env.phone}: its bot's env file is ${shown} (channel ${env.channelId}, health port ${env.healthPort}).`);
    print("It holds the channel's secret: keep it private (0600), never commit or paste it. Next (README \"For operators\"):");
    print(`  npm run bot -- ${env.name} --check              the file is complete`);
    print("  npx pm2 start ecosystem.config.cjs && npx pm2 save   one PM2 app per .local/bots/*.env");
    print(`  open http://127.0.0.1:${env.healthPort}/health?token=<HEALTH_TOKEN from the file> (SSH tunnel from afar) and scan the QR code`);
  }
}

async function withDatabase<T>(flag: string | undefined, body: (client: import("pg").Client) => Promise<T>): Promise<T> {
  const client = await connectDatabase(databaseUrl(flag));
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    print(USAGE);
    return command === undefined ? EXIT_USAGE : 0;
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
  if (target === undefined || extra !== undefined) throw new UsageError(`${command} takes one ${command === "rotate-secret" ? "number's name" : "file"}`);
  const botsDir = values["bots-dir"] ? fromOperator(values["bots-dir"]) : DEFAULT_BOTS_DIR;
  /** The clinic file as the operator named it (messages use this), and where it is. */
  const fileArgument = { shown: target, path: fromOperator(target) };

  switch (command) {
    case "check": {
      const source = readClinicFile(fileArgument.path, fileArgument.shown);
      print(`${source.file}: a valid clinic file for ${source.data.clinic.name}.`);
      return 0;
    }
    case "seed": {
      const source = readClinicFile(fileArgument.path, fileArgument.shown);
      const relative = path.relative(REPO_ROOT, fileArgument.path);
      const seed = renderSeed(source.data, relative.startsWith("..") ? target : relative);
      for (const notice of seed.notices) printError(noticeLine(source, notice));
      process.stdout.write(seed.sql);
      return 0;
    }
    case "apply": {
      const source = readClinicFile(fileArgument.path, fileArgument.shown);
      const outcome = await withDatabase(values.db, (client) =>
        applyClinic({
          source,
          client,
          dryRun: values["dry-run"],
          allowRebooking: values["allow-rebooking"],
          botsDir,
          ...(values["function-url"] === undefined ? {} : { functionUrl: values["function-url"] }),
        }).catch((error: unknown) => {
          if (error instanceof PlanError) {
            const place = source.locate(error.path);
            throw new Error(`${source.file}${place ? `:${place.line}:${place.column}` : ""}: ${formatPath(error.path)}: ${error.message}`);
          }
          throw error;
        }),
      );
      printApply(source, outcome);
      return 0;
    }
    case "rotate-secret": {
      const outcome = await withDatabase(values.db, (client) => rotateSecret({ client, botsDir, name: target, finish: values.finish }));
      const shown = shownPath(outcome.envFile);
      if (outcome.step === "nothing-to-finish") {
        print(`Channel ${outcome.channelId} (${target}) accepts only its current secret: no rotation to finish.`);
      } else if (outcome.step === "finished") {
        print(`Channel ${outcome.channelId} (${target}) now accepts only the secret in ${shown}; ${plural(outcome.retired, "old secret")} retired.`);
        print("The function may still accept the old one for up to a minute (it caches channels for 60 s).");
      } else {
        print(`Channel ${outcome.channelId} (${target}) has a new secret, written to ${shown}; the old one is still accepted.`);
        print("Next:");
        print(`  npx pm2 restart ${target}      (or restart npm run bot -- ${target}): the bot reads the new secret at start`);
        print("  check its /health page: no configuration fault (a 401 would mean the bot still signs with a refused secret)");
        print(`  npm run clinic -- rotate-secret ${target} --finish      then only the new secret is accepted`);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/** SQLSTATEs of a missing table, column or function: the database lacks migrations. */
const NOT_MIGRATED = new Set(["42P01", "42703", "42883", "42704"]);
const KNOWN_ERRORS = [ClinicFileError, ChangeRefused, RebookingRefused, ApplyPreconditionError, EnvFileError, ConnectionError, RotationError];

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      printError(`${(error as Error).message}\n${USAGE}`);
      process.exit(EXIT_USAGE);
    }
    if (KNOWN_ERRORS.some((type) => error instanceof type)) {
      printError((error as Error).message);
    } else {
      const code = (error as { code?: string }).code;
      const hint = code !== undefined && NOT_MIGRATED.has(code) ? "\n  Is the database migrated? (supabase db push)" : "";
      printError(`error: ${error instanceof Error ? error.message : String(error)}${hint}`);
    }
    process.exit(EXIT_FAILED);
  },
);
