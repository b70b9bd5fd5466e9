/**
 * `apply`: one transaction that makes the database say what a clinic file says. Under an advisory
 * lock (two applies of one clinic run one after the other) it reads the clinic's rows, plans, runs
 * each change as its own statement (so a refusal names the row), lets the database's triggers and
 * constraints guard bookings, refuses to strand upcoming appointments unless allowed, cuts new
 * slots, and commits; a dry run does all of it and rolls back, so it shows exactly what the
 * database would accept. A new channel's env file is staged before the commit and put in place
 * after it.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import {
  assertEnvFileAbsent,
  discardEnvFile,
  envFilePath,
  FIRST_HEALTH_PORT,
  freeHealthPorts,
  publishEnvFile,
  renderEnvFile,
  stageEnvFile,
  type StagedEnvFile,
} from "./bot-env/env-file.ts";
import { findClinic, loadState } from "./db/load.ts";
import { toStatement } from "./db/statements.ts";
import { ApplyPreconditionError, ChangeRefused, RebookingRefused, type RebookEntry } from "./errors.ts";
import type { ClinicSource } from "./file/read.ts";
import type { Change, InsertRow, Plan } from "./plan/changes.ts";
import { planClinic } from "./plan/plan.ts";
import { newChannelSecret, newHealthToken } from "./secrets.ts";

/** The first key of pg_advisory_xact_lock(int, int): this tool's namespace; the second is the clinic's. */
const CLINIC_FILE_LOCK = 0x0c11a1c0;

export interface ApplyOptions {
  source: ClinicSource;
  client: pg.ClientBase;
  dryRun: boolean;
  /** Let changes put upcoming appointments up for rebooking. */
  allowRebooking: boolean;
  botsDir: string;
  /** The command line's --function-url, which wins over the file's function_url. */
  functionUrl?: string;
}

export interface WrittenEnvFile {
  name: string;
  path: string;
  channelId: string;
  phone: string;
  healthPort: number;
}

export interface ApplyOutcome {
  plan: Plan;
  dryRun: boolean;
  /** Appointments this apply put up for rebooking (only with allowRebooking). */
  rebooking: RebookEntry[];
  /** Free future slots removed because slot_minutes or the time zone changed. */
  slotsRemoved: number;
  slotsGenerated: number;
  /** Written (or, in a dry run, to be written). */
  envFiles: WrittenEnvFile[];
}

type NewChannel = InsertRow & { bot: { name: string } };
const isNewChannel = (change: Change): change is NewChannel => change.action === "insert" && change.bot !== undefined;

async function rebookList(client: pg.ClientBase, clinicId: string): Promise<RebookEntry[]> {
  const result = await client.query<{ id: string; when: string; provider: string; service: string; reason: string }>(
    `select appointment_id::text as id, to_char(local_date, 'Dy DD Mon YYYY') || ' ' || to_char(local_start, 'HH24:MI') as when,
            provider_name as provider, service_name as service, reason || coalesce(': ' || detail, '') as reason
       from public.appointments_to_rebook where clinic_id = $1 order by starts_at`,
    [clinicId],
  );
  return result.rows.map((row) => ({ appointmentId: row.id, when: row.when, provider: row.provider, service: row.service, reason: row.reason }));
}

/** A new slot length or time zone: the free times still to come are cut again (booked ones keep theirs). */
async function removeFreeSlots(client: pg.ClientBase, clinicId: string): Promise<number> {
  const result = await client.query(
    `delete from public.slots s
      where s.clinic_id = $1 and s.starts_at > now()
        and (s.status = 'open' or (s.status = 'held' and s.held_until < now()))`,
    [clinicId],
  );
  return result.rowCount ?? 0;
}

/** Slots for the clinic's booking horizon, so new hours and practitioners are bookable at once. */
async function generateSlots(client: pg.ClientBase, clinicId: string): Promise<number> {
  const result = await client.query<{ generated: number }>(
    "select public.generate_slots($1, (select booking_horizon_days from public.clinics where id = $1)) as generated",
    [clinicId],
  );
  return result.rows[0]?.generated ?? 0;
}

