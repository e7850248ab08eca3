import 'fake-indexeddb/auto';
import { answerRecordId, type Change, type FieldConflict } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { VisitManager } from './visit.svelte';
import {
  ITEM_VETO,
  PLAN,
  TEMPLATE,
  UNIT,
  USER,
  hex,
  planChanges,
  until,
  upsert,
  visitDevice,
} from './visit.test-support';

const LI = hex(1, 2);
const VISIT = hex(8, 1);
const OTHER_VISIT = hex(8, 2);
const FINDING = hex(9, 1);
const NOTE_ELSEWHERE = hex(9, 2);
const NOTE_GONE = hex(9, 3);

function conflict(id: string, fields: Partial<FieldConflict>): Change {
  const f: FieldConflict = {
    kind: 'concurrent_edit',
    entity: 'finding',
    id: FINDING,
    field: 'description',
    overwrittenValue: '接待清单缺少公函',
    overwrittenBy: USER,
    overwrittenAt: '2026-03-02T01:00:00.000Z',
    winnerValue: '接待无公函，超标准',
    winnerBy: LI,
    winnerAt: '2026-03-02T01:05:00.000Z',
    resolution: null,
    ...fields,
  };
  return upsert('conflict', id, PLAN, f as unknown as Record<string, unknown>, 5);
}

function changes(status: 'draft' | 'submitted'): Change[] {
  return [
    ...planChanges(),
    upsert('inspection', VISIT, PLAN, {
      planId: PLAN,
      templateId: TEMPLATE,
      templateVersion: 3,
      status,
      startedBy: USER,
      startedAt: '2026-03-02T00:30:00.000Z',
      place: null,
      endedAt: null,
      submittedAt: null,
      submittedBy: null,
    }),
    upsert('answer', answerRecordId(VISIT, ITEM_VETO), PLAN, {
      inspectionId: VISIT,
      itemId: ITEM_VETO,
      answer: { kind: 'conformity', value: 'nonconforming' },
      remark: '李华写的说明',
    }),
    upsert('finding', FINDING, PLAN, {
      planId: PLAN,
      inspectionId: VISIT,
      itemId: null,
      unitId: UNIT,
      category: 'conduct',
      severity: 'medium',
      title: '公务接待无公函',
      description: '接待无公函，超标准',
      moneyInvolvedYuan: null,
      moneyRecoveredYuan: null,
      unitsConcerned: [],
      peopleConcerned: [],
      evidence: [],
      recommendedForm: null,
      isClue: false,
      proposedRectification: null,
      createdBy: USER,
      createdAt: '2026-03-02T00:40:00.000Z',
    }),
    upsert('note', NOTE_ELSEWHERE, PLAN, {
      inspectionId: OTHER_VISIT,
      itemId: null,
      text: '另一次检查的记录',
      createdBy: LI,
      createdAt: '2026-03-01T00:00:00.000Z',
    }),
    conflict('dev:1:0', {}),
    conflict('dev:2:0', {
      entity: 'answer',
      id: answerRecordId(VISIT, ITEM_VETO),
      field: 'remark',
      overwrittenValue: '张明写的说明',
      winnerValue: '李华写的说明',
      winnerAt: '2026-03-02T01:06:00.000Z',
    }),
    // A note deleted without its author's last edit: no longer on the device.
    conflict('dev:3:0', {
      kind: 'deleted_while_edited',
      entity: 'note',
      id: NOTE_GONE,
      field: 'text',
      overwrittenValue: '9:05 到达现场',
      winnerValue: null,
      winnerAt: '2026-03-02T01:07:00.000Z',
    }),
    // Not this visit's, and settled: neither is shown.
    conflict('dev:4:0', { entity: 'note', id: NOTE_ELSEWHERE, field: 'text' }),
    conflict('dev:5:0', { resolution: { action: 'kept', by: LI, at: '2026-03-02T02:00:00.000Z' } }),
  ];
}

async function setup(status: 'draft' | 'submitted' = 'draft') {
  const device = await visitDevice(changes(status));
  await device.db.plans.put({
    id: PLAN,
    title: '江南市财政局四不两直检查',
    kind: 'unannounced',
    status: 'planned',
    confidential: true,
    targetUnit: { id: UNIT, name: '江南市财政局' },
    team: { id: hex(7, 1), name: '第一检查组' },
    teamMembers: [
      { id: LI, name: '李华' },
      { id: USER, name: '张明' },
    ],
    windowStart: '2026-03-02',
    windowEnd: '2026-03-04',
    templateId: TEMPLATE,
    templateVersion: 3,
    cachedAt: '2026-03-02T00:00:00.000Z',
  });
  const visit = new VisitManager({
    store: () => device.store,
    service: device.service,
    me: () => USER,
  });
  const stop = visit.open(VISIT);
  await until(() => expect(visit.conflicts.count).toBe(3));
  return { ...device, visit, stop };
}

