import { describe, expect, it } from 'vitest';
import type { ApplyContext } from '../mutation-def';
import { parseMutationArgs } from '../mutation-registry';
import { simId } from '../sync-simulation-world';
import {
  DEVICE_B,
  INSPECTION,
  ITEM,
  MemoryStore,
  PLAN,
  T,
  USER_A,
  USER_B,
  applyCtx,
  seedInspection,
  seedTemplate,
} from '../sync-fixtures.test-support';

/** The reviewer: may see the plan (read) and review it, but is not on its team. */
const reviewer = (version: number, canReview = true, access: 'read' | 'write' = 'read') => ({
  ...applyCtx({ userId: USER_B, deviceId: DEVICE_B, version, at: T(version) }, { [PLAN]: access }),
  canReview: (planId: string) => canReview && planId === PLAN,
});
const team = (version: number, mutationId = 1): ApplyContext =>
  applyCtx({ version, at: T(version), mutationId });
const returnArgs = (returnedAt: string, text = '第 3 项缺少佐证材料') => ({
  id: INSPECTION,
  returnedAt,
  comments: [
    { itemId: ITEM, text },
    { itemId: null, text: '请补充谈话记录' },
  ],
});

describe('inspection.return', () => {
  it('sends a submitted visit back with the reviewer’s comments', () => {
    const store = new MemoryStore([seedInspection('submitted')]);
    expect(store.apply('inspection.return', returnArgs(T(5)), reviewer(6)).status).toBe('applied');
    expect(store.get('inspection', INSPECTION)?.fields).toMatchObject({
      status: 'returned',
      returnedAt: T(5),
      returnedBy: USER_B,
      reviewComments: [
        { itemId: ITEM, text: '第 3 项缺少佐证材料', by: USER_B, at: T(5) },
        { itemId: null, text: '请补充谈话记录', by: USER_B, at: T(5) },
      ],
    });
  });

  it('lets the team edit and submit again, and keeps every round of comments', () => {
    const store = new MemoryStore([seedInspection('submitted'), seedTemplate()]);
    store.apply('inspection.return', returnArgs(T(5)), reviewer(6));
    const answer = {
      inspectionId: INSPECTION,
      itemId: ITEM,
      set: { remark: '已补充材料' },
      base: { remark: null },
    };
    expect(store.apply('inspection.answer', answer, team(7, 1)).status).toBe('applied');
    expect(
      store.apply('inspection.submit', { id: INSPECTION, submittedAt: T(8) }, team(8, 2)).status,
    ).toBe('applied');
    expect(store.get('inspection', INSPECTION)?.fields).toMatchObject({
      status: 'submitted',
      submittedAt: T(8),
    });
    store.apply('inspection.return', returnArgs(T(9), '佐证材料仍不完整'), reviewer(9));
    const fields = store.get('inspection', INSPECTION)!.fields;
    expect(fields.returnedAt).toBe(T(9));
    expect((fields.reviewComments as { text: string; at: string }[]).map((c) => c.text)).toEqual([
      '第 3 项缺少佐证材料',
      '请补充谈话记录',
      '佐证材料仍不完整',
      '请补充谈话记录',
    ]);
  });

  it('refuses callers who may not review: team members without the right, hidden plans', () => {
    const store = new MemoryStore([seedInspection('submitted')]);
    expect(store.apply('inspection.return', returnArgs(T(5)), reviewer(6, false, 'write'))).toEqual(
      { status: 'rejected', reason: 'auth.forbidden' },
    );
    const hidden = { ...applyCtx({}, {}), canReview: () => true };
    expect(store.apply('inspection.return', returnArgs(T(5)), hidden)).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect(new MemoryStore().apply('inspection.return', returnArgs(T(5)), reviewer(6))).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect(store.get('inspection', INSPECTION)?.fields.status).toBe('submitted');
  });

  it('returns only a submitted visit', () => {
    for (const status of ['draft', 'returned', 'approved']) {
      const store = new MemoryStore([seedInspection(status)]);
      expect(store.apply('inspection.return', returnArgs(T(5)), reviewer(6)), status).toEqual({
        status: 'rejected',
        reason: 'sync.inspection_not_submitted',
      });
    }
  });

  it('goes through on a device that does not know the policy: the server decides', () => {
    const store = new MemoryStore([seedInspection('submitted')]);
    const device = applyCtx({ userId: USER_A, version: 0 }, { [PLAN]: 'write' });
    expect(store.apply('inspection.return', returnArgs(T(5)), device).status).toBe('applied');
  });

  it('needs 1 to 500 comments, each saying something', () => {
    const parse = (comments: unknown[]) =>
      parseMutationArgs('inspection.return', 2, { id: INSPECTION, returnedAt: T(1), comments }).ok;
    expect(parse([{ itemId: null, text: '请补充' }])).toBe(true);
    expect(parse([])).toBe(false);
    expect(parse([{ itemId: null, text: '  ' }])).toBe(false);
    expect(parse(Array.from({ length: 501 }, () => ({ itemId: null, text: '意见' })))).toBe(false);
  });
});