function checkNewChannels(channels: readonly NewChannel[], options: ApplyOptions): string | undefined {
  const functionUrl = options.functionUrl ?? options.source.data.function_url;
  if (channels.length === 0) return functionUrl;
  if (functionUrl === undefined) {
    throw new ApplyPreconditionError(
      `creating channel ${channels.map((c) => c.bot.name).join(", ")} writes the bot's env file, which needs the function's URL: ` +
        "set function_url in the file or pass --function-url https://<project-ref>.supabase.co/functions/v1/whatsapp-webhook",
    );
  }
  for (const channel of channels) assertEnvFileAbsent(envFilePath(options.botsDir, channel.bot.name));
  return functionUrl;
}

/**
 * The env files of the new channels: their paths and health ports, and (unless dry) their contents
 * staged into `staged`, to be put in place after the commit.
 */
async function prepareEnvFiles(
  client: pg.ClientBase,
  plan: Plan,
  newChannels: readonly NewChannel[],
  secrets: ReadonlyMap<Change, string>,
  functionUrl: string | undefined,
  options: ApplyOptions,
  staged: StagedEnvFile[],
): Promise<WrittenEnvFile[]> {
  if (newChannels.length === 0 || functionUrl === undefined) return [];
  const language = (await client.query<{ language: string }>("select language::text from public.clinics where id = $1", [plan.clinicId])).rows[0]?.language;
  const ports = freeHealthPorts(options.botsDir, newChannels.length);
  return newChannels.map((channel, index) => {
    const written: WrittenEnvFile = {
      name: channel.bot.name,
      path: envFilePath(options.botsDir, channel.bot.name),
      channelId: String(channel.values.id),
      phone: String(channel.values.phone),
      healthPort: ports[index] ?? FIRST_HEALTH_PORT,
    };
    const secret = secrets.get(channel);
    if (options.dryRun) return written;
    if (secret === undefined || language === undefined) throw new Error(`no secret or clinic language for the new channel ${written.name}`);
    const env = {
      clinicName: options.source.data.clinic.name,
      phone: written.phone,
      channelId: written.channelId,
      channelSecret: secret,
      functionUrl,
      language,
      healthPort: written.healthPort,
      healthToken: newHealthToken(),
    };
    staged.push(stageEnvFile(written.path, renderEnvFile(env, new Date().toISOString().slice(0, 10))));
    return written;
  });
}

export async function applyClinic(options: ApplyOptions): Promise<ApplyOutcome> {
  const { client, source } = options;
  const file = source.data;
  const staged: StagedEnvFile[] = [];
  const secrets = new Map<Change, string>();
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock($1, hashtext($2))", [CLINIC_FILE_LOCK, file.clinic.id ?? file.clinic.name]);
    const current = await loadState(client, await findClinic(client, file), file);
    const plan = planClinic(file, current, () => randomUUID());
    const newChannels = plan.changes.filter(isNewChannel);
    const functionUrl = checkNewChannels(newChannels, options);

    const before = plan.creates ? new Set<string>() : new Set((await rebookList(client, plan.clinicId)).map((entry) => entry.appointmentId));
    for (const change of plan.changes) {
      if (isNewChannel(change)) secrets.set(change, newChannelSecret());
      const statement = toStatement(change, secrets.get(change));
      try {
        await client.query(statement.text, statement.values);
      } catch (error) {
        throw new ChangeRefused(change, error, [...secrets.values()]);
      }
    }
    const slotsRemoved = plan.recutSlots ? await removeFreeSlots(client, plan.clinicId) : 0;
    const rebooking = (await rebookList(client, plan.clinicId)).filter((entry) => !before.has(entry.appointmentId));
    if (rebooking.length > 0 && !options.allowRebooking) throw new RebookingRefused(rebooking);
    const slotsGenerated = await generateSlots(client, plan.clinicId);

    const envFiles = await prepareEnvFiles(client, plan, newChannels, secrets, functionUrl, options, staged);

    if (options.dryRun) {
      await client.query("rollback");
    } else {
      try {
        await client.query("commit");
      } catch (error) {
        throw new ChangeRefused(null, error, [...secrets.values()]);
      }
      // Committed: from here a staged file is the only copy of its secret, so none is discarded
      // (publishEnvFile names the staged file if it cannot put it in place).
      for (const file of staged.splice(0)) publishEnvFile(file);
    }
    return { plan, dryRun: options.dryRun, rebooking, slotsRemoved, slotsGenerated, envFiles };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    for (const file of staged) discardEnvFile(file);
    throw error;
  }
}
