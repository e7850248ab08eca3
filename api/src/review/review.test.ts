import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSheet } from '@ducha/shared';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { pullAll, type Caller } from '../sync/sync-test-support';
import { syncDb } from '../sync/sync.schema';
import { reviewDb } from './review.tables';
import { submittedVisit, startedVisit, type PlanRef } from './review-test-support';

/*
 * The review API (审核) through createCaller against the real database: the queue, one visit,
 * 退回修改 and 审核通过, and who may see and decide what. Demo: `supervisor` oversees the whole
 * province (JN), `sunwei` only 临江市 (JN.LJ); `leader` leads the first team (`inspector`,
 * `chenjing`), `zhoumin` the second (`liuyang`).
 */

let env: TestEnv;
const callers = new Map<string, Caller>();
const as = (name: string) => callers.get(name)!;

beforeAll(async () => {
  env = await setupTestEnv();
  for (const name of [
    'inspector',
    'chenjing',
    'liuyang',
    'leader',
    'zhoumin',
    'supervisor',
    'sunwei',
    'admin',
  ]) {
    callers.set(name, await signedIn(env.deps, name));
  }
});
afterAll(() => env.cleanup());

async function planOf(kind: string, status?: string): Promise<PlanRef> {
  const plan = (await as('inspector').plan.list()).find(
    (p) => p.kind === kind && (status === undefined || p.status === status),
  );
  expect(plan, `a ${kind} plan of the inspector's team in the demo`).toBeDefined();
  return plan!;
}

const visitRecord = async (id: string) => {
  const row = await syncDb(env.db)
    .selectFrom('sync_records')
    .select(['version', 'fields'])
    .where('type', '=', 'inspection')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { version: row.version, fields: row.fields as Record<string, unknown> };
};