describe('inspection.submit checks completeness against the pinned template', () => {
  const A = simId(5, 0xa1);
  const B = simId(5, 0xb2);
  const C = simId(5, 0xc3);
  const H = 'e'.repeat(64);
  /** A: required, needs a photo; B: required text; C: optional, needs a photo when answered. */
  const template = () =>
    seedTemplate([
      { id: A, evidenceRequired: true },
      { id: B, answerKind: 'text' },
      { id: C, answerKind: 'number', required: false, evidenceRequired: true },
    ]);
  let step = 1;
  const answer = (store: MemoryStore, itemId: string, set: Record<string, unknown>) => {
    step += 1;
    const base = Object.fromEntries(Object.keys(set).map((k) => [k, null]));
    const out = store.apply(
      'inspection.answer',
      { inspectionId: INSPECTION, itemId, set, base },
      team(step, step),
    );
    expect(out.status).toBe('applied');
  };
  const submit = (store: MemoryStore) =>
    store.apply('inspection.submit', { id: INSPECTION, submittedAt: T(50) }, team(50, 50));
  const status = (store: MemoryStore) => store.get('inspection', INSPECTION)?.fields.status;

  it('refuses while a required item is unanswered, and changes nothing', () => {
    const store = new MemoryStore([seedInspection(), template()]);
    answer(store, A, { answer: { kind: 'conformity', value: 'conforms' }, evidence: [H] });
    const before = store.get('inspection', INSPECTION);
    expect(submit(store)).toEqual({ status: 'rejected', reason: 'sync.inspection_incomplete' });
    expect(store.get('inspection', INSPECTION)).toBe(before);
  });

  it('counts a blank text, a cleared answer, a remark alone and a wrong kind as unanswered', () => {
    const store = new MemoryStore([seedInspection(), template()]);
    answer(store, A, { answer: { kind: 'score', value: 3 }, evidence: [H] });
    answer(store, B, { answer: { kind: 'text', value: '   ' } });
    expect(submit(store)).toMatchObject({ reason: 'sync.inspection_incomplete' });
    const fixed = new MemoryStore([seedInspection(), template()]);
    answer(fixed, A, { answer: { kind: 'conformity', value: 'conforms' }, evidence: [H] });
    answer(fixed, B, { remark: '只写了备注' });
    expect(submit(fixed)).toMatchObject({ reason: 'sync.inspection_incomplete' });
  });

  it('refuses an answered item that needs evidence and has none, except 不适用', () => {
    const store = new MemoryStore([seedInspection(), template()]);
    answer(store, A, { answer: { kind: 'conformity', value: 'nonconforming' } });
    answer(store, B, { answer: { kind: 'text', value: '已查阅台账' } });
    expect(submit(store)).toEqual({
      status: 'rejected',
      reason: 'sync.inspection_evidence_missing',
    });
    expect(status(store)).toBe('draft');
    const na = new MemoryStore([seedInspection(), template()]);
    answer(na, A, { answer: { kind: 'conformity', value: 'not_applicable' } });
    answer(na, B, { answer: { kind: 'text', value: '已查阅台账' } });
    expect(submit(na).status).toBe('applied');
    expect(status(na)).toBe('submitted');
  });

  it('submits once every required item is answered with its evidence', () => {
    const store = new MemoryStore([seedInspection(), template()]);
    answer(store, A, { answer: { kind: 'conformity', value: 'conforms' }, evidence: [H] });
    answer(store, B, { answer: { kind: 'text', value: '已查阅台账' } });
    answer(store, C, { answer: { kind: 'number', value: 2 } });
    expect(submit(store)).toMatchObject({ reason: 'sync.inspection_evidence_missing' });
    answer(store, C, { evidence: [H] });
    expect(submit(store).status).toBe('applied');
    expect(status(store)).toBe('submitted');
  });

  it('refuses a visit whose pinned template is not there', () => {
    const store = new MemoryStore([seedInspection()]);
    expect(submit(store)).toEqual({ status: 'rejected', reason: 'sync.template_missing' });
    expect(status(store)).toBe('draft');
  });

  it('a returned visit is checked again when submitted again', () => {
    const store = new MemoryStore([seedInspection('returned'), template()]);
    expect(submit(store)).toMatchObject({ reason: 'sync.inspection_incomplete' });
    expect(status(store)).toBe('returned');
  });
});
