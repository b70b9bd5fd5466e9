/**
 * How the tool's results read for people. Changes: one line each, `+` added, `~` changed (old →
 * new), `-` removed or switched off, with why when the file did not say it directly. A channel's
 * secret is never shown. Pure: the command line prints what these return.
 */
import type { ApplyOutcome } from "./apply.ts";
import { describeRebooking } from "./errors.ts";
import { formatPath, type ClinicSource } from "./file/read.ts";
import { isGeneratedSecret, type Change, type Notice, type SqlValue } from "./plan/changes.ts";
import type { RotateOutcome } from "./rotate.ts";

const VALUE_PREVIEW_CHARS = 60;

export interface Lines {
  out: string[];
  err: string[];
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function formatValue(value: SqlValue | undefined): string {
  if (value === undefined || value === null) return "(empty)";
  if (isGeneratedSecret(value)) return "(new secret)";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[${value.join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? "{}" : `{${entries.map(([k, v]) => `${k}: ${v}`).join(", ")}}`;
  }
  if (typeof value === "string") {
    const text = value.length > VALUE_PREVIEW_CHARS ? `${value.slice(0, VALUE_PREVIEW_CHARS - 1)}…` : value;
    return JSON.stringify(text);
  }
  return String(value);
}

export function describeChange(change: Change): string {
  switch (change.action) {
    case "insert":
      return `+ ${change.what}`;
    case "update": {
      const onlySwitchedOff = Object.keys(change.set).length === 1 && (change.set.active === false || change.set.enabled === false);
      if (onlySwitchedOff) return `- ${change.what}${change.why ? `: ${change.why}` : ""}`;
      const fields = Object.keys(change.set).map((column) => `${column} ${formatValue(change.before[column])} → ${formatValue(change.set[column])}`);
      return `~ ${change.what}: ${fields.join("; ")}${change.why ? ` (${change.why})` : ""}`;
    }
    case "delete":
      return `- ${change.what}${change.why ? `: ${change.why}` : ""}`;
  }
}

/** `warning: my-clinic.yaml:44:14: staff[0].email: no login …`. */
export function noticeLine(source: ClinicSource, notice: Notice): string {
  const place = notice.path ? source.locate(notice.path) : null;
  const where = place ? `${source.file}:${place.line}:${place.column}: ${formatPath(notice.path ?? [])}: ` : "";
  return `${notice.level}: ${where}${notice.message}`;
}

/** What an apply did (or, dry, would do), and the next steps for each new number. */
export function applyReport(source: ClinicSource, outcome: ApplyOutcome, shownPath: (file: string) => string): Lines {
  const { plan } = outcome;
  const out = [`${plan.clinicName} (clinic ${plan.clinicId}) ← ${source.file}${outcome.dryRun ? "  [dry run]" : ""}`];
  for (const change of plan.changes) out.push(`  ${describeChange(change)}`);
  if (plan.recutSlots) {
    out.push(`  ~ free times from now on cut again on the clinic's new clock or slot length (${plural(outcome.slotsRemoved, "free slot")} removed)`);
  }
  for (const entry of outcome.rebooking) out.push(`  ! up for rebooking: ${describeRebooking(entry)}`);

  const count = plan.changes.length;
  if (count === 0) out.push("No changes: the database already says what the file says.");
  else if (outcome.dryRun) out.push(`${plural(count, "change")} would be made; the database accepts them. Nothing was written (dry run).`);
  else out.push(`${plural(count, "change")} applied.`);
  if (outcome.slotsGenerated > 0) out.push(`${plural(outcome.slotsGenerated, "bookable slot")} ${outcome.dryRun ? "would be made" : "made"} for the coming days.`);
  if (plan.creates && source.data.clinic.id === undefined) {
    out.push(`The clinic's id is ${plan.clinicId}: add "id: ${plan.clinicId}" under clinic: in the file, so a rename keeps this clinic.`);
  }
  for (const env of outcome.envFiles) {
    const shown = shownPath(env.path);
    if (outcome.dryRun) {
      out.push(`Would write ${shown} for ${env.phone} (channel ${env.channelId}, health port ${env.healthPort}).`);
      continue;
    }
    out.push(
      "",
      `New number ${env.phone}: its bot's env file is ${shown} (channel ${env.channelId}, health port ${env.healthPort}).`,
      'It holds the channel\'s secret: keep it private (0600), never commit or paste it. Next (README "For operators"):',
      `  npm run bot -- ${env.name} --check              the file is complete`,
      "  npx pm2 start ecosystem.config.cjs && npx pm2 save   one PM2 app per .local/bots/*.env",
      `  open http://127.0.0.1:${env.healthPort}/health?token=<HEALTH_TOKEN from the file> (SSH tunnel from afar) and scan the QR code`,
    );
  }
  return { out, err: plan.notices.map((notice) => noticeLine(source, notice)) };
}

export function rotateReport(outcome: RotateOutcome, name: string, shownEnvFile: string): string[] {
  switch (outcome.step) {
    case "nothing-to-finish":
      return [`Channel ${outcome.channelId} (${name}) accepts only its current secret: no rotation to finish.`];
    case "finished":
      return [
        `Channel ${outcome.channelId} (${name}) now accepts only the secret in ${shownEnvFile}; ${plural(outcome.retired, "old secret")} retired.`,
        "The function may still accept the old one for up to a minute (it caches channels for 60 s).",
      ];
    case "started":
      return [
        `Channel ${outcome.channelId} (${name}) has a new secret, written to ${shownEnvFile}; the old one is still accepted.`,
        "Next:",
        `  npx pm2 restart ${name}      (or restart npm run bot -- ${name}): the bot reads the new secret at start`,
        "  check its /health page: no configuration fault (a 401 would mean the bot still signs with a refused secret)",
        `  npm run clinic -- rotate-secret ${name} --finish      then only the new secret is accepted`,
      ];
  }
}
