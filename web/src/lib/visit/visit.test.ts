import 'fake-indexeddb/auto';
import { answerRecordId, type Change } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { emptyDraft } from './finding-draft';
import { VisitManager } from './visit.svelte';
import {
  ITEM_B,
  ITEM_SCORE,
  ITEM_TEXT,
  ITEM_VETO,
  PLAN,
  SECTION_A,
  SHA,
  TEMPLATE,
  UNIT,
  UNIT_2,
  planChanges,
  until,
  upsert,
  visitDevice,
} from './visit.test-support';

async function setup() {
  const device = await visitDevice();
  const started = await device.service.startVisit({
    planId: PLAN,
    templateId: TEMPLATE,
    templateVersion: 3,
    place: null,
  });
  if (!started.ok) throw new Error(started.reason);
  const visit = new VisitManager({ store: () => device.store, service: device.service });
  const stop = visit.open(started.id);
  await until(() => expect(visit.template).not.toBeNull());
  return { ...device, visit, stop, id: started.id };
}

const conforms = { kind: 'conformity', value: 'conforms' } as const;

describe('VisitManager', () => {
  it('reads the visit, its plan, unit and pinned template from the device', async () => {
    const { visit, stop, id } = await setup();
    expect(visit.inspection).toMatchObject({ id, status: 'draft' });
    await until(() => expect(visit.unit?.name).toBe('江南市财政局'));
    expect(visit.plan?.title).toBe('江南市财政局四不两直检查');
    expect(visit.template?.sections).toHaveLength(2);
    expect(visit.editable).toBe(true);
    await until(() => expect(visit.isUnsynced('inspection', id)).toBe(true));
    expect(visit.sheet?.overall).toBe(0);
    await until(() => expect(visit.units.map((u) => u.id).sort()).toEqual([UNIT, UNIT_2].sort()));
    stop();
  });

  it('shows a tap at once, scores it live, and bases a second tap on the first', async () => {
    const { visit, db, stop } = await setup();
    const first = visit.answer(ITEM_VETO, conforms);
    // Shown before the device has read it back.
    expect(visit.answerOf(ITEM_VETO)?.answer).toEqual(conforms);
    const second = visit.answer(ITEM_VETO, { kind: 'conformity', value: 'partial' });
    await Promise.all([first, second]);
    const rows = (await db.outbox.orderBy('id').toArray()).filter(
      (r) => r.name === 'inspection.answer',
    );
    expect(rows.map((r) => (r.args as { base: unknown }).base)).toEqual([
      { answer: null },
      { answer: conforms },
    ]);
    await until(() => expect(visit.sheet?.sections[0]?.score).toBe(5));
    await until(() => expect(visit.isAnswerUnsynced(ITEM_VETO)).toBe(true));
    expect(visit.isAnswerUnsynced(ITEM_SCORE)).toBe(false);
    stop();
  });

  it('lists what blocks submission, and jumps to the next unanswered item', async () => {
    const { visit, stop } = await setup();
    expect(visit.nextUnanswered()).toEqual({ itemId: ITEM_VETO, sectionId: SECTION_A });
    expect(visit.issues.map((i) => i.kind)).toEqual(['required', 'required', 'required']);
    expect(await visit.submit()).toEqual({ ok: false, reason: 'incomplete' });

    await visit.answer(ITEM_VETO, conforms);
    await until(() => expect(visit.issues.map((i) => i.kind)).toContain('evidence'));
    expect(visit.nextUnanswered(ITEM_VETO)).toEqual({ itemId: ITEM_SCORE, sectionId: SECTION_A });
    stop();
  });

  it('adds photos to an item’s evidence, each based on the list before it, and unblocks submit', async () => {
    const { visit, db, store, stop, id } = await setup();
    await visit.answer(ITEM_VETO, conforms);
    await until(() => expect(visit.issues.map((i) => i.kind)).toContain('evidence'));
    const other = 'b'.repeat(64);
    // Two files stored one after the other, the second before the first is read back.
    const first = visit.addEvidence(ITEM_VETO, SHA);
    expect(visit.answerOf(ITEM_VETO)?.evidence).toEqual([SHA]);
    const second = visit.addEvidence(ITEM_VETO, other);
    expect(visit.answerOf(ITEM_VETO)).toMatchObject({ answer: conforms, evidence: [SHA, other] });
    await Promise.all([first, second]);
    // The same file again changes nothing.
    const queued = await db.outbox.count();
    expect(await visit.addEvidence(ITEM_VETO, SHA)).toEqual({ ok: true });
    expect(await db.outbox.count()).toBe(queued);
    const rows = (await db.outbox.orderBy('id').toArray()).filter(
      (r) => r.name === 'inspection.answer' && 'evidence' in (r.args as { set: object }).set,
    );
    expect(rows.map((r) => (r.args as { set: unknown; base: unknown }).set)).toEqual([
      { evidence: [SHA] },
      { evidence: [SHA, other] },
    ]);
    expect(rows.map((r) => (r.args as { base: unknown }).base)).toEqual([
      { evidence: null },
      { evidence: [SHA] },
    ]);
    const record = await store.get('answer', answerRecordId(id, ITEM_VETO));
    expect(record?.fields).toMatchObject({ answer: conforms, evidence: [SHA, other] });
    await until(() => expect(visit.issues.map((i) => i.kind)).not.toContain('evidence'));
    stop();
  });

  it('takes a file off an item’s evidence, and the item needs one again', async () => {
    const { visit, store, db, stop, id } = await setup();
    const other = 'b'.repeat(64);
    await visit.answer(ITEM_VETO, conforms);
    await visit.addEvidence(ITEM_VETO, SHA);
    await visit.addEvidence(ITEM_VETO, other);
    await until(() => expect(visit.answerOf(ITEM_VETO)?.raw.evidence).toEqual([SHA, other]));
    const removing = visit.removeEvidence(ITEM_VETO, SHA);
    // Shown at once, before the device reads it back.
    expect(visit.answerOf(ITEM_VETO)?.evidence).toEqual([other]);
    expect(await removing).toEqual({ ok: true });
    expect(await visit.removeEvidence(ITEM_VETO, other)).toEqual({ ok: true });
    const record = await store.get('answer', answerRecordId(id, ITEM_VETO));
    expect(record?.fields.evidence).toEqual([]);
    const last = (await db.outbox.orderBy('id').toArray()).at(-1)!;
    expect(last.args).toMatchObject({ set: { evidence: [] }, base: { evidence: [other] } });
    await until(() => expect(visit.issues.map((i) => i.kind)).toContain('evidence'));
    // Removing what is not there queues nothing.
    const queued = await db.outbox.count();
    expect(await visit.removeEvidence(ITEM_VETO, SHA)).toEqual({ ok: true });
    expect(await db.outbox.count()).toBe(queued);
    stop();
  });

  it('saves typed answers and remarks with the base their field kept', async () => {
    const { visit, store, stop, id } = await setup();
    visit.saveTypedAnswer(ITEM_SCORE, { kind: 'score', value: 8 }, null);
    visit.saveRemark(ITEM_SCORE, '两辆车未登记', null);
    await until(() =>
      expect(visit.answerOf(ITEM_SCORE)).toMatchObject({
        answer: { kind: 'score', value: 8 },
        remark: '两辆车未登记',
      }),
    );
    const record = await store.get('answer', answerRecordId(id, ITEM_SCORE));
    expect(record?.fields.remark).toBe('两辆车未登记');
    stop();
  });

  it('adds, edits and deletes notes on the visit and on items', async () => {
    const { visit, stop } = await setup();
    expect(await visit.addNote(null, '   ')).toEqual({
      ok: false,
      reason: 'common.validation_failed',
    });
    await visit.addNote(null, '到达现场');
    await visit.addNote(ITEM_TEXT, '食堂账目待查');
    await until(() => expect(visit.notes).toHaveLength(2));
    expect(visit.notesOf(ITEM_TEXT).map((n) => n.text)).toEqual(['食堂账目待查']);
    const note = visit.notesOf(null)[0]!;
    await visit.updateNote(note, '到达现场 9:05', note.text);
    await until(() => expect(visit.notesOf(null)[0]?.text).toBe('到达现场 9:05'));
    await visit.deleteNote(visit.notesOf(null)[0]!);
    await until(() => expect(visit.notesOf(null)).toEqual([]));
    stop();
  });

  it('creates a finding from an item, refuses an invalid one, and patches only changes', async () => {
    const { visit, db, stop } = await setup();
    await until(() => expect(visit.plan).not.toBeNull());
    const invalid = await visit.createFinding(emptyDraft(), ITEM_VETO);
    expect(invalid).toMatchObject({ ok: false, reason: 'invalid' });
    const draft = {
      ...emptyDraft(),
      category: 'eight_rules' as const,
      severity: 'high' as const,
      title: '无公函接待',
      description: '3 次',
    };
    const created = await visit.createFinding(draft, ITEM_VETO);
    if (!created.ok) throw new Error(created.reason);
    await until(() => expect(visit.findings.map((f) => f.id)).toEqual([created.id]));
    const finding = visit.findings[0]!;
    expect(finding).toMatchObject({ itemId: ITEM_VETO, unitId: UNIT });
    await until(() => expect(visit.isUnsynced('finding', created.id)).toBe(true));

    const before = await db.outbox.count();
    expect((await visit.updateFinding(finding, draft)).ok).toBe(true);
    expect(await db.outbox.count()).toBe(before);
    await visit.updateFinding(finding, { ...draft, money: '500' });
    const last = (await db.outbox.orderBy('id').last())!;
    expect(last.args).toMatchObject({
      set: { moneyInvolvedYuan: 500 },
      base: { moneyInvolvedYuan: null },
    });
    await until(() => expect(visit.findings[0]?.moneyInvolvedYuan).toBe(500));

    await visit.deleteFinding(visit.findings[0]!);
    await until(() => expect(visit.findings).toEqual([]));
    stop();
  });

  it('keeps a finding’s photos in its evidence, patched with what the form showed', async () => {
    const { visit, db, stop } = await setup();
    await until(() => expect(visit.plan).not.toBeNull());
    const photo = 'c'.repeat(64);
    const other = 'd'.repeat(64);
    const draft = {
      ...emptyDraft(),
      category: 'eight_rules' as const,
      severity: 'high' as const,
      title: '无公函接待',
      description: '3 次',
      evidence: [photo],
    };
    const created = await visit.createFinding(draft, null);
    if (!created.ok) throw new Error(created.reason);
    await until(() => expect(visit.findings[0]?.evidence).toEqual([photo]));
    await visit.addEvidence(ITEM_VETO, SHA);
    await until(() => expect([...visit.referencedEvidence].sort()).toEqual([SHA, photo].sort()));

    // A second photo, and the first taken off, in the same edit: one patch of the whole list.
    await visit.updateFinding(visit.findings[0]!, { ...draft, evidence: [other] });
    const last = (await db.outbox.orderBy('id').last())!;
    expect(last.args).toMatchObject({ set: { evidence: [other] }, base: { evidence: [photo] } });
    await until(() => expect(visit.findings[0]?.evidence).toEqual([other]));
    // The photo taken off is no one's evidence now: it shows among the visit's own.
    expect(visit.referencedEvidence.has(photo)).toBe(false);
    expect(visit.referencedEvidence.has(other)).toBe(true);
    stop();
  });

  it('flags an invalid finding (from another device) as blocking submission', async () => {
    const { visit, store, stop, id } = await setup();
    const badFinding = upsert('finding', '00000000-0000-4000-8000-0000000000f1', PLAN, {
      inspectionId: id,
      title: '待补充',
      description: '',
      category: 'funds',
      severity: 'low',
      createdAt: '2026-03-02T00:00:00Z',
    });
    // A pull brings it (the visit itself is still only local, replayed on top).
    const state = await store.state();
    await store.applyPull(state.cursor, [badFinding], 'c2', 0);
    await until(() => expect(visit.issues.some((i) => i.kind === 'finding')).toBe(true));
    stop();
  });

  it('submits a complete visit and then is read-only', async () => {
    const { visit, store, stop, id } = await setup();
    await visit.answer(ITEM_VETO, { kind: 'conformity', value: 'not_applicable' });
    await visit.answer(ITEM_SCORE, { kind: 'score', value: 9 } as never);
    await visit.answer(ITEM_B, conforms);
    await until(() => expect(visit.issues).toEqual([]));
    expect((await visit.submit()).ok).toBe(true);
    await until(() => expect(visit.inspection?.status).toBe('submitted'));
    expect(visit.editable).toBe(false);
    expect(visit.issues).toEqual([{ kind: 'locked' }]);
    const refused = await visit.answer(ITEM_B, { kind: 'conformity', value: 'partial' });
    expect(refused).toEqual({ ok: false, reason: 'sync.inspection_locked' });
    expect(visit.error).toBe('sync.inspection_locked');
    // The refused tap does not stay on screen.
    expect(visit.answerOf(ITEM_B)?.answer).toEqual(conforms);
    visit.dismissError();
    expect(visit.error).toBeNull();
    expect((await store.get('inspection', id))?.fields.submittedAt).toEqual(expect.any(String));
    stop();
  });

  it('shows a returned visit as editable again, with the reviewer comments per item', async () => {
    const inspectionId = '00000000-0000-4000-8000-0000000000a1';
    const returned: Change[] = [
      ...planChanges(),
      upsert('inspection', inspectionId, PLAN, {
        planId: PLAN,
        templateId: TEMPLATE,
        templateVersion: 3,
        status: 'returned',
        startedAt: '2026-03-02T01:00:00Z',
        returnedAt: '2026-03-03T01:00:00Z',
        reviewComments: [
          { itemId: ITEM_VETO, text: '请补充接待清单照片', at: '2026-03-03T01:00:00Z' },
          { itemId: null, text: '整体情况描述过简', at: '2026-03-03T01:00:00Z' },
        ],
      }),
      upsert('answer', answerRecordId(inspectionId, ITEM_VETO), PLAN, {
        inspectionId,
        itemId: ITEM_VETO,
        answer: conforms,
        evidence: [SHA],
      }),
    ];
    const device = await visitDevice(returned);
    const visit = new VisitManager({ store: () => device.store, service: device.service });
    const stop = visit.open(inspectionId);
    await until(() => expect(visit.answerOf(ITEM_VETO)?.evidence).toEqual([SHA]));
    expect(visit.editable).toBe(true);
    expect(visit.commentsOf(ITEM_VETO)).toEqual(['请补充接待清单照片']);
    expect(visit.commentsOf(null)).toEqual(['整体情况描述过简']);
    expect(visit.commentsOf(ITEM_B)).toEqual([]);
    expect(visit.isAnswerUnsynced(ITEM_VETO)).toBe(false);
    expect((await visit.answer(ITEM_B, conforms)).ok).toBe(true);
    stop();
  });

  it('tells once why the visit it shows started without a position', async () => {
    const { visit, stop, id } = await setup();
    expect(visit.noPlaceReason).toBeNull();
    visit.announceNoPlace('00000000-0000-4000-8000-00000000beef', 'denied');
    expect(visit.noPlaceReason).toBeNull();
    visit.announceNoPlace(id, 'timeout');
    expect(visit.noPlaceReason).toBe('timeout');
    visit.announceNoPlace(id, null);
    expect(visit.noPlaceReason).toBeNull();
    stop();
  });

  it('reports a visit that is not on the device', async () => {
    const device = await visitDevice();
    const visit = new VisitManager({ store: () => device.store, service: device.service });
    const stop = visit.open('00000000-0000-4000-8000-00000000dead');
    await until(() => expect(visit.loaded).toBe(true));
    expect(visit.inspection).toBeNull();
    expect(await visit.addNote(null, 'x')).toEqual({ ok: false, reason: 'common.not_found' });
    stop();
  });
});
