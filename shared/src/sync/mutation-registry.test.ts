import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { isMessageKey } from '../i18n/messages';
import type { FieldConflict } from './field-merge';
import {
  MUTATIONS,
  MUTATION_NAMES,
  acceptedSchemaVersions,
  applyMutation,
  createMutation,
  parseMutationArgs,
  runMutation,
  upgradeMutation,
} from './mutation-registry';
import { SYNC_SCHEMA_VERSION } from './protocol';
import { answerRecordId } from './sync-record';
import {
  DEVICE_B,
  INSPECTION,
  ITEM,
  MemoryStore,
  OTHER_PLAN,
  PLAN,
  T,
  USER_A,
  USER_B,
  applyCtx,
  record,
  seedInspection,
  seedTemplate,
} from './sync-fixtures.test-support';

const NOTE = '00000000-0000-4000-8000-0000000000a1';
const FINDING = '00000000-0000-4000-8000-0000000000b1';
const HASH = 'ab'.repeat(32);
const ctxB = (version: number, mutationId = 1) =>
  applyCtx({ userId: USER_B, deviceId: DEVICE_B, version, at: T(version), mutationId });
const ctxA = (version: number, mutationId = 1) => applyCtx({ version, at: T(version), mutationId });

const findingArgs = {
  id: FINDING,
  planId: PLAN,
  inspectionId: INSPECTION,
  itemId: null,
  unitId: '00000000-0000-4000-8000-0000000000c1',
  category: 'eight_rules',
  severity: 'medium',
  title: '超标准公务接待',
  description: '三次接待超出标准',
  createdAt: T(3),
} as const;