describe('VisitManager conflicts', () => {
  it('places the visit’s open conflicts next to their records, names people, counts them', async () => {
    const { visit, stop } = await setup();
    // People's names load after the conflicts: read the note again once both are there.
    await until(() =>
      expect(visit.conflicts.of('finding', FINDING)[0]).toMatchObject({
        winnerName: '李华',
        loserName: '张明',
      }),
    );
    const [onFinding] = visit.conflicts.of('finding', FINDING);
    expect(onFinding).toMatchObject({
      voice: 'mine',
      loserName: '张明',
      restorable: true,
      detached: false,
      conflict: { overwrittenValue: '接待清单缺少公函' },
    });
    const [onAnswer] = visit.conflicts.of('answer', answerRecordId(VISIT, ITEM_VETO));
    expect(onAnswer?.conflict.field).toBe('remark');
    expect(visit.conflicts.detached.map((n) => n.conflict.id)).toEqual(['dev:3:0']);
    expect(visit.conflicts.detached[0]?.restorable).toBe(true);
    expect(visit.conflicts.all.map((n) => n.conflict.id)).toEqual([
      'dev:1:0',
      'dev:2:0',
      'dev:3:0',
    ]);
    expect(visit.conflicts.of('note', NOTE_ELSEWHERE)).toEqual([]);
    stop();
  });

  it('restores the lost value on the device at once and queues conflict.resolve', async () => {
    const { visit, store, db, stop } = await setup();
    const [notice] = visit.conflicts.of('finding', FINDING);
    expect(await visit.conflicts.resolve(notice!, 'restore')).toEqual({ ok: true });
    await until(() => expect(visit.findings[0]?.description).toBe('接待清单缺少公函'));
    await until(() => expect(visit.conflicts.of('finding', FINDING)).toEqual([]));
    expect(visit.conflicts.count).toBe(2);
    const conflictRecord = await store.get('conflict', 'dev:1:0');
    expect(conflictRecord?.fields.resolution).toMatchObject({ action: 'restored', by: USER });
    const last = await db.outbox.orderBy('id').last();
    expect(last).toMatchObject({
      name: 'conflict.resolve',
      args: { id: 'dev:1:0', action: 'restore' },
    });
    stop();
  });

  it('keeps the current value, changing nothing but the conflict', async () => {
    const { visit, stop } = await setup();
    const [notice] = visit.conflicts.of('answer', answerRecordId(VISIT, ITEM_VETO));
    expect(await visit.conflicts.resolve(notice!, 'keep')).toEqual({ ok: true });
    await until(() => expect(visit.conflicts.count).toBe(2));
    expect(visit.answerOf(ITEM_VETO)?.remark).toBe('李华写的说明');
    expect(visit.error).toBeNull();
    stop();
  });

  it('offers no restore of answers and notes once the visit is submitted; findings still', async () => {
    const { visit, stop } = await setup('submitted');
    expect(visit.conflicts.of('answer', answerRecordId(VISIT, ITEM_VETO))[0]?.restorable).toBe(
      false,
    );
    expect(visit.conflicts.of('finding', FINDING)[0]?.restorable).toBe(true);
    const [answer] = visit.conflicts.of('answer', answerRecordId(VISIT, ITEM_VETO));
    expect(await visit.conflicts.resolve(answer!, 'restore')).toEqual({
      ok: false,
      reason: 'common.not_found',
    });
    stop();
  });

  it('says “another member” when the device does not know the person', async () => {
    const device = await visitDevice(changes('draft'));
    const visit = new VisitManager({
      store: () => device.store,
      service: device.service,
      me: () => LI,
    });
    const stop = visit.open(VISIT);
    await until(() => expect(visit.conflicts.count).toBe(3));
    // No cached plan list on this device: nobody has a name; this user wrote the winner.
    expect(visit.conflicts.of('finding', FINDING)[0]).toMatchObject({
      voice: 'theirs',
      winnerName: null,
      loserName: null,
    });
    stop();
  });
});