const ledgerCount = async () =>
  Number(
    (
      await env.db
        .selectFrom('rectification_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('review of a 年中督责 visit (JN.JTT, outside 临江市)', () => {
  let inspectionId: string;
  let findingId: string;
  let plan: PlanRef;

  beforeAll(async () => {
    plan = await planOf('midyear', 'in_progress');
    ({ inspectionId, findingId } = await submittedVisit(env, as('inspector'), plan, {
      finding: true,
    }));
  });

  it('is in the queue of the province supervisor and of the team leader, with its figures', async () => {
    for (const name of ['supervisor', 'leader']) {
      const page = await as(name).review.queue({});
      const row = page.rows.find((r) => r.inspectionId === inspectionId);
      expect(row, name).toMatchObject({
        planId: plan.id,
        planKind: 'midyear',
        status: 'submitted',
        findingsCount: 1,
        unit: { id: plan.targetUnit.id },
      });
      expect(row!.inspectors).toContain('张明');
      expect(row!.score).not.toBeNull();
      expect(row!.grade).not.toBeNull();
      expect(page.total).toBeGreaterThanOrEqual(page.rows.length);
    }
  });

  it('filters by kind and unit, and pages', async () => {
    const midyear = await as('supervisor').review.queue({ kind: 'midyear' });
    expect(midyear.rows.map((r) => r.inspectionId)).toContain(inspectionId);
    const talks = await as('supervisor').review.queue({ kind: 'talk' });
    expect(talks.rows.map((r) => r.inspectionId)).not.toContain(inspectionId);
    const elsewhere = await as('supervisor').review.queue({ unitId: await unitId('JN.LJ') });
    expect(elsewhere.rows.map((r) => r.inspectionId)).not.toContain(inspectionId);
    const here = await as('supervisor').review.queue({ unitId: await unitId('JN') });
    expect(here.rows.map((r) => r.inspectionId)).toContain(inspectionId);
    const first = await as('supervisor').review.queue({ status: 'approved', pageSize: 1 });
    expect(first.rows.length).toBeLessThanOrEqual(1);
    expect(first.pageSize).toBe(1);
  });

  it('is invisible to a supervisor outside its scope, to another team’s leader and to admins', async () => {
    for (const name of ['sunwei', 'zhoumin']) {
      const page = await as(name).review.queue({});
      expect(
        page.rows.map((r) => r.inspectionId),
        name,
      ).not.toContain(inspectionId);
      await expectAppError(
        as(name).review.get({ id: inspectionId }),
        'NOT_FOUND',
        'common.not_found',
      );
      await expectAppError(
        as(name).review.return({ id: inspectionId, reason: '请补充' }),
        'NOT_FOUND',
        'common.not_found',
      );
      await expectAppError(as(name).review.approve({ id: inspectionId }), 'NOT_FOUND');
    }
    // Exactly like an id that does not exist.
    await expectAppError(
      as('supervisor').review.get({ id: randomUUID() }),
      'NOT_FOUND',
      'common.not_found',
    );
    await expectAppError(as('admin').review.queue({}), 'FORBIDDEN');
  });

  it('is not the inspectors’ to read or decide, not even their own team’s', async () => {
    for (const name of ['inspector', 'chenjing', 'liuyang']) {
      await expectAppError(as(name).review.queue({}), 'FORBIDDEN');
      await expectAppError(as(name).review.get({ id: inspectionId }), 'FORBIDDEN');
      await expectAppError(as(name).review.approve({ id: inspectionId }), 'FORBIDDEN');
      await expectAppError(
        as(name).review.return({ id: inspectionId, reason: '自己退回' }),
        'FORBIDDEN',
      );
    }
    expect((await visitRecord(inspectionId)).fields.status).toBe('submitted');
  });

  it('opens with the checklist, answers, scores by the shared scoring, and the finding', async () => {
    const visit = await as('supervisor').review.get({ id: inspectionId });
    expect(visit.status).toBe('submitted');
    expect(visit.unit.id).toBe(plan.targetUnit.id);
    const items = visit.template.sections.flatMap((s) => s.items);
    expect(visit.answers).toHaveLength(items.length);
    const values = Object.fromEntries(visit.answers.map((a) => [a.itemId, a.answer]));
    const expected = scoreSheet(visit.template, values as never);
    expect(visit.sheet.overall).toBe(expected.overall);
    expect(visit.sheet.sections.map((s) => s.score)).toEqual(expected.sections.map((s) => s.score));
    const projected = await reviewDb(env.db)
      .selectFrom('visit_projection')
      .select('score')
      .where('inspection_id', '=', inspectionId)
      .executeTakeFirstOrThrow();
    expect(Number(projected.score)).toBeCloseTo(visit.sheet.overall!, 2);
    expect(visit.findings).toEqual([
      expect.objectContaining({
        id: findingId,
        title: '公务接待超标准',
        proposedRectification: {
          measures: '清退超标准接待费用，修订公务接待制度',
          kind: 'deadline',
          deadline: '2026-04-30',
        },
        rectificationItemId: null,
      }),
    ]);
    expect(visit.canDecide).toBe(true);
    expect(visit.ownVisit).toBe(false);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = await visitRecord(inspectionId);
    const noRemark = await expectAppError(
      as('supervisor').review.return({ id: inspectionId, reason: '  ', comments: [] }),
      'BAD_REQUEST',
    );
    const issues = (noRemark.cause as { issues?: { message: string }[] }).issues ?? [];
    expect(issues.map((i) => i.message)).toEqual(['review.comment_required']);
    await expectAppError(
      as('supervisor').review.return({
        id: inspectionId,
        comments: [{ itemId: 'not-a-uuid', text: '请补充' }],
      }),
      'BAD_REQUEST',
    );
    await expectAppError(
      as('supervisor').review.return({ id: inspectionId, comments: [{ itemId: null, text: '' }] }),
      'BAD_REQUEST',
    );
    await expectAppError(as('supervisor').review.approve({ id: 'x' }), 'BAD_REQUEST');
    await expectAppError(as('supervisor').review.queue({ pageSize: 0 }), 'BAD_REQUEST');
    await expectAppError(
      as('supervisor').review.queue({ status: 'draft' as never }),
      'BAD_REQUEST',
    );
    const after = await visitRecord(inspectionId);
    expect(after.version).toBe(before.version);
    expect(after.fields).toEqual(before.fields);
  });

  it('is returned with per-item remarks and a reason, which the team’s phone pulls', async () => {
    const visit = await as('supervisor').review.get({ id: inspectionId });
    const itemId = visit.template.sections[0]!.items[0]!.id;
    const done = await as('supervisor').review.return({
      id: inspectionId,
      reason: '佐证材料不全',
      comments: [{ itemId, text: '请补充会议记录照片' }],
    });
    expect(done).toEqual({ inspectionId, status: 'returned' });

    const pulled = await pullAll(env, as('inspector'), randomUUID(), null);
    const record = pulled.changes.find(
      (c) => c.op === 'upsert' && c.type === 'inspection' && c.id === inspectionId,
    );
    expect(record && record.op === 'upsert' && record.fields).toMatchObject({
      status: 'returned',
      reviewComments: [
        expect.objectContaining({ itemId: null, text: '佐证材料不全' }),
        expect.objectContaining({ itemId, text: '请补充会议记录照片' }),
      ],
    });
    // Returned: out of the waiting queue, in the returned tab; not returnable nor approvable again.
    const waiting = await as('supervisor').review.queue({});
    expect(waiting.rows.map((r) => r.inspectionId)).not.toContain(inspectionId);
    const returned = await as('supervisor').review.queue({ status: 'returned' });
    expect(returned.rows.map((r) => r.inspectionId)).toContain(inspectionId);
    const before = await visitRecord(inspectionId);
    const items = await ledgerCount();
    await expectAppError(
      as('supervisor').review.return({ id: inspectionId, reason: '再退' }),
      'CONFLICT',
      'review.not_submitted',
    );
    await expectAppError(
      as('supervisor').review.approve({ id: inspectionId }),
      'CONFLICT',
      'review.not_submitted',
    );
    expect((await visitRecord(inspectionId)).version).toBe(before.version);
    expect(await ledgerCount()).toBe(items);
  });

  it('resubmitted, is approved once: the proposal becomes one 整改台账 item, however often approved', async () => {
    const items = await ledgerCount();
    await as('inspector').sync.push({
      deviceId: randomUUID(),
      mutations: [
        {
          id: 1,
          name: 'inspection.submit',
          args: { id: inspectionId, submittedAt: '2026-03-03T01:00:00.000Z' },
          schemaVersion: 2,
          clientTime: '2026-03-03T01:00:00.000Z',
        },
      ],
    });
    expect((await visitRecord(inspectionId)).fields.status).toBe('submitted');

    const approved = await as('supervisor').review.approve({ id: inspectionId });
    expect(approved.status).toBe('approved');
    expect(approved.ledgerItems).toHaveLength(1);
    const item = approved.ledgerItems[0]!;
    expect(item).toMatchObject({
      findingId,
      title: '公务接待超标准',
      measures: '清退超标准接待费用，修订公务接待制度',
      kind: 'deadline',
      deadline: '2026-04-30',
      status: 'open',
      responsibleUnitId: plan.targetUnit.id,
    });
    expect(item.history).toEqual([
      expect.objectContaining({ event: 'finding.approved', findingId, to: 'open' }),
    ]);
    expect(await ledgerCount()).toBe(items + 1);
    const audit = await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', 'in', [item.id, inspectionId])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(
      ['inspection.approve', 'inspection.return', 'ledger.create'].sort(),
    );

    const version = (await visitRecord(inspectionId)).version;
    const again = await as('supervisor').review.approve({ id: inspectionId });
    expect(again.ledgerItems.map((i) => i.id)).toEqual([item.id]);
    expect(await ledgerCount()).toBe(items + 1);
    expect((await visitRecord(inspectionId)).version).toBe(version);

    const visit = await as('supervisor').review.get({ id: inspectionId });
    expect(visit.status).toBe('approved');
    expect(visit.findings[0]!.rectificationItemId).toBe(item.id);
    expect(visit.canDecide).toBe(false);
    const tab = await as('supervisor').review.queue({ status: 'approved' });
    expect(tab.rows.find((r) => r.inspectionId === inspectionId)?.approvedAt).not.toBeNull();
    // The phone learns of the approval too.
    const pulled = await pullAll(env, as('inspector'), randomUUID(), null);
    const record = pulled.changes.find(
      (c) => c.op === 'upsert' && c.type === 'inspection' && c.id === inspectionId,
    );
    expect(record && record.op === 'upsert' && record.fields.status).toBe('approved');
  });
});

