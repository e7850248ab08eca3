import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.schema';
import type { MessageKey } from '../i18n/messages';
import {
  JsonValue,
  RecordId,
  SyncEntityType,
  jsonEqual,
  type FieldStamp,
  type RecordFields,
  type SyncRecord,
} from './sync-record';

/*
 * How concurrent writes to one record combine (see README.md, "Conflicts"):
 * - Fields merge independently: a patch only touches the fields it sets.
 * - The server's order decides: the patch that arrives later wins, always, so every device
 *   converges on the same value without a clock.
 * - A patch carries, per field, the value its author saw (`base`). When the stored value differs
 *   from that base, the author overwrote something they never saw: the overwritten value is kept
 *   in a `FieldConflict` record that every member of the plan pulls, so both authors see "changed
 *   by X while you were offline" and can restore it.
 * - A delete wins over a concurrent edit: an edit arriving after the delete does not bring the
 *   record back (no PouchDB-style resurrection of something a colleague deliberately removed),
 *   but each value it carried is kept in an `edit_after_delete` conflict next to the tombstone; a
 *   delete whose author had not seen someone's latest edits records them as
 *   `deleted_while_edited`. Either can be restored, which undeletes the record.
 */

export const CONFLICT_KINDS = [
  'concurrent_edit',
  'edit_after_delete',
  'deleted_while_edited',
] as const;
export const ConflictKind = z.enum(CONFLICT_KINDS);
export type ConflictKind = z.infer<typeof ConflictKind>;

export const ConflictResolution = z.object({
  action: z.enum(['kept', 'restored']),
  by: Id,
  at: IsoDateTime,
});
export type ConflictResolution = z.infer<typeof ConflictResolution>;

/**
 * A value that lost. For `concurrent_edit` the winner is the value written over it; for the two
 * delete kinds the winner is the deletion (`winnerValue` null, `winnerBy`/`winnerAt` the deleter)
 * and `overwrittenValue` is the edit the deletion swallowed.
 */
export const FieldConflict = z.object({
  kind: ConflictKind,
  entity: SyncEntityType,
  id: RecordId,
  field: z.string().min(1).max(64),
  overwrittenValue: JsonValue,
  /** Null when the overwritten value predates field stamps (seeded or imported data). */
  overwrittenBy: Id.nullable(),
  overwrittenAt: IsoDateTime.nullable(),
  winnerValue: JsonValue,
  winnerBy: Id,
  winnerAt: IsoDateTime,
  resolution: ConflictResolution.nullable(),
});
export type FieldConflict = z.infer<typeof FieldConflict>;

/** A field patch: the new values, and for each of them the value its author saw (null: empty). */
export interface FieldPatch {
  set: RecordFields;
  base: RecordFields;
}

/** Who writes, and in which server transaction. On a device `version` is 0 (not yet stored). */
export interface WriteContext {
  userId: string;
  deviceId: string;
  mutationId: number;
  version: number;
  /** Server time of the transaction (on a device, the mutation's client time). */
  at: string;
  /**
   * Only the server decides conflicts. A device applies its pending mutations optimistically
   * without them: its view is rebuilt from pulled state, where the server's conflicts arrive.
   */
  recordConflicts: boolean;
}

export interface MergeOutcome {
  record: SyncRecord;
  /** Whether `record` differs from the input and must be stored (with version ctx.version). */
  changed: boolean;
  conflicts: FieldConflict[];
}

export function stampOf(ctx: WriteContext): FieldStamp {
  return {
    by: ctx.userId,
    deviceId: ctx.deviceId,
    mutationId: ctx.mutationId,
    version: ctx.version,
    at: ctx.at,
  };
}

/** A new record whose every field is stamped by its creator. */
export function createRecord(
  type: SyncRecord['type'],
  id: string,
  planId: string | null,
  fields: RecordFields,
  ctx: WriteContext,
): SyncRecord {
  const stamp = stampOf(ctx);
  const stamps: Record<string, FieldStamp> = {};
  for (const field of Object.keys(fields)) stamps[field] = stamp;
  return { type, id, planId, version: ctx.version, deleted: null, fields: { ...fields }, stamps };
}

/**
 * Sets bookkeeping fields the server owns (status, `answeredAt`): no base, no conflict, no stamp.
 */
export function setSystemFields(
  record: SyncRecord,
  fields: RecordFields,
  ctx: WriteContext,
): SyncRecord {
  return { ...record, version: ctx.version, fields: { ...record.fields, ...fields } };
}

function isUnset(record: SyncRecord, field: string): boolean {
  return (record.fields[field] ?? null) === null && !record.stamps[field];
}

