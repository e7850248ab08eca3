import { describe, expect, it } from 'vitest';
import { parseMutationArgs } from '../mutation-registry';
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
  seedInspection,
} from '../sync-fixtures.test-support';

const TALK = '00000000-0000-4000-8000-0000000000f1';
const UNIT = '00000000-0000-4000-8000-0000000000c1';
const COMMITMENT = '00000000-0000-4000-8000-0000000000f2';
const SIGNATURE = 'ef'.repeat(32);
const ctxA = (version: number, mutationId = 1) => applyCtx({ version, at: T(version), mutationId });
const ctxB = (version: number) =>
  applyCtx({ userId: USER_B, deviceId: DEVICE_B, version, at: T(version), mutationId: 1 });
const participants = [
  { name: '王某', position: '县委书记', role: 'subject' },
  { name: '李华', role: 'talker' },
];
const createArgs = {
  id: TALK,
  planId: PLAN,
  unitId: UNIT,
  heldAt: T(1),
  participants,
  createdAt: T(1),
};

function created(): MemoryStore {
  const store = new MemoryStore([seedInspection()]);
  expect(store.apply('talk.create', createArgs, ctxA(2)).status).toBe('applied');
  return store;
}

const asked = [{ question: '对反映的问题如何认识？', answer: '' }];

/** A record with a 谈话人, a 谈话对象 and a question: ready to be signed. */
function complete(): MemoryStore {
  const store = created();
  const patch = { id: TALK, set: { exchanges: asked }, base: { exchanges: [] } };
  expect(store.apply('talk.update', patch, ctxA(3, 2)).status).toBe('applied');
  return store;
}

describe('talk.create', () => {
  it('opens an unsigned record with defaults for what was not said yet', () => {
    const rec = created().get('talk', TALK)!;
    expect(rec.planId).toBe(PLAN);
    expect(rec.fields).toEqual({
      planId: PLAN,
      inspectionId: null,
      unitId: UNIT,
      heldAt: T(1),
      place: '',
      participants: [
        { name: '王某', position: '县委书记', role: 'subject', unitId: null, userId: null },
        { name: '李华', position: '', role: 'talker', unitId: null, userId: null },
      ],
      exchanges: [],
      commitments: [],
      signatureSha256: null,
      signedAt: null,
      signedBy: null,
      createdBy: USER_A,
      createdAt: T(1),
      updatedAt: T(1),
    });
  });

  it('may belong to an editable visit of the same plan', () => {
    const store = new MemoryStore([seedInspection()]);
    const args = { ...createArgs, inspectionId: INSPECTION };
    expect(store.apply('talk.create', args, ctxA(2)).status).toBe('applied');
    expect(store.get('talk', TALK)?.fields.inspectionId).toBe(INSPECTION);
  });

  it('refuses plans the caller may not see or change, wrong or locked visits, duplicates', () => {
    const reject = (reason: string) => ({ status: 'rejected', reason });
    const store = new MemoryStore([
      seedInspection(),
      seedInspection('draft', OTHER_PLAN, '00000000-0000-4000-8000-0000000000a9'),
    ]);
    expect(store.apply('talk.create', { ...createArgs, planId: OTHER_PLAN }, ctxA(2))).toEqual(
      reject('common.not_found'),
    );
    const readOnly = applyCtx({}, { [PLAN]: 'read' });
    expect(store.apply('talk.create', createArgs, readOnly)).toEqual(reject('auth.forbidden'));
    const both = applyCtx({}, { [PLAN]: 'write', [OTHER_PLAN]: 'write' });
    const foreignVisit = { ...createArgs, inspectionId: '00000000-0000-4000-8000-0000000000a9' };
    expect(store.apply('talk.create', foreignVisit, both)).toEqual(reject('common.not_found'));
    const locked = new MemoryStore([seedInspection('submitted')]);
    expect(
      locked.apply('talk.create', { ...createArgs, inspectionId: INSPECTION }, ctxA(2)),
    ).toEqual(reject('sync.inspection_locked'));
    const again = created();
    expect(again.apply('talk.create', createArgs, ctxA(3))).toEqual(reject('sync.already_exists'));
  });

  it('needs someone present and a place of at most 200 characters', () => {
    const parse = (args: object) => parseMutationArgs('talk.create', 2, args).ok;
    expect(parse(createArgs)).toBe(true);
    expect(parse({ ...createArgs, participants: [] })).toBe(false);
    expect(parse({ ...createArgs, place: '会'.repeat(201) })).toBe(false);
    expect(parseMutationArgs('talk.create', 1, createArgs)).toMatchObject({
      reason: 'sync.schema_unsupported',
    });
  });
});

