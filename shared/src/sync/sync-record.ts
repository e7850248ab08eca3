import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.schema';

export {
  SYNC_ENTITY_TYPES,
  answerRecordId,
  jsonEqual,
  recordKey,
  splitRecordKey,
  templateRecordId,
  verdictRecordId,
} from './record-key';

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
import { SYNC_ENTITY_TYPES } from './record-key';

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

/** Read access to records, as the mutation handlers see it. */
export interface RecordView {
  get(type: SyncEntityType, id: string): SyncRecord | undefined;
}
