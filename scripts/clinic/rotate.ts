/**
 * `rotate-secret`: replaces a channel's signing secret without a moment in which the bot is refused.
 * The contract lets a channel accept several secrets (`channels.previous_secrets`), so a rotation
 * has two steps with the bot's restart between them:
 *   1. start: a new secret becomes the channel's, the old one stays accepted, and the number's env
 *      file gets the new one (the bot reads it at its next start);
 *   2. finish (`--finish`), once the bot runs with the new secret: the old one is no longer accepted.
 * The function caches a channel's secrets for up to CHANNEL_CACHE_TTL_MS (60 s) and looks again at
 * most every 5 s when a signature fails, so the new secret works within seconds of step 1 and the
 * old one may still work for up to a minute after step 2. The env file names the channel
 * (CHANNEL_ID), so a rotation runs where the bot's env file is.
 */
import type pg from "pg";
import { envFilePath, readEnvFile, replaceEnvFile, discardEnvFile, stageEnvValue, type StagedEnvFile } from "./bot-env/env-file.ts";
import { newChannelSecret } from "./secrets.ts";

export class RotationError extends Error {
  override name = "RotationError";
}

export interface RotateOptions {
  client: pg.ClientBase;
  botsDir: string;
  /** The number's name: its env file is `<botsDir>/<name>.env`. */
  name: string;
  finish: boolean;
}

export type RotateOutcome =
  | { step: "started"; channelId: string; envFile: string }
  | { step: "finished"; channelId: string; envFile: string; retired: number }
  | { step: "nothing-to-finish"; channelId: string; envFile: string };

interface ChannelSecrets {
  secret: string;
  previous_secrets: string[];
}

export async function rotateSecret(options: RotateOptions): Promise<RotateOutcome> {
  const envFile = envFilePath(options.botsDir, options.name);
  const env = readEnvFile(envFile);
  const channelId = env.CHANNEL_ID;
  if (!channelId || !env.CHANNEL_SECRET) throw new RotationError(`${envFile} has no CHANNEL_ID or CHANNEL_SECRET`);
  const { client } = options;
  let staged: StagedEnvFile | undefined;
  await client.query("begin");
  try {
    const found = await client.query<ChannelSecrets>(
      "select secret, previous_secrets from public.channels where id::text = $1 for update",
      [channelId],
    );
    const row = found.rows[0];
    if (row === undefined) throw new RotationError(`no channel ${channelId} (the CHANNEL_ID of ${envFile}) in this database`);
    const fileHasCurrent = row.secret === env.CHANNEL_SECRET;

    if (options.finish) {
      if (row.previous_secrets.length === 0) {
        await client.query("rollback");
        return { step: "nothing-to-finish", channelId, envFile };
      }
      if (!fileHasCurrent) {
        throw new RotationError(
          `${envFile} does not hold the channel's current secret, so its bot would be refused once the old secrets go: nothing was changed`,
        );
      }
      await client.query("update public.channels set previous_secrets = '{}' where id = $1", [channelId]);
      await client.query("commit");
      return { step: "finished", channelId, envFile, retired: row.previous_secrets.length };
    }

    if (row.previous_secrets.length > 0) {
      throw new RotationError(
        `a rotation of this channel is under way (its previous secret is still accepted): once the bot runs with the secret in ${envFile}, ` +
          `finish it with npm run clinic -- rotate-secret ${options.name} --finish, then rotate again`,
      );
    }
    if (!fileHasCurrent) {
      throw new RotationError(`${envFile} does not hold the channel's current secret (was it edited by hand?): nothing was changed`);
    }
    const secret = newChannelSecret();
    await client.query("update public.channels set previous_secrets = array[secret], secret = $2 where id = $1", [channelId, secret]);
    staged = stageEnvValue(envFile, "CHANNEL_SECRET", secret);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    if (staged) discardEnvFile(staged);
    throw error;
  }
  try {
    replaceEnvFile(staged);
  } catch (error) {
    // Committed: the new secret is only in the staged file now, which must not be lost.
    throw new RotationError(
      `the new secret is in the database but ${envFile} could not be replaced (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
        `move ${staged.tempPath} over it yourself; the old secret stays accepted meanwhile`,
    );
  }
  return { step: "started", channelId, envFile };
}