describe('talk.update', () => {
  it('patches fields independently and keeps an overwritten value', () => {
    const store = created();
    const exchanges = [{ question: '问题一', answer: '已整改' }];
    store.apply(
      'talk.update',
      { id: TALK, set: { place: '县委会议室' }, base: { place: '' } },
      ctxA(3, 2),
    );
    store.apply('talk.update', { id: TALK, set: { exchanges }, base: { exchanges: [] } }, ctxB(4));
    store.apply(
      'talk.update',
      { id: TALK, set: { place: '县纪委' }, base: { place: '' } },
      ctxB(5),
    );
    expect(store.get('talk', TALK)?.fields).toMatchObject({
      place: '县纪委',
      exchanges,
      updatedAt: T(5),
    });
    expect(store.ofType('conflict').map((c) => c.fields.overwrittenValue)).toEqual(['县委会议室']);
  });

  it('refuses missing or invisible records, read-only callers and signed records', () => {
    const patch = { id: TALK, set: { place: '会议室' }, base: { place: '' } };
    expect(new MemoryStore().apply('talk.update', patch, ctxA(3))).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect(created().apply('talk.update', patch, applyCtx({}, {}))).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect(created().apply('talk.update', patch, applyCtx({}, { [PLAN]: 'read' }))).toEqual({
      status: 'rejected',
      reason: 'auth.forbidden',
    });
    const signed = complete();
    signed.apply('talk.sign', { id: TALK, signatureSha256: SIGNATURE, signedAt: T(4) }, ctxA(4));
    expect(signed.apply('talk.update', patch, ctxA(5))).toEqual({
      status: 'rejected',
      reason: 'sync.talk_signed',
    });
    expect(signed.get('talk', TALK)?.fields.place).toBe('');
  });

  it('validates patched fields', () => {
    const parse = (set: object) =>
      parseMutationArgs('talk.update', 2, {
        id: TALK,
        set,
        base: Object.fromEntries(Object.keys(set).map((k) => [k, null])),
      }).ok;
    expect(parse({ commitments: [{ id: COMMITMENT, text: '一个月内整改到位' }] })).toBe(true);
    expect(parse({ participants: [] })).toBe(false);
    expect(parse({ signatureSha256: SIGNATURE })).toBe(false);
    expect(parse({ unitId: UNIT })).toBe(false);
  });
});

describe('talk.sign', () => {
  const sign = (signatureSha256: string) => ({ id: TALK, signatureSha256, signedAt: T(4) });
  const exchanges = asked;

  it('makes the record final; signing again with the same signature is done', () => {
    const store = complete();
    expect(store.apply('talk.sign', sign(SIGNATURE), ctxB(4)).status).toBe('applied');
    expect(store.get('talk', TALK)?.fields).toMatchObject({
      signatureSha256: SIGNATURE,
      signedAt: T(4),
      signedBy: USER_B,
      updatedAt: T(4),
    });
    expect(store.apply('talk.sign', sign(SIGNATURE), ctxA(5))).toEqual({
      status: 'applied',
      writes: [],
    });
    expect(store.apply('talk.sign', sign('01'.repeat(32)), ctxA(6))).toEqual({
      status: 'rejected',
      reason: 'sync.talk_signed',
    });
    expect(store.get('talk', TALK)?.fields.signatureSha256).toBe(SIGNATURE);
  });

  it('needs a 谈话人, a 谈话对象 and a question, as merged when it arrives', () => {
    const store = created();
    expect(store.apply('talk.sign', sign(SIGNATURE), ctxA(4))).toEqual({
      status: 'rejected',
      reason: 'sync.talk_incomplete',
    });
    const patch = { id: TALK, set: { exchanges }, base: { exchanges: [] } };
    store.apply('talk.update', patch, ctxA(5, 2));
    // A teammate took the 谈话人 off the list before the signature arrived.
    const onlySubject = { participants: [participants[0]] };
    store.apply('talk.update', { id: TALK, set: onlySubject, base: { participants } }, ctxB(6));
    expect(store.apply('talk.sign', sign(SIGNATURE), ctxA(7, 3))).toEqual({
      status: 'rejected',
      reason: 'sync.talk_incomplete',
    });
    expect(store.get('talk', TALK)?.fields.signatureSha256).toBeNull();
    store.apply('talk.update', { id: TALK, set: { participants }, base: onlySubject }, ctxB(8));
    expect(store.apply('talk.sign', sign(SIGNATURE), ctxA(9, 4)).status).toBe('applied');
  });

  it('refuses missing or invisible records and read-only callers', () => {
    expect(new MemoryStore().apply('talk.sign', sign(SIGNATURE), ctxA(3))).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect(complete().apply('talk.sign', sign(SIGNATURE), applyCtx({}, {}))).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect(
      complete().apply('talk.sign', sign(SIGNATURE), applyCtx({}, { [PLAN]: 'read' })),
    ).toEqual({ status: 'rejected', reason: 'auth.forbidden' });
    expect(parseMutationArgs('talk.sign', 2, sign('nope')).ok).toBe(false);
  });
});
