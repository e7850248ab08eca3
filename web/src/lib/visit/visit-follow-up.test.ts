import 'fake-indexeddb/auto';
import { recordKey, verdictRecordId } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { VisitManager } from './visit.svelte';
import {
  ITEM_B,
  ITEM_SCORE,
  ITEM_VETO,
  PLAN,
  SHA,
  TEMPLATE,
  UNIT,
  hex,
  planChanges,
  until,
  visitDevice,
} from './visit.test-support';

const LEDGER = hex(8, 1);
const FINDING = hex(8, 2);
const SHA_2 = 'b'.repeat(64);

const targets = [
  {
    kind: 'rectification',
    id: LEDGER,
    title: '清退违规发放的津贴补贴',
    measures: '限期全额清退',
    status: 'verified',
    deadline: '2026-03-20',
    responsibleUnitId: UNIT,
    findingId: null,
    findingTitle: '违规发放津贴补贴',
  },
  {
    kind: 'finding',
    id: FINDING,
    title: '公务用车使用登记不完整',
    description: '9 份派车单未登记事由',
    severity: 'low',
    category: 'eight_rules',
    unitId: UNIT,
  },
];

async function setup() {
  const device = await visitDevice(
    planChanges({ kind: 'follow_up', confidential: false, followUp: { items: targets } }),
  );
  const started = await device.service.startVisit({
    planId: PLAN,
    templateId: TEMPLATE,
    templateVersion: 3,
    place: null,
  });
  if (!started.ok) throw new Error(started.reason);
  const visit = new VisitManager({ store: () => device.store, service: device.service });
  const stop = visit.open(started.id);
  await until(() => expect(visit.followUp.targets).toHaveLength(2));
  await until(() => expect(visit.template).not.toBeNull());
  return { ...device, visit, stop, id: started.id };
}

const verdictMutations = async (db: Awaited<ReturnType<typeof setup>>['db']) =>
  (await db.outbox.orderBy('id').toArray())
    .filter((r) => r.name === 'followup.verdict')
    .map((r) => r.args as { targetId: string; set: unknown; base: unknown });

