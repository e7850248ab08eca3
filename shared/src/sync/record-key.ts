/*
 * Record keys and ids, and JSON equality: plain functions with no schema behind them, so that
 * code which only names records (the device's store, the first screen) does not load zod.
 * sync-record.ts re-exports them beside the record schemas.
 */

import type { FollowUpTargetKind } from '../domain/follow-up.schema';
import type { JsonValue, SyncEntityType } from './sync-record';

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
