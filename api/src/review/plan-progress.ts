import { sql, type Kysely } from 'kysely';
import type { SyncRecord } from '@ducha/shared';
import type { DB } from '../db/schema';

/*
 * A plan follows its visits: the first visit started puts a planned plan in progress; the first
 * visit submitted reveals a confidential plan (`revealed_at`): the unit has seen the team, and
 * the supervisors of the region now see the plan and review its findings (authz/policy.ts). The
 * plan stays open for its team — a returned visit goes on, a second visit may follow — until a
 * reviewer's approval marks it done. The plan record every device holds changes with it (its
 * mirror trigger, migrations 0002 and 0004).
 */
export async function advancePlans(db: Kysely<DB>, written: readonly SyncRecord[]): Promise<void> {
  const started = new Set<string>();
  const submitted = new Set<string>();
  for (const r of written) {
    if (r.type !== 'inspection' || r.deleted || r.planId === null) continue;
    started.add(r.planId);
    const status = r.fields.status;
    if (status === 'submitted' || status === 'approved') submitted.add(r.planId);
  }
  const ids = (set: Set<string>) => JSON.stringify([...set]);
  if (started.size > 0) {
    await sql`update plans set status = 'in_progress', updated_at = now()
      where id in (select value::uuid from jsonb_array_elements_text(${ids(started)}::jsonb))
        and status = 'planned'`.execute(db);
  }
  if (submitted.size > 0) {
    await sql`update plans set revealed_at = now(), updated_at = now()
      where id in (select value::uuid from jsonb_array_elements_text(${ids(submitted)}::jsonb))
        and revealed_at is null`.execute(db);
  }
}
