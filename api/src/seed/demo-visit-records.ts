import { sql } from 'kysely';
import {
  answerRecordId,
  type Finding,
  type Inspection,
  type RecordFields,
  type SyncRecord,
} from '@ducha/shared';
import type { Database } from '../db/database';
import { scoreVisits, visitsToScore } from '../review/visit-score';
import { syncDb } from '../sync/sync.schema';
import { writeRecords } from '../sync/sync-record.store';

/*
 * The demo's visits and findings as sync records, the shape a phone writes them in: what the
 * team's phones pull and what the supervisor's console reviews (its read models follow the
 * records: migration 0009). Unstamped, like data imported before sync: nobody typed them on a
 * device. The relational rows the seed also writes are the history the ledger refers to.
 */

function record(
  type: SyncRecord['type'],
  id: string,
  planId: string,
  fields: RecordFields,
): Omit<SyncRecord, 'version'> {
  return { type, id, planId, deleted: null, fields, stamps: {} };
}

export function visitRecords(v: Inspection): Omit<SyncRecord, 'version'>[] {
  const submittedBy = v.submittedAt ? v.startedBy : null;
  const out = [
    record('inspection', v.id, v.planId, {
      planId: v.planId,
      templateId: v.templateId,
      templateVersion: v.templateVersion,
      status: v.status,
      startedBy: v.startedBy,
      startedAt: v.startedAt,
      place: v.place,
      endedAt: v.endedAt,
      submittedAt: v.submittedAt,
      submittedBy,
      ...(v.status === 'approved' ? { approvedAt: v.reviewedAt, approvedBy: v.reviewedBy } : {}),
      reviewComments: v.reviewComments,
    } as RecordFields),
  ];
  for (const [itemId, a] of Object.entries(v.answers)) {
    out.push(
      record('answer', answerRecordId(v.id, itemId), v.planId, {
        inspectionId: v.id,
        itemId,
        answer: a.answer,
        remark: a.remark,
        evidence: a.evidence,
        answeredBy: a.answeredBy,
        answeredAt: a.answeredAt,
      } as RecordFields),
    );
  }
  for (const n of v.notes) {
    out.push(
      record('note', n.id, v.planId, {
        inspectionId: v.id,
        itemId: n.itemId,
        text: n.text,
        createdBy: n.createdBy,
        createdAt: n.createdAt,
      }),
    );
  }
  return out;
}

export function findingRecord(f: Finding): Omit<SyncRecord, 'version'> {
  const { id: _id, updatedAt: _updatedAt, ...fields } = f;
  return record('finding', f.id, f.planId, fields as unknown as RecordFields);
}

/** Writes the records, each with a fresh version, as the server's own (no device wrote them). */
export async function writeDemoRecords(
  tx: Database,
  records: readonly Omit<SyncRecord, 'version'>[],
): Promise<void> {
  if (records.length === 0) return;
  const { rows } = await sql<{ v: string }>`
    select nextval('sync_version_seq')::text as v from generate_series(1, ${records.length})`.execute(
    tx,
  );
  const versions = rows.map((r) => Number(r.v)).sort((a, b) => a - b);
  const stored = records.map((r, i) => ({ ...r, version: versions[i]! }));
  await writeRecords(syncDb(tx), stored, null);
  // As a push would: the review queue, the dashboard and the reports read the stored score.
  await scoreVisits(tx, visitsToScore(stored));
}
