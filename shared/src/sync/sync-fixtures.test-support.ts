import type { ApplyContext, PlanAccess } from './mutation-def';
import {
  applyMutation,
  parseMutationArgs,
  type ApplyResult,
  type MutationName,
} from './mutation-registry';
import { SYNC_SCHEMA_VERSION } from './protocol';
import { createRecord, type WriteContext } from './field-merge';
import {
  recordKey,
  templateRecordId,
  type RecordFields,
  type RecordView,
  type SyncEntityType,
  type SyncRecord,
} from './sync-record';
import { simId } from './sync-simulation-world';

/** Test fixtures shared by the sync unit tests. */

export const USER_A = simId(1, 0xa);
export const USER_B = simId(1, 0xb);
export const DEVICE_A = simId(0xd, 0xa);
export const DEVICE_B = simId(0xd, 0xb);
export const PLAN = simId(3, 0xa);
export const OTHER_PLAN = simId(3, 0xb);
export const INSPECTION = simId(7, 0xa);
export const ITEM = simId(5, 0xa);
export const T = (n: number) => new Date(Date.UTC(2026, 2, 1, 9, 0, n)).toISOString();

export function writeCtx(over: Partial<WriteContext> = {}): WriteContext {
  return {
    userId: USER_A,
    deviceId: DEVICE_A,
    mutationId: 1,
    version: 10,
    at: T(10),
    recordConflicts: true,
    ...over,
  };
}

export function applyCtx(
  over: Partial<WriteContext> = {},
  access: Record<string, PlanAccess> = { [PLAN]: 'write' },
): ApplyContext {
  const ctx = writeCtx(over);
  return { ...ctx, actedAt: ctx.at, access: (planId) => access[planId] ?? 'none' };
}

/** A record store the way the server keeps it; `apply` runs a handler and commits its writes. */
export class MemoryStore implements RecordView {
  readonly records = new Map<string, SyncRecord>();

  constructor(records: readonly SyncRecord[] = []) {
    for (const r of records) this.put(r);
  }

  get(type: SyncEntityType, id: string): SyncRecord | undefined {
    return this.records.get(recordKey(type, id));
  }

  put(r: SyncRecord): void {
    this.records.set(recordKey(r.type, r.id), r);
  }

  ofType(type: SyncEntityType): SyncRecord[] {
    return [...this.records.values()].filter((r) => r.type === type);
  }

  /** Validates at the current schema version, then applies: what the server does. */
  apply(name: MutationName, args: unknown, ctx: ApplyContext): ApplyResult {
    const parsed = parseMutationArgs(name, SYNC_SCHEMA_VERSION, args);
    if (!parsed.ok) throw parsed.error ?? new Error(parsed.reason);
    const out = applyMutation(name, parsed.args, this, ctx);
    if (out.status === 'applied') for (const w of out.writes) this.put(w);
    return out;
  }
}

export function seedInspection(status = 'draft', planId = PLAN, id = INSPECTION): SyncRecord {
  return createRecord(
    'inspection',
    id,
    planId,
    {
      planId,
      templateId: simId(4, 1),
      templateVersion: 1,
      status,
      startedBy: USER_A,
      startedAt: T(0),
      place: null,
      endedAt: null,
      submittedAt: null,
      submittedBy: null,
    },
    writeCtx({ version: 1, at: T(1) }),
  );
}

/** What a template item says about completeness (the rest of the item does not matter here). */
export interface TemplateItemSeed {
  id: string;
  answerKind?: string;
  required?: boolean;
  evidenceRequired?: boolean;
}

/**
 * The checklist `seedInspection` pins (template 4-1, version 1), as the server mirrors it: by
 * default one optional conformity item, `ITEM`, so a visit may be submitted unanswered.
 */
export function seedTemplate(
  items: readonly TemplateItemSeed[] = [{ id: ITEM, required: false }],
): SyncRecord {
  return createRecord(
    'template',
    templateRecordId(simId(4, 1), 1),
    null,
    {
      id: simId(4, 1),
      version: 1,
      title: '检查表',
      sections: [
        {
          id: simId(0x5e, 1),
          title: '第一部分',
          weight: 1,
          items: items.map((i, n) => ({
            id: i.id,
            title: `第 ${n + 1} 项`,
            answerKind: i.answerKind ?? 'conformity',
            maxScore: 10,
            required: i.required ?? true,
            evidenceRequired: i.evidenceRequired ?? false,
          })),
        },
      ],
    },
    writeCtx({ version: 1, at: T(0) }),
  );
}

export function record(
  type: SyncEntityType,
  id: string,
  fields: RecordFields,
  ctx: Partial<WriteContext> = {},
  planId: string = PLAN,
): SyncRecord {
  return createRecord(type, id, planId, fields, writeCtx({ version: 1, at: T(1), ...ctx }));
}
