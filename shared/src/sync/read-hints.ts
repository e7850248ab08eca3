import type { MutationName } from './mutation-registry';
import { answerRecordId, recordKey, verdictRecordId } from './record-key';
import type { SyncEntityType } from './sync-record';

/*
 * Which records a mutation's handler will most likely read, guessed from its arguments so the
 * device (one IndexedDB round trip) and the server (one query for a whole push) can fetch them in
 * one batch instead of one read each. Only a guess: the handler still asks for what it needs, and
 * anything missed is loaded then (a wrong or missing hint costs time, never correctness).
 * Arguments may be unparsed, hence the type checks.
 */

type Args = Record<string, unknown>;

const str = (v: unknown): v is string => typeof v === 'string';

function key(type: SyncEntityType, id: unknown): string[] {
  return str(id) ? [recordKey(type, id)] : [];
}

const HINTS: Partial<Record<MutationName, (a: Args) => string[]>> = {
  'inspection.start': (a) => [...key('plan', a.planId), ...key('inspection', a.id)],
  'inspection.answer': (a) => [
    ...key('inspection', a.inspectionId),
    ...(str(a.inspectionId) && str(a.itemId)
      ? key('answer', answerRecordId(a.inspectionId, a.itemId))
      : []),
  ],
  'inspection.submit': (a) => key('inspection', a.id),
  'note.add': (a) => [...key('inspection', a.inspectionId), ...key('note', a.id)],
  'note.update': (a) => key('note', a.id),
  'note.delete': (a) => key('note', a.id),
  'finding.create': (a) => [
    ...key('plan', a.planId),
    ...key('inspection', a.inspectionId),
    ...key('finding', a.id),
  ],
  'finding.update': (a) => key('finding', a.id),
  'finding.delete': (a) => key('finding', a.id),
  'attachment.attach': (a) => [...key('inspection', a.inspectionId), ...key('attachment', a.id)],
  'conflict.resolve': (a) => key('conflict', a.id),
  'followup.verdict': (a) => [
    ...key('inspection', a.inspectionId),
    ...(str(a.inspectionId) &&
    (a.targetKind === 'rectification' || a.targetKind === 'finding') &&
    str(a.targetId)
      ? key('verdict', verdictRecordId(a.inspectionId, a.targetKind, a.targetId))
      : []),
  ],
  'talk.create': (a) => [
    ...key('plan', a.planId),
    ...key('inspection', a.inspectionId),
    ...key('talk', a.id),
  ],
  'talk.update': (a) => key('talk', a.id),
  'talk.sign': (a) => key('talk', a.id),
  'inspection.return': (a) => key('inspection', a.id),
};

export function readHints(name: string, args: unknown): string[] {
  const hint = HINTS[name as MutationName];
  if (!hint || typeof args !== 'object' || args === null) return [];
  return hint(args as Args);
}
