import { describe, expect, it } from 'vitest';
import { parseMutationArgs } from '../mutation-registry';
import { verdictRecordId } from '../sync-record';
import {
  DEVICE_B,
  INSPECTION,
  MemoryStore,
  OTHER_PLAN,
  PLAN,
  T,
  USER_A,
  USER_B,
  applyCtx,
  record,
  seedInspection,
} from '../sync-fixtures.test-support';

const LEDGER_ITEM = '00000000-0000-4000-8000-0000000000e1';
const HASH = 'cd'.repeat(32);
const planRecord = (kind: string, id = PLAN) =>
  record('plan', id, { title: '回头看', kind }, {}, id);
const ctxA = (version: number, mutationId = 1) => applyCtx({ version, at: T(version), mutationId });
const ctxB = (version: number) =>
  applyCtx({ userId: USER_B, deviceId: DEVICE_B, version, at: T(version), mutationId: 1 });
const verdictArgs = (set: Record<string, unknown>, base: Record<string, unknown> = {}) => ({
  inspectionId: INSPECTION,
  targetKind: 'rectification',
  targetId: LEDGER_ITEM,
  set,
  base: { ...Object.fromEntries(Object.keys(set).map((k) => [k, null])), ...base },
});
const followUpStore = (status = 'draft') =>
  new MemoryStore([planRecord('follow_up'), seedInspection(status)]);
const ID = verdictRecordId(INSPECTION, 'rectification', LEDGER_ITEM);

describe('followup.verdict', () => {
  it('records a judgement on one target, named by visit and target', () => {
    const store = followUpStore();
    const out = store.apply(
      'followup.verdict',
      verdictArgs({ verdict: 'relapsed', comment: '包间又恢复使用' }),
      ctxA(2),
    );
    expect(out.status).toBe('applied');
    expect(ID).toBe(`${INSPECTION}:rectification:${LEDGER_ITEM}`);
    const rec = store.get('verdict', ID)!;
    expect(rec.planId).toBe(PLAN);
    expect(rec.fields).toEqual({
      inspectionId: INSPECTION,
      targetKind: 'rectification',
      targetId: LEDGER_ITEM,
      verdict: 'relapsed',
      comment: '包间又恢复使用',
      judgedBy: USER_A,
      judgedAt: T(2),
    });
  });

  it('merges two inspectors judging the same target offline, and keeps an overwritten verdict', () => {
    const store = followUpStore();
    store.apply('followup.verdict', verdictArgs({ verdict: 'partial' }), ctxA(2));
    store.apply('followup.verdict', verdictArgs({ evidence: [HASH] }), ctxB(3));
    // B never saw A's "partial" and writes "rectified" over it: the loser is kept.
    store.apply('followup.verdict', verdictArgs({ verdict: 'rectified' }), ctxB(4));
    expect(store.get('verdict', ID)?.fields).toMatchObject({
      verdict: 'rectified',
      evidence: [HASH],
      judgedBy: USER_B,
    });
    expect(store.ofType('conflict').map((c) => c.fields)).toEqual([
      expect.objectContaining({
        kind: 'concurrent_edit',
        entity: 'verdict',
        field: 'verdict',
        overwrittenValue: 'partial',
        overwrittenBy: USER_A,
        winnerValue: 'rectified',
      }),
    ]);
    // Clearing the verdict is a verdict too.
    store.apply(
      'followup.verdict',
      verdictArgs({ verdict: null }, { verdict: 'rectified' }),
      ctxA(5, 2),
    );
    expect(store.get('verdict', ID)?.fields.verdict).toBeNull();
  });

  it('is judged on findings that never became a ledger item too', () => {
    const store = followUpStore();
    const args = { ...verdictArgs({ verdict: 'not_rectified' }), targetKind: 'finding' };
    expect(store.apply('followup.verdict', args, ctxA(2)).status).toBe('applied');
    expect(store.get('verdict', verdictRecordId(INSPECTION, 'finding', LEDGER_ITEM))).toBeDefined();
  });

  it('refuses visits the caller may not see or change, and locked visits', () => {
    const args = verdictArgs({ verdict: 'rectified' });
    expect(
      new MemoryStore([planRecord('follow_up')]).apply('followup.verdict', args, ctxA(2)),
    ).toEqual({ status: 'rejected', reason: 'common.not_found' });
    const hidden = applyCtx({}, { [OTHER_PLAN]: 'write' });
    expect(followUpStore().apply('followup.verdict', args, hidden)).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    const readOnly = applyCtx({}, { [PLAN]: 'read' });
    expect(followUpStore().apply('followup.verdict', args, readOnly)).toEqual({
      status: 'rejected',
      reason: 'auth.forbidden',
    });
    expect(followUpStore('submitted').apply('followup.verdict', args, ctxA(2))).toEqual({
      status: 'rejected',
      reason: 'sync.inspection_locked',
    });
    expect(followUpStore('returned').apply('followup.verdict', args, ctxA(2)).status).toBe(
      'applied',
    );
  });

  it('refuses a visit whose plan is not a 回头看', () => {
    const store = new MemoryStore([planRecord('unannounced'), seedInspection()]);
    expect(store.apply('followup.verdict', verdictArgs({ verdict: 'rectified' }), ctxA(2))).toEqual(
      { status: 'rejected', reason: 'sync.not_follow_up' },
    );
    expect(store.ofType('verdict')).toEqual([]);
  });

  it('validates its arguments', () => {
    const parse = (args: object) => parseMutationArgs('followup.verdict', 2, args).ok;
    expect(parse(verdictArgs({ verdict: 'relapsed' }))).toBe(true);
    expect(parse(verdictArgs({ verdict: 'backslid' }))).toBe(false);
    expect(parse({ ...verdictArgs({ verdict: 'relapsed' }), targetKind: 'plan' })).toBe(false);
    expect(parse(verdictArgs({ evidence: ['not-a-hash'] }))).toBe(false);
    expect(parse(verdictArgs({ judgedBy: USER_A }))).toBe(false);
    expect(parseMutationArgs('followup.verdict', 1, verdictArgs({ verdict: null }))).toMatchObject({
      ok: false,
      reason: 'sync.schema_unsupported',
    });
  });
});