describe('a 四不两直 visit (JN.LJ.QS)', () => {
  it('stays out of every supervisor’s review while its plan is unrevealed', async () => {
    const plan = await planOf('unannounced', 'planned');
    const visit = await startedVisit(env, as('inspector'), plan, { finding: true });
    // Started, not submitted: the target is still secret.
    for (const name of ['supervisor', 'sunwei']) {
      await expectAppError(as(name).review.get({ id: visit.inspectionId }), 'NOT_FOUND');
    }
    await visit.submit();
    // Submitted reveals it: both supervisors above 青山县 see it now, the other team still not.
    for (const name of ['supervisor', 'sunwei', 'leader']) {
      expect((await as(name).review.get({ id: visit.inspectionId })).plan.id, name).toBe(plan.id);
    }
    await expectAppError(as('zhoumin').review.get({ id: visit.inspectionId }), 'NOT_FOUND');

    // Were the plan still secret (revealed_at unset), no supervisor could read or decide it,
    // while its own team leader could.
    await env.db
      .updateTable('plans')
      .set({ revealed_at: null } as never)
      .where('id', '=', plan.id)
      .execute();
    for (const name of ['supervisor', 'sunwei']) {
      for (const status of ['submitted', 'returned', 'approved'] as const) {
        const page = await as(name).review.queue({ status });
        expect(page.rows.map((r) => r.planId)).not.toContain(plan.id);
      }
      await expectAppError(as(name).review.get({ id: visit.inspectionId }), 'NOT_FOUND');
      await expectAppError(as(name).review.approve({ id: visit.inspectionId }), 'NOT_FOUND');
      await expectAppError(
        as(name).review.return({ id: visit.inspectionId, reason: '请补充' }),
        'NOT_FOUND',
      );
    }
    expect((await as('leader').review.queue({})).rows.map((r) => r.inspectionId)).toContain(
      visit.inspectionId,
    );
    await env.db
      .updateTable('plans')
      .set({ revealed_at: new Date() } as never)
      .where('id', '=', plan.id)
      .execute();
  });
});

