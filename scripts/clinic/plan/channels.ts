/**
 * Plans the clinic's WhatsApp numbers (channels). A new channel gets a secret made when the change
 * runs (never planned, never printed) and an env file for its bot. Channels are recognised by id,
 * else by phone; one the file no longer lists is disabled, not deleted (its chats and messages
 * hang off it).
 */
import type { ClinicFile } from "../file/schema.ts";
import { GENERATED_SECRET, type Change } from "./changes.ts";
import { fieldChanges, given, RowClaims } from "./compare.ts";
import type { NewId } from "./catalog.ts";
import type { CurrentState } from "./state.ts";

export function planChannels(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId): Change[] {
  if (file.channels === undefined) return [];
  const rows = new RowClaims(current.channels);
  const updated: Change[] = [];
  const added: Change[] = [];
  file.channels.forEach((entry, index) => {
    const row = entry.id !== undefined ? rows.byId(entry.id) : rows.byKey((r) => r.phone === entry.phone, ["channels", index, "phone"], "channels with this number");
    const what = `channel ${entry.name} ${entry.phone}`;
    const enabled = entry.enabled ?? true;
    if (row === undefined) {
      const id = entry.id ?? newId("channel", entry.phone);
      added.push({
        table: "channels",
        action: "insert",
        what,
        values: given({ id, clinic_id: clinicId, phone: entry.phone, secret: GENERATED_SECRET, enabled }),
        bot: { name: entry.name },
      });
      return;
    }
    const diff = fieldChanges({ phone: entry.phone, enabled }, row);
    if (diff) updated.push({ table: "channels", action: "update", what, id: row.id, ...diff });
  });
  for (const row of rows.unclaimed().filter((r) => r.enabled)) {
    updated.push({
      table: "channels",
      action: "update",
      what: `channel ${row.phone ?? row.id}`,
      id: row.id,
      set: { enabled: false },
      before: { enabled: true },
      why: "no longer in the file: disabled (the bot's requests for it are refused)",
    });
  }
  return [...updated, ...added];
}
