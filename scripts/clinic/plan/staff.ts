/**
 * Plans staff rows. A login is an auth.users row, which apply never creates (on Supabase, staff are
 * invited from the Dashboard): the file names it by email, the row is linked to it when it exists,
 * and an email without a login is reported. Someone with an alert phone still gets their row (and
 * their alerts) meanwhile, and is linked by a later apply. Rows are recognised by login, else by
 * alert phone; rows the file no longer lists are deleted (their access ends).
 */
import type { ClinicFile } from "../file/schema.ts";
import type { Change, Notice } from "./changes.ts";
import { fieldChanges, given, RowClaims } from "./compare.ts";
import type { NewId } from "./catalog.ts";
import type { CurrentState } from "./state.ts";

const INVITE = "invite them in the Dashboard (Authentication → Users → Invite user), then apply again to link the login";

export interface StaffPlan {
  changes: Change[];
  notices: Notice[];
}

export function planStaff(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId): StaffPlan {
  const plan: StaffPlan = { changes: [], notices: [] };
  if (file.staff === undefined) return plan;
  const rows = new RowClaims(current.staff);
  const removed: Change[] = [];
  const updated: Change[] = [];
  const added: Change[] = [];
  file.staff.forEach((entry, index) => {
    const path = ["staff", index, "email"];
    let userId: string | undefined;
    if (entry.email !== undefined) {
      userId = current.logins.get(entry.email);
      if (current.ambiguousLogins.has(entry.email)) {
        plan.notices.push({ level: "warning", message: `${entry.email} has several logins: not linked (remove the duplicate in the Dashboard)`, path });
        userId = undefined;
      } else if (userId === undefined) {
        plan.notices.push({
          level: "warning",
          message: `no login with the email ${entry.email} yet: ${entry.alert_phone ? "alerts go to their phone meanwhile; " : "no staff row until then; "}${INVITE}`,
          path,
        });
      }
    }
    const row =
      (userId !== undefined ? rows.byKey((r) => r.user_id === userId, path, "staff rows of this login") : undefined) ??
      (entry.alert_phone ? rows.byKey((r) => r.alert_phone === entry.alert_phone, ["staff", index, "alert_phone"], "staff rows with this alert phone") : undefined);
    const who = entry.email ?? entry.alert_phone ?? "";
    const what = `staff ${entry.display_name ? `${entry.display_name} (${who})` : who}`;
    const fields = { user_id: userId, role: entry.role, display_name: entry.display_name, alert_phone: entry.alert_phone };
    if (row === undefined) {
      if (userId === undefined && !entry.alert_phone) return; // reported above: nothing to store yet
      added.push({ table: "staff", action: "insert", what, values: given({ id: newId("staff", who), clinic_id: clinicId, ...fields }) });
      return;
    }
    const diff = fieldChanges(fields, row);
    if (diff) updated.push({ table: "staff", action: "update", what, id: row.id, ...diff });
  });
  for (const row of rows.unclaimed()) {
    const who = row.display_name ?? row.alert_phone ?? row.user_id ?? row.id;
    removed.push({ table: "staff", action: "delete", what: `staff ${who}`, id: row.id, why: "no longer in the file: their access and alerts end" });
  }
  plan.changes = [...removed, ...updated, ...added];
  return plan;
}