/** Applies a patch to a live record, or preserves it next to a deleted one. */
export function applyFieldPatch(
  record: SyncRecord,
  patch: FieldPatch,
  ctx: WriteContext,
): MergeOutcome {
  if (record.deleted) return editAfterDelete(record, record.deleted, patch, ctx);
  const fields = { ...record.fields };
  const stamps = { ...record.stamps };
  const conflicts: FieldConflict[] = [];
  const stamp = stampOf(ctx);
  let changed = false;
  for (const [field, value] of Object.entries(patch.set)) {
    const current = record.fields[field] ?? null;
    if (jsonEqual(current, value)) continue;
    const base = patch.base[field] ?? null;
    if (ctx.recordConflicts && !jsonEqual(current, base) && !isUnset(record, field)) {
      const previous = record.stamps[field];
      conflicts.push({
        kind: 'concurrent_edit',
        entity: record.type,
        id: record.id,
        field,
        overwrittenValue: current,
        overwrittenBy: previous?.by ?? null,
        overwrittenAt: previous?.at ?? null,
        winnerValue: value,
        winnerBy: ctx.userId,
        winnerAt: ctx.at,
        resolution: null,
      });
    }
    fields[field] = value;
    stamps[field] = stamp;
    changed = true;
  }
  if (!changed) return { record, changed, conflicts };
  return { record: { ...record, version: ctx.version, fields, stamps }, changed, conflicts };
}

function editAfterDelete(
  record: SyncRecord,
  deletion: FieldStamp,
  patch: FieldPatch,
  ctx: WriteContext,
): MergeOutcome {
  const conflicts: FieldConflict[] = [];
  if (!ctx.recordConflicts) return { record, changed: false, conflicts };
  for (const [field, value] of Object.entries(patch.set)) {
    // Typing what the tombstone already holds loses nothing.
    if (jsonEqual(record.fields[field] ?? null, value)) continue;
    conflicts.push({
      kind: 'edit_after_delete',
      entity: record.type,
      id: record.id,
      field,
      overwrittenValue: value,
      overwrittenBy: ctx.userId,
      overwrittenAt: ctx.at,
      winnerValue: null,
      winnerBy: deletion.by,
      winnerAt: deletion.at,
      resolution: null,
    });
  }
  return { record, changed: false, conflicts };
}

/**
 * Soft-deletes a record. `baseVersion` is the version of the record its author had pulled (null
 * if they never pulled it, having created it offline): field writes by other devices after it
 * are edits the author deleted without seeing, and are recorded as `deleted_while_edited`.
 */
export function deleteRecord(
  record: SyncRecord,
  baseVersion: number | null,
  ctx: WriteContext,
): MergeOutcome {
  if (record.deleted) return { record, changed: false, conflicts: [] };
  const conflicts: FieldConflict[] = [];
  if (ctx.recordConflicts) {
    for (const [field, stamp] of Object.entries(record.stamps)) {
      if (stamp.deviceId === ctx.deviceId) continue;
      if (baseVersion !== null && stamp.version <= baseVersion) continue;
      conflicts.push({
        kind: 'deleted_while_edited',
        entity: record.type,
        id: record.id,
        field,
        overwrittenValue: record.fields[field] ?? null,
        overwrittenBy: stamp.by,
        overwrittenAt: stamp.at,
        winnerValue: null,
        winnerBy: ctx.userId,
        winnerAt: ctx.at,
        resolution: null,
      });
    }
  }
  return {
    record: { ...record, version: ctx.version, deleted: stampOf(ctx) },
    changed: true,
    conflicts,
  };
}

/**
 * What "restore" does to the conflict's record: put the lost value back, as a new patch whose
 * base is the winner (so restoring over yet another change is itself a recorded conflict), and
 * undelete the record for the two delete kinds.
 */
export function restoreConflict(
  conflict: FieldConflict,
  record: SyncRecord,
  ctx: WriteContext,
): MergeOutcome {
  if (conflict.kind === 'concurrent_edit') {
    return applyFieldPatch(
      record,
      {
        set: { [conflict.field]: conflict.overwrittenValue },
        base: { [conflict.field]: conflict.winnerValue },
      },
      ctx,
    );
  }
  const live: SyncRecord = record.deleted
    ? { ...record, version: ctx.version, deleted: null }
    : record;
  if (conflict.kind === 'deleted_while_edited') {
    return { record: live, changed: live !== record, conflicts: [] };
  }
  const current = live.fields[conflict.field] ?? null;
  const patched = applyFieldPatch(
    live,
    { set: { [conflict.field]: conflict.overwrittenValue }, base: { [conflict.field]: current } },
    ctx,
  );
  return { ...patched, changed: patched.changed || live !== record };
}

/** The sentence a device shows for a conflict (see the `sync.conflict_*` messages). */
export function conflictMessageKey(kind: ConflictKind): MessageKey {
  switch (kind) {
    case 'concurrent_edit':
      return 'sync.conflict_concurrent_edit';
    case 'edit_after_delete':
      return 'sync.conflict_edit_after_delete';
    case 'deleted_while_edited':
      return 'sync.conflict_deleted_while_edited';
  }
}

/** Whether the conflict concerns `userId`'s work, i.e. should be flagged to them. */
export function conflictInvolves(conflict: FieldConflict, userId: string): boolean {
  return conflict.overwrittenBy === userId || conflict.winnerBy === userId;
}