describe('the registry', () => {
  it('defines every intent once, under its own name', () => {
    for (const [name, def] of Object.entries(MUTATIONS)) expect(def.name).toBe(name);
    expect(MUTATION_NAMES).toEqual(
      expect.arrayContaining([
        'inspection.start',
        'inspection.answer',
        'note.add',
        'note.update',
        'note.delete',
        'finding.create',
        'finding.update',
        'finding.delete',
        'inspection.submit',
        'attachment.attach',
      ]),
    );
  });

  it('accepts the current and the previous schema version, except for newer intents', () => {
    expect(acceptedSchemaVersions('note.add')).toEqual([1, 2]);
    expect(acceptedSchemaVersions('finding.update')).toEqual([1, 2]);
    expect(acceptedSchemaVersions('conflict.resolve')).toEqual([2]);
  });

  it('upgrades a version-1 note (text in `body`, visit notes only) to version 2', () => {
    const v1 = { id: NOTE, inspectionId: INSPECTION, body: '食堂无公示', createdAt: T(1) };
    expect(parseMutationArgs('note.add', 1, v1)).toEqual({
      ok: true,
      name: 'note.add',
      args: {
        id: NOTE,
        inspectionId: INSPECTION,
        itemId: null,
        text: '食堂无公示',
        createdAt: T(1),
      },
    });
    // Each version is held to its own shape.
    expect(parseMutationArgs('note.add', 2, v1)).toMatchObject({
      ok: false,
      reason: 'sync.invalid_args',
    });
    const v2 = { id: NOTE, inspectionId: INSPECTION, itemId: ITEM, text: '记录', createdAt: T(1) };
    expect(parseMutationArgs('note.add', 1, v2)).toMatchObject({
      ok: false,
      reason: 'sync.invalid_args',
    });
    expect(parseMutationArgs('note.add', 2, v2)).toMatchObject({ ok: true, args: v2 });
  });

  it('upgrades an outbox entry in place, keeping its number', () => {
    const m = {
      id: 7,
      name: 'note.add',
      args: { id: NOTE, inspectionId: INSPECTION, body: '旧版本', createdAt: T(1) },
      schemaVersion: 1,
      clientTime: T(1),
    };
    expect(upgradeMutation(m)).toEqual({
      ok: true,
      mutation: {
        ...m,
        schemaVersion: SYNC_SCHEMA_VERSION,
        args: { id: NOTE, inspectionId: INSPECTION, itemId: null, text: '旧版本', createdAt: T(1) },
      },
    });
    expect(upgradeMutation({ ...m, name: 'nope' })).toEqual({
      ok: false,
      reason: 'sync.unknown_mutation',
    });
  });

  it('refuses unknown names and versions it does not accept', () => {
    expect(parseMutationArgs('toString', 2, {})).toMatchObject({ reason: 'sync.unknown_mutation' });
    expect(parseMutationArgs('note.add', 3, {})).toMatchObject({
      reason: 'sync.schema_unsupported',
    });
    expect(parseMutationArgs('conflict.resolve', 1, { id: 'c', action: 'keep' })).toMatchObject({
      reason: 'sync.schema_unsupported',
    });
  });

  it('validates field patches: something to set, a base for each field, known fields only', () => {
    const parse = (args: object) =>
      parseMutationArgs('finding.update', 2, { id: FINDING, ...args });
    const issues = (args: object) => {
      const r = parse(args);
      return r.ok ? [] : (r.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);
    };
    expect(issues({ set: {}, base: {} })).toEqual([['set', 'sync.empty_patch']]);
    expect(issues({ set: { title: '新' }, base: {} })).toEqual([
      ['base.title', 'sync.base_required'],
    ]);
    expect(parse({ set: { createdBy: USER_B }, base: { createdBy: USER_A } }).ok).toBe(false);
    expect(parse({ set: { title: '新' }, base: { title: { any: ['json'] } } }).ok).toBe(true);
  });

  it('creates mutations at the current version and refuses invalid arguments at once', () => {
    const m = createMutation(
      'inspection.submit',
      { id: INSPECTION, submittedAt: T(5) },
      { id: 3, clientTime: T(5) },
    );
    expect(m).toEqual({
      id: 3,
      name: 'inspection.submit',
      args: { id: INSPECTION, submittedAt: T(5) },
      schemaVersion: SYNC_SCHEMA_VERSION,
      clientTime: T(5),
    });
    expect(() =>
      createMutation(
        'note.add',
        { id: NOTE, inspectionId: INSPECTION, itemId: null, text: ' ', createdAt: T(1) },
        {
          id: 1,
          clientTime: T(1),
        },
      ),
    ).toThrow(ZodError);
  });

  it('uses catalogue keys for every custom validation message', () => {
    const r = parseMutationArgs('finding.update', 2, { id: FINDING, set: {}, base: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) for (const i of r.error!.issues) expect(isMessageKey(i.message)).toBe(true);
  });
});

describe('handlers', () => {
  it('inspection.start pins the template and refuses plans the caller may not change', () => {
    const store = new MemoryStore();
    const args = {
      id: INSPECTION,
      planId: PLAN,
      templateId: '00000000-0000-4000-8000-0000000000d1',
      templateVersion: 3,
      startedAt: T(1),
    };
    expect(store.apply('inspection.start', args, ctxA(2)).status).toBe('applied');
    expect(store.get('inspection', INSPECTION)?.fields).toMatchObject({
      status: 'draft',
      templateVersion: 3,
      startedBy: USER_A,
      place: null,
    });
    expect(store.apply('inspection.start', args, ctxA(3))).toEqual({
      status: 'rejected',
      reason: 'sync.already_exists',
    });
    const elsewhere = { ...args, id: NOTE, planId: OTHER_PLAN };
    expect(store.apply('inspection.start', elsewhere, ctxA(4))).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
    const readOnly = applyCtx({}, { [OTHER_PLAN]: 'read' });
    expect(store.apply('inspection.start', elsewhere, readOnly)).toEqual({
      status: 'rejected',
      reason: 'auth.forbidden',
    });
  });

  it('inspection.answer lands two devices answering one item on one record, merging fields', () => {
    const store = new MemoryStore([seedInspection()]);
    const answer = { kind: 'conformity', value: 'nonconforming' } as const;
    store.apply(
      'inspection.answer',
      { inspectionId: INSPECTION, itemId: ITEM, set: { answer }, base: { answer: null } },
      ctxA(2),
    );
    store.apply(
      'inspection.answer',
      {
        inspectionId: INSPECTION,
        itemId: ITEM,
        set: { evidence: [HASH] },
        base: { evidence: null },
      },
      ctxB(3),
    );
    const rec = store.get('answer', answerRecordId(INSPECTION, ITEM));
    expect(rec?.fields).toEqual({
      inspectionId: INSPECTION,
      itemId: ITEM,
      answer,
      evidence: [HASH],
      answeredBy: USER_B,
      answeredAt: T(3),
    });
    expect(rec?.planId).toBe(PLAN);
    expect(store.ofType('conflict')).toEqual([]);
  });

  it('refuses changes to a submitted visit, and treats submitting twice as done', () => {
    const store = new MemoryStore([seedInspection(), seedTemplate()]);
    expect(
      store.apply('inspection.submit', { id: INSPECTION, submittedAt: T(5) }, ctxA(6)).status,
    ).toBe('applied');
    expect(store.get('inspection', INSPECTION)?.fields).toMatchObject({
      status: 'submitted',
      submittedAt: T(5),
      submittedBy: USER_A,
      endedAt: T(5),
    });
    expect(
      store.apply('inspection.submit', { id: INSPECTION, submittedAt: T(7) }, ctxB(7)),
    ).toEqual({
      status: 'applied',
      writes: [],
    });
    const locked = { status: 'rejected', reason: 'sync.inspection_locked' };
    expect(
      store.apply(
        'note.add',
        { id: NOTE, inspectionId: INSPECTION, itemId: null, text: '补充', createdAt: T(8) },
        ctxA(8),
      ),
    ).toEqual(locked);
    expect(
      store.apply(
        'inspection.answer',
        { inspectionId: INSPECTION, itemId: ITEM, set: { remark: '迟' }, base: { remark: null } },
        ctxA(9),
      ),
    ).toEqual(locked);
    const approved = new MemoryStore([seedInspection('approved')]);
    expect(
      approved.apply('inspection.submit', { id: INSPECTION, submittedAt: T(5) }, ctxA(6)),
    ).toEqual(locked);
  });

  it('note.add, note.update and note.delete keep a note on the visit or an item', () => {
    const store = new MemoryStore([seedInspection()]);
    store.apply(
      'note.add',
      { id: NOTE, inspectionId: INSPECTION, itemId: null, text: '初稿', createdAt: T(1) },
      ctxA(2, 1),
    );
    store.apply(
      'note.update',
      { id: NOTE, set: { text: '定稿', itemId: ITEM }, base: { text: '初稿', itemId: null } },
      ctxA(3, 2),
    );
    expect(store.get('note', NOTE)?.fields).toMatchObject({
      text: '定稿',
      itemId: ITEM,
      createdBy: USER_A,
    });
    store.apply('note.delete', { id: NOTE, baseVersion: 3 }, ctxB(4));
    expect(store.get('note', NOTE)?.deleted).toMatchObject({ by: USER_B });
    expect(store.get('note', NOTE)?.fields.text).toBe('定稿');
  });

  it('an edit after a delete is applied as preserved history, and the record stays deleted', () => {
    const store = new MemoryStore([seedInspection()]);
    store.apply('finding.create', findingArgs, ctxA(2));
    store.apply('finding.delete', { id: FINDING, baseVersion: 2 }, ctxA(3, 2));
    const out = store.apply(
      'finding.update',
      { id: FINDING, set: { title: '离线补充的标题' }, base: { title: findingArgs.title } },
      ctxB(4),
    );
    expect(out.status).toBe('applied');
    expect(store.get('finding', FINDING)?.deleted).not.toBeNull();
    const [conflict] = store.ofType('conflict');
    expect(conflict?.id).toBe(`${DEVICE_B}:1:1`);
    expect(conflict?.planId).toBe(PLAN);
    expect(conflict?.fields).toMatchObject({
      kind: 'edit_after_delete',
      overwrittenValue: '离线补充的标题',
      overwrittenBy: USER_B,
      winnerBy: USER_A,
    });
  });

  it('finding.create fills defaults and refuses a visit of another plan', () => {
    const store = new MemoryStore([seedInspection(), seedInspection('draft', OTHER_PLAN, NOTE)]);
    expect(store.apply('finding.create', findingArgs, ctxA(2)).status).toBe('applied');
    expect(store.get('finding', FINDING)?.fields).toMatchObject({
      moneyInvolvedYuan: null,
      unitsConcerned: [],
      isClue: false,
      createdBy: USER_A,
    });
    const access = applyCtx({}, { [PLAN]: 'write', [OTHER_PLAN]: 'write' });
    expect(
      store.apply('finding.create', { ...findingArgs, id: ITEM, inspectionId: NOTE }, access),
    ).toEqual({
      status: 'rejected',
      reason: 'common.not_found',
    });
  });

  it('answers a record the caller may not see exactly like one that does not exist', () => {
    const hidden = record('finding', FINDING, { title: '保密' }, {}, OTHER_PLAN);
    const store = new MemoryStore([hidden]);
    const update = (id: string) =>
      store.apply('finding.update', { id, set: { title: 'x' }, base: { title: 'y' } }, ctxA(2));
    expect(update(FINDING)).toEqual(update('00000000-0000-4000-8000-00000000dead'));
    expect(update(FINDING)).toEqual({ status: 'rejected', reason: 'common.not_found' });
  });

  it('attachment.attach records the hash, within the size limit', () => {
    const store = new MemoryStore([seedInspection()]);
    const args = {
      id: NOTE,
      inspectionId: INSPECTION,
      sha256: HASH,
      fileName: '食堂.jpg',
      mimeType: 'image/jpeg',
      size: 1234,
      addedAt: T(2),
    };
    expect(store.apply('attachment.attach', args, ctxA(2)).status).toBe('applied');
    expect(store.get('attachment', NOTE)?.fields).toMatchObject({
      sha256: HASH,
      itemId: null,
      addedBy: USER_A,
    });
    expect(parseMutationArgs('attachment.attach', 2, { ...args, size: 26 * 1024 * 1024 }).ok).toBe(
      false,
    );
    expect(parseMutationArgs('attachment.attach', 2, { ...args, sha256: 'AB' }).ok).toBe(false);
  });

  it('conflict.resolve restores or keeps, once, and leaves the history in place', () => {
    const store = new MemoryStore([seedInspection()]);
    store.apply('finding.create', findingArgs, ctxA(2));
    store.apply(
      'finding.update',
      { id: FINDING, set: { title: 'A 的标题' }, base: { title: findingArgs.title } },
      ctxA(3, 2),
    );
    store.apply(
      'finding.update',
      { id: FINDING, set: { title: 'B 的标题' }, base: { title: findingArgs.title } },
      ctxB(4),
    );
    const [conflict] = store.ofType('conflict');
    expect((conflict?.fields as FieldConflict).overwrittenValue).toBe('A 的标题');
    store.apply('conflict.resolve', { id: conflict!.id, action: 'restore' }, ctxA(5, 3));
    expect(store.get('finding', FINDING)?.fields.title).toBe('A 的标题');
    expect(store.get('conflict', conflict!.id)?.fields.resolution).toEqual({
      action: 'restored',
      by: USER_A,
      at: T(5),
    });
    // Settled: a second resolve (e.g. B pressing "keep" offline) changes nothing.
    expect(
      store.apply('conflict.resolve', { id: conflict!.id, action: 'keep' }, ctxB(6, 2)),
    ).toEqual({
      status: 'applied',
      writes: [],
    });
    expect(store.ofType('conflict')).toHaveLength(1);
  });

  it('runMutation validates before applying, and bugs are not disguised as rejections', () => {
    const store = new MemoryStore([seedInspection()]);
    const m = { id: 1, name: 'note.add', args: { id: NOTE }, schemaVersion: 2, clientTime: T(1) };
    expect(runMutation(m, store, ctxA(2))).toEqual({
      status: 'rejected',
      reason: 'sync.invalid_args',
    });
    const broken = {
      get: () => {
        throw new Error('database gone');
      },
    };
    expect(() =>
      applyMutation('inspection.submit', { id: INSPECTION, submittedAt: T(1) }, broken, ctxA(2)),
    ).toThrow('database gone');
  });
});