describe('VisitManager: 回头看', () => {
  it('lists the plan’s targets and needs a verdict on each before submitting', async () => {
    const { visit, stop } = await setup();
    const [ledger, finding] = visit.followUp.targets;
    expect(visit.followUp.active).toBe(true);
    expect(ledger).toMatchObject({ kind: 'rectification', status: 'verified' });
    expect(finding).toMatchObject({ kind: 'finding', title: '公务用车使用登记不完整' });
    expect(visit.followUp.progress).toEqual({ judged: 0, total: 2 });
    await visit.answer(ITEM_VETO, { kind: 'conformity', value: 'not_applicable' });
    await visit.answer(ITEM_B, { kind: 'conformity', value: 'conforms' });
    visit.saveTypedAnswer(ITEM_SCORE, { kind: 'score', value: 8 }, null);
    await until(() =>
      expect(visit.issues.map((i) => (i.kind === 'verdict' ? i.targetId : i.kind))).toEqual([
        LEDGER,
        FINDING,
      ]),
    );
    expect(await visit.submit()).toEqual({ ok: false, reason: 'incomplete' });

    await visit.followUp.judge(ledger!, 'relapsed');
    await visit.followUp.judge(finding!, 'rectified');
    await until(() => expect(visit.followUp.progress).toEqual({ judged: 2, total: 2 }));
    expect(visit.issues).toEqual([]);
    expect(await visit.submit()).toEqual({ ok: true });
    await until(() => expect(visit.editable).toBe(false));
    // Submitted: the verdicts are final until the visit is returned.
    expect(await visit.followUp.judge(finding!, 'partial')).toMatchObject({ ok: false });
    expect(visit.followUp.verdictOf(finding!).verdict).toBe('rectified');
    stop();
  });

  it('shows a verdict at once, bases a change of mind on it, and marks it unsynced', async () => {
    const { visit, db, stop, id } = await setup();
    const ledger = visit.followUp.targets[0]!;
    const first = visit.followUp.judge(ledger, 'partial');
    expect(visit.followUp.verdictOf(ledger).verdict).toBe('partial');
    const second = visit.followUp.judge(ledger, 'relapsed');
    expect(visit.followUp.verdictOf(ledger).verdict).toBe('relapsed');
    await Promise.all([first, second]);
    expect(await verdictMutations(db)).toEqual([
      expect.objectContaining({
        targetId: LEDGER,
        set: { verdict: 'partial' },
        base: { verdict: null },
      }),
      expect.objectContaining({
        targetId: LEDGER,
        set: { verdict: 'relapsed' },
        base: { verdict: 'partial' },
      }),
    ]);
    await until(() => expect(visit.followUp.isUnsynced(ledger)).toBe(true));
    expect(visit.isUnsynced('verdict', verdictRecordId(id, 'rectification', LEDGER))).toBe(true);
    expect(visit.followUp.isUnsynced(visit.followUp.targets[1]!)).toBe(false);
    // Read back from the device: the record itself now says 反弹.
    const record = await db.records.get(
      recordKey('verdict', verdictRecordId(id, 'rectification', LEDGER)),
    );
    expect(record?.fields).toMatchObject({ verdict: 'relapsed', targetKind: 'rectification' });
    stop();
  });

  it('saves the comment with its base and adds photos one after another to the evidence', async () => {
    const { visit, db, stop } = await setup();
    const finding = visit.followUp.targets[1]!;
    visit.followUp.saveComment(finding, '派车单已补登', null);
    await until(() => expect(visit.followUp.verdictOf(finding).comment).toBe('派车单已补登'));
    await Promise.all([
      visit.followUp.addEvidence(finding, SHA),
      visit.followUp.addEvidence(finding, SHA_2),
    ]);
    expect(visit.followUp.verdictOf(finding).evidence).toEqual([SHA, SHA_2]);
    // The same file twice is one piece of evidence.
    expect(await visit.followUp.addEvidence(finding, SHA)).toEqual({ ok: true });
    await until(() => expect(visit.followUp.verdictOf(finding).evidence).toEqual([SHA, SHA_2]));
    const sent = await verdictMutations(db);
    expect(sent.map((m) => [m.set, m.base])).toEqual([
      [{ comment: '派车单已补登' }, { comment: null }],
      [{ evidence: [SHA] }, { evidence: null }],
      [{ evidence: [SHA, SHA_2] }, { evidence: [SHA] }],
    ]);
    // Still not judged: a comment and photos are not a verdict.
    expect(visit.followUp.progress).toEqual({ judged: 0, total: 2 });
    stop();
  });

  it('follows the plan record: a target the server drops keeps its verdict aside', async () => {
    const { visit, store, stop } = await setup();
    const ledger = visit.followUp.targets[0]!;
    await visit.followUp.judge(ledger, 'rectified');
    await until(() => expect(visit.followUp.progress.judged).toBe(1));
    const fields = { kind: 'follow_up', confidential: false, followUp: { items: [targets[1]] } };
    const plan = planChanges(fields).find((c) => c.type === 'plan');
    if (plan?.op !== 'upsert') throw new Error('no plan');
    await store.applyPull('c1', [{ ...plan, version: 2 }], 'c2', 0);
    await until(() => expect(visit.followUp.targets.map((t) => t.id)).toEqual([FINDING]));
    expect(visit.followUp.progress).toEqual({ judged: 0, total: 1 });
    expect(visit.followUp.detached.map((v) => [v.targetId, v.verdict])).toEqual([
      [LEDGER, 'rectified'],
    ]);
    stop();
  });

  it('is inactive on other plans', async () => {
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
    await until(() => expect(visit.plan).not.toBeNull());
    expect(visit.followUp.active).toBe(false);
    expect(visit.followUp.targets).toEqual([]);
    // The device refuses a verdict outside a 回头看, and nothing is queued.
    const out = await device.service.verdict(
      { inspectionId: started.id, targetKind: 'finding', targetId: FINDING },
      { verdict: 'rectified' },
      {},
    );
    expect(out).toEqual({ ok: false, reason: 'sync.not_follow_up' });
    expect(await verdictMutations(device.db)).toEqual([]);
    stop();
  });
});
