/**
 * What a double booking would leave behind, counted from the tables (the benchmarks and the
 * reliability run check it after their races): booked appointments of one practitioner that
 * overlap, and booked slots not covered by exactly one booked appointment.
 */
import type pg from "pg";

export interface Overlaps {
  appointments: number;
  slots: number;
}

export async function overlaps(db: pg.Pool | pg.ClientBase, clinicId: string): Promise<Overlaps> {
  const { rows } = await db.query<Overlaps>(
    `select
       (select count(*)::int from public.appointments a
          join public.appointments b on b.provider_id = a.provider_id and a.id < b.id
         where a.clinic_id = $1 and a.status = 'booked' and b.status = 'booked'
           and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)) as appointments,
       (select count(*)::int from public.slots s
         where s.clinic_id = $1 and s.status = 'booked'
           and (select count(*) from public.appointments a
                 where a.provider_id = s.provider_id and a.status = 'booked'
                   and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)) <> 1) as slots`,
    [clinicId],
  );
  return rows[0] ?? { appointments: Number.NaN, slots: Number.NaN };
}