describe('approval by the visit’s own people', () => {
  it('is refused to the team leader who made the visit; another reviewer may approve it', async () => {
    const plan = await planOf('open_covert');
    const visit = await submittedVisit(env, as('leader'), plan);
    const own = await as('leader').review.get({ id: visit.inspectionId });
    expect(own.ownVisit).toBe(true);
    await expectAppError(
      as('leader').review.approve({ id: visit.inspectionId }),
      'FORBIDDEN',
      'review.own_visit',
    );
    expect((await visitRecord(visit.inspectionId)).fields.status).toBe('submitted');
    const ok = await as('supervisor').review.approve({ id: visit.inspectionId });
    expect(ok.status).toBe('approved');
    expect(ok.ledgerItems).toEqual([]);
    // Its only visit approved, the plan is done.
    expect((await as('leader').plan.get({ id: plan.id })).status).toBe('done');
  });
});

describe('two reviewers approving at once', () => {
  it('open the ledger item once: one approval writes, the other finds it approved', async () => {
    const plan = await planOf('follow_up');
    const visit = await submittedVisit(env, as('inspector'), plan, { finding: true });
    const items = await ledgerCount();
    const [a, b] = await Promise.all([
      as('supervisor').review.approve({ id: visit.inspectionId }),
      as('leader').review.approve({ id: visit.inspectionId }),
    ]);
    expect(a.ledgerItems.map((i) => i.id)).toHaveLength(1);
    expect(b.ledgerItems.map((i) => i.id)).toEqual(a.ledgerItems.map((i) => i.id));
    expect(await ledgerCount()).toBe(items + 1);
    const approvals = await env.db
      .selectFrom('audit_events')
      .select('actor_id')
      .where('action', '=', 'inspection.approve')
      .where('entity_id', '=', visit.inspectionId)
      .execute();
    expect(approvals).toHaveLength(1);
  });
});

async function unitId(code: string): Promise<string> {
  const row = await env.db
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}
