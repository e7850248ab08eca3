import 'fake-indexeddb/auto';
import { answerRecordId } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createVisitService } from './visit.service';
import {
  ITEM_SCORE,
  ITEM_VETO,
  PLAN,
  TEMPLATE,
  UNIT,
  answerRequired,
  visitDevice,
} from './visit.test-support';

async function started() {
  const device = await visitDevice();
  const out = await device.service.startVisit({
    planId: PLAN,
    templateId: TEMPLATE,
    templateVersion: 3,
    place: { lat: 30.1, lng: 120.2, accuracy: 12 },
  });
  if (!out.ok) throw new Error(out.reason);
  return { ...device, id: out.id };
}

const lastOutbox = async (db: Awaited<ReturnType<typeof visitDevice>>['db']) =>
  (await db.outbox.orderBy('id').last())!;

describe('visit service', () => {
  it('starts a visit locally, pinned to the template version, with the position', async () => {
    const { store, id } = await started();
    const inspection = await store.get('inspection', id);
    expect(inspection?.fields).toMatchObject({
      planId: PLAN,
      templateId: TEMPLATE,
      templateVersion: 3,
      status: 'draft',
      place: { lat: 30.1, lng: 120.2, accuracy: 12 },
    });
    expect(await store.isUnsynced('inspection', id)).toBe(true);
    expect(await store.pendingCount()).toBe(1);
  });

  it('sends answers as field patches whose base is the value the user saw', async () => {
    const { db, store, service, id } = await started();
    expect(
      (
        await service.answer(id, ITEM_VETO, {
          value: { kind: 'conformity', value: 'conforms' },
          base: undefined,
        })
      ).ok,
    ).toBe(true);
    expect((await lastOutbox(db)).args).toMatchObject({
      set: { answer: { kind: 'conformity', value: 'conforms' } },
      base: { answer: null },
    });
    await service.answer(id, ITEM_VETO, {
      value: { kind: 'conformity', value: 'partial' },
      base: { kind: 'conformity', value: 'conforms' },
    });
    expect((await lastOutbox(db)).args).toMatchObject({
      base: { answer: { kind: 'conformity', value: 'conforms' } },
    });
    await service.remark(id, ITEM_VETO, { value: '接待无公函', base: null });
    const answer = await store.get('answer', answerRecordId(id, ITEM_VETO));
    expect(answer?.fields).toMatchObject({
      answer: { kind: 'conformity', value: 'partial' },
      remark: '接待无公函',
    });
  });

  it('adds, edits and deletes notes', async () => {
    const { db, store, service, id } = await started();
    const added = await service.addNote(id, ITEM_SCORE, '车辆登记不全');
    if (!added.ok) throw new Error(added.reason);
    expect((await store.get('note', added.id))?.fields).toMatchObject({
      itemId: ITEM_SCORE,
      text: '车辆登记不全',
    });
    await service.updateNote(added.id, { value: '车辆登记不全（3 辆）', base: '车辆登记不全' });
    expect((await lastOutbox(db)).args).toMatchObject({ base: { text: '车辆登记不全' } });
    expect((await store.get('note', added.id))?.fields.text).toBe('车辆登记不全（3 辆）');
    // Never pulled: its base version is null (made offline).
    await service.deleteNote(added.id, 0);
    expect((await lastOutbox(db)).args).toMatchObject({ baseVersion: null });
    expect(await store.get('note', added.id)).toBeUndefined();
  });

  it('creates a finding and updates only the fields given, with their bases', async () => {
    const { db, store, service, id } = await started();
    const created = await service.createFinding(
      { planId: PLAN, inspectionId: id, itemId: ITEM_VETO, unitId: UNIT },
      { category: 'eight_rules', severity: 'high', title: '无公函接待', description: '3 次' },
    );
    if (!created.ok) throw new Error(created.reason);
    await service.updateFinding(
      created.id,
      { moneyInvolvedYuan: 1200.5 },
      { moneyInvolvedYuan: null, title: '无公函接待' },
    );
    expect((await lastOutbox(db)).args).toEqual({
      id: created.id,
      set: { moneyInvolvedYuan: 1200.5 },
      base: { moneyInvolvedYuan: null },
    });
    expect((await store.get('finding', created.id))?.fields).toMatchObject({
      title: '无公函接待',
      moneyInvolvedYuan: 1200.5,
      itemId: ITEM_VETO,
    });
    await service.deleteFinding(created.id, 0);
    expect(await store.get('finding', created.id)).toBeUndefined();
  });

  it('locks the visit on submit: later answers are refused and queue nothing', async () => {
    const { store, service, id } = await started();
    expect(await service.submit(id)).toEqual({ ok: false, reason: 'sync.inspection_incomplete' });
    expect((await store.get('inspection', id))?.fields.status).toBe('draft');
    await answerRequired(service, id);
    expect((await service.submit(id)).ok).toBe(true);
    expect((await store.get('inspection', id))?.fields.status).toBe('submitted');
    const before = await store.pendingCount();
    const out = await service.answer(id, ITEM_SCORE, {
      value: { kind: 'score', value: 5 },
      base: null,
    });
    expect(out).toEqual({ ok: false, reason: 'sync.inspection_locked' });
    expect(await store.pendingCount()).toBe(before);
  });

  it('refuses without a signed-in store', async () => {
    const service = createVisitService({ store: () => null });
    expect(await service.submit(PLAN)).toEqual({ ok: false, reason: 'auth.unauthenticated' });
  });
});
