import { sql, type Kysely } from 'kysely';
import { AnswerValue, scoreSheet, type SyncRecord } from '@ducha/shared';
import type { DB } from '../db/schema';
import { getTemplate } from '../template/template.service';

/*
 * The score of a visit as its reviewers and the dashboards see it: the shared scoring
 * (分项评议表 → 综合评议表) over the pinned template version and every answer, computed on the
 * server when a visit is submitted or approved, and kept in `visit_projection` (migration 0009),
 * so no dashboard ever re-reads a million answers.
 */

interface Scorable {
  inspectionId: string;
  planId: string;
  templateId: string;
  templateVersion: number;
}

/** Inspections among `written` that a reviewer will look at: submitted or approved. */
export function visitsToScore(written: readonly SyncRecord[]): Scorable[] {
  return written.flatMap((r) => {
    const f = r.fields;
    const status = f.status;
    if (r.type !== 'inspection' || r.deleted || r.planId === null) return [];
    if (status !== 'submitted' && status !== 'approved') return [];
    if (typeof f.templateId !== 'string' || typeof f.templateVersion !== 'number') return [];
    return [
      {
        inspectionId: r.id,
        planId: r.planId,
        templateId: f.templateId,
        templateVersion: f.templateVersion,
      },
    ];
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function scoreVisits(db: Kysely<DB>, visits: readonly Scorable[]): Promise<void> {
  for (const v of visits) {
    // A malformed id must not become a failed statement: that would abort the whole push.
    if (!UUID.test(v.templateId) || !UUID.test(v.inspectionId)) continue;
    const template = await getTemplate(db, v.templateId, v.templateVersion).catch(() => null);
    if (!template) continue;
    const { rows } = await sql<{ fields: Record<string, unknown> }>`
      select fields from sync_records
      where type = 'answer' and plan_id = ${v.planId} and deleted is null
        and fields->>'inspectionId' = ${v.inspectionId}`.execute(db);
    const answers: Record<string, AnswerValue> = {};
    for (const { fields } of rows) {
      const parsed = AnswerValue.safeParse(fields.answer);
      if (parsed.success && typeof fields.itemId === 'string') answers[fields.itemId] = parsed.data;
    }
    const sheet = scoreSheet(template, answers);
    await sql`update visit_projection
      set score = ${sheet.overall}, grade = ${sheet.grade}, scored_at = now()
      where inspection_id = ${v.inspectionId}::uuid`.execute(db);
  }
}
