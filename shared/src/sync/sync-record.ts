import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.schema';
import type { FollowUpTargetKind } from '../domain/follow-up.schema';

/*
 * What sync moves: records. A record is one row of one entity type, addressed by (type, id),
 * carrying its fields as JSON. Records are deliberately finer than the domain aggregates of
 * ../domain (an `Inspection` there nests its answers and notes): each answer, note, finding and
 * attachment is its own record, so two inspectors answering different items never touch the same
 * row, and a pull of one changed answer does not resend a 500-item checklist.
 */

/**
 * `template` and `unit` are reference data a visit needs offline (planId null: every signed-in
 * user pulls them); the server mirrors them from its tables. `verdict` is a 回头看 judgement on
 * one target, `talk` the record of a 约谈.
 */
export const SYNC_ENTITY_TYPES = [
  'plan',
  'template',
  'unit',
  'inspection',
  'answer',
  'note',
  'finding',
  'attachment',
  'conflict',
  'verdict',
  'talk',
] as const;
export const SyncEntityType = z.enum(SYNC_ENTITY_TYPES);
export type SyncEntityType = z.infer<typeof SyncEntityType>;

/** Record ids: client-made UUIDs, or composite keys such as an answer's (see `answerRecordId`). */
export const RecordId = z.string().min(1).max(200);
export type RecordId = z.infer<typeof RecordId>;

export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

export const RecordFields = z.record(z.string(), JsonValue);
export type RecordFields = z.infer<typeof RecordFields>;

/**
 * Who last wrote one field, and in which server transaction (`version`). Kept on the server only:
 * it names the author in a conflict and tells a delete which edits its author had not seen.
 */
export const FieldStamp = z.object({
  by: Id,
  deviceId: Id,
  mutationId: z.int().min(1),
  version: z.int().nonnegative(),
  at: IsoDateTime,
});
export type FieldStamp = z.infer<typeof FieldStamp>;

/**
 * One record as the server stores it. Deletion is soft: a deleted record keeps its fields (a
 * tombstone) so that an edit arriving after the delete can still be preserved next to it, and a
 * delete can be undone. `planId` is the plan whose visibility governs the record (the plan itself
 * for a `plan` record; null for reference data every signed-in user may read).
 */
export const SyncRecord = z.object({
  type: SyncEntityType,
  id: RecordId,
  planId: Id.nullable(),
  /** Server version of the last write; 0 for a record that exists only on a device so far. */
  version: z.int().nonnegative(),
  deleted: FieldStamp.nullable(),
  fields: RecordFields,
  stamps: z.record(z.string(), FieldStamp),
});
export type SyncRecord = z.infer<typeof SyncRecord>;

/** The stable map key of a record: `type/id`. */
export function recordKey(type: SyncEntityType, id: string): string {
  return `${type}/${id}`;
}

/** The inverse of `recordKey` (types never hold a `/`; ids may). */
export function splitRecordKey(key: string): { type: SyncEntityType; id: string } {
  const at = key.indexOf('/');
  return { type: key.slice(0, at) as SyncEntityType, id: key.slice(at + 1) };
}

/**
 * An answer is identified by its (inspection, item) pair, not by a client-made id: two devices
 * answering the same item offline must land on the same record so that their values merge.
 */
export function answerRecordId(inspectionId: string, itemId: string): string {
  return `${inspectionId}:${itemId}`;
}

/** A template record is one version of a checklist: its id names both. */
export function templateRecordId(templateId: string, version: number): string {
  return `${templateId}@${version}`;
}

/**
 * A 回头看 verdict is identified by (visit, target), like an answer by (visit, item): two
 * inspectors judging the same ledger item offline must land on the same record.
 */
export function verdictRecordId(
  inspectionId: string,
  targetKind: FollowUpTargetKind,
  targetId: string,
): string {
  return `${inspectionId}:${targetKind}:${targetId}`;
}

/** Read access to records, as the mutation handlers see it. */
export interface RecordView {
  get(type: SyncEntityType, id: string): SyncRecord | undefined;
}

/**
 * Structural equality of JSON values, insensitive to object key order; an `undefined` property
 * counts as absent (JSON drops it on the wire).
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
