import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstDay, isOverdue, type LedgerItemDetail, type LedgerListRow } from '@ducha/shared';
import { attachmentDb } from '../attachments/attachment.tables';
import { jsonb } from '../db/json';
import { mutation, type Caller } from '../sync/sync-test-support';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { syncDb } from '../sync/sync.schema';

/*
 * The 整改台账 through the API (ledger.list / get / transition / assign): scope, filters, paging,
 * overdue, the machine's roles, optimistic concurrency, history and audit — and the rule that
 * matters most: nothing of a 四不两直 plan under secrecy reaches anyone outside its team.
 */

let env: TestEnv;
const as: Record<string, Caller> = {};
const unit = new Map<string, string>();
let secretPlan: { id: string; targetUnitId: string };
let secretItemId: string;

async function insertItem(over: Record<string, unknown> = {}) {
  const id = randomUUID();
  const creator = await env.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'supervisor')
    .executeTakeFirstOrThrow();
  await env.db
    .insertInto('rectification_items')
    .values({
      id,
      finding_id: null,
      title: '测试整改事项',
      measures: '测试措施',
      responsible_unit_id: unit.get('JN.CZT')!,
      responsible_person: '测试责任人',
      kind: 'deadline',
      deadline: '2030-01-01',
      status: 'open',
      progress: jsonb([]),
      verifications: jsonb([]),
      history: jsonb([]),
      created_by: creator.id,
      ...over,
    })
    .execute();
  return id;
}

beforeAll(async () => {
  env = await setupTestEnv();
  for (const u of await env.db.selectFrom('units').select(['id', 'code']).execute()) {
    unit.set(u.code, u.id);
  }
  for (const name of [
    'supervisor',
    'sunwei',
    'leader',
    'inspector',
    'chenjing',
    'liuyang',
    'zhoumin',
    'admin',
  ]) {
    as[name] = await signedIn(env.deps, name);
  }
  // A finding recorded on the team's 四不两直 visit (not yet submitted: the plan is secret), and
  // a ledger item born of it (as a signed 约谈 or an approval would make one).
  const plan = (await as.inspector!.plan.list()).find(
    (p) => p.kind === 'unannounced' && p.status === 'planned',
  )!;
  secretPlan = { id: plan.id, targetUnitId: plan.targetUnit.id };
  const findingId = randomUUID();
  const pushed = await as.inspector!.sync.push({
    deviceId: randomUUID(),
    mutations: [
      mutation(1, 'finding.create', {
        id: findingId,
        planId: plan.id,
        inspectionId: null,
        itemId: null,
        unitId: plan.targetUnit.id,
        createdAt: '2026-03-02T01:00:00.000Z',
        category: 'eight_rules',
        severity: 'high',
        title: '暗访发现公车私用',
        description: '周末公务用车停放在景区',
        moneyInvolvedYuan: null,
        recommendedForm: null,
        isClue: false,
        unitsConcerned: [],
        peopleConcerned: [],
        proposedRectification: null,
      }),
    ],
  });
  expect(
    pushed.results.map((r) => r.status),
    JSON.stringify(pushed.results),
  ).toEqual(['applied']);
  secretItemId = await insertItem({
    finding_id: findingId,
    title: '暗访问题：公车私用整改',
    responsible_unit_id: plan.targetUnit.id,
  });
});
afterAll(() => env.cleanup());

const list = (who: string, input: Parameters<Caller['ledger']['list']>[0] = {}) =>
  as[who]!.ledger.list(input);
const titles = (rows: LedgerListRow[]) => rows.map((r) => r.title);

describe('ledger.list', () => {
  it('gives a supervisor every item of their scope, with the total and counts per status', async () => {
    const page = await list('supervisor', { pageSize: 100 });
    // The province's supervisor: every item but the one of the secret visit (see below).
    const all = await env.db
      .selectFrom('rectification_items')
      .select(['id', 'status'])
      .where('id', '<>', secretItemId)
      .execute();
    expect(page.rows.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
    expect(page.total).toBe(all.length);
    const counted = Object.values(page.statusCounts).reduce((a, b) => a + b, 0);
    expect(counted).toBe(all.length);
    expect(page.statusCounts.closed).toBe(all.filter((r) => r.status === 'closed').length);
    expect(page.statusCounts.reopened).toBe(1);
  });

  it('gives a supervisor nothing outside their scope (临江市 sees no 省财政厅 item)', async () => {
    const page = await list('sunwei', { pageSize: 100 });
    expect(page.rows.filter((r) => r.responsibleUnit.id === unit.get('JN.CZT'))).toEqual([]);
    expect(page.total).toBe(page.rows.length);
  });

  it('refuses an administrator', async () => {
    await expectAppError(list('admin'), 'FORBIDDEN', 'auth.forbidden');
  });

  it('filters by status, kind, person, search text and unit subtree', async () => {
    const reported = await list('supervisor', { filter: { statuses: ['reported'] } });
    expect(reported.rows.map((r) => r.status)).toEqual(['reported']);
    expect(reported.statusCounts.closed).toBe(2); // chips keep every status
    const canteen = await list('supervisor', { filter: { q: '食堂' } });
    expect(titles(canteen.rows).sort()).toEqual(
      [
        '关停机关食堂包间，规范公务接待',
        '退还食堂经费列支的超标准接待费用',
        '开展机关食堂经费专项审计',
      ].sort(),
    );
    const campaign = await list('supervisor', { filter: { kind: 'campaign' } });
    expect(titles(campaign.rows)).toEqual(['开展机关食堂经费专项审计']);
    const person = await list('supervisor', { filter: { person: '审计处' } });
    expect(titles(person.rows)).toEqual(['开展机关食堂经费专项审计']);
    const literal = await list('supervisor', { filter: { q: '%' } });
    expect(literal.total).toBe(0);
    const underProvince = await list('supervisor', { filter: { unitId: unit.get('JN')! } });
    const underLj = await list('supervisor', { filter: { unitId: unit.get('JN.LJ')! } });
    expect(underProvince.total).toBeGreaterThan(underLj.total);
    expect(underLj.rows.every((r) => r.responsibleUnit.id !== unit.get('JN.CZT'))).toBe(true);
  });

  it('filters by the finding’s category and by deadline range', async () => {
    const funds = await list('supervisor', { filter: { category: 'eight_rules' }, pageSize: 100 });
    const other = await list('supervisor', { filter: { category: 'political' }, pageSize: 100 });
    expect(funds.total + other.total).toBeGreaterThan(0);
    for (const r of [...funds.rows]) expect(r.category).toBe('eight_rules');
    const today = cstDay(env.clock.now());
    const ranged = await list('supervisor', {
      filter: { deadlineFrom: today, deadlineTo: '2099-12-31' },
      pageSize: 100,
    });
    expect(ranged.rows.length).toBeGreaterThan(0);
    for (const r of ranged.rows) expect(r.deadline! >= today).toBe(true);
  });

  it('flags overdue items by the shared rule, and filters on it', async () => {
    const all = await list('supervisor', { pageSize: 100 });
    for (const r of all.rows) {
      expect(r.overdue).toBe(isOverdue({ ...r }, env.clock.now()));
    }
    const overdue = await list('supervisor', { filter: { overdue: true }, pageSize: 100 });
    expect(titles(overdue.rows)).toContain('修订津贴补贴发放审核办法');
    expect(overdue.rows.every((r) => r.overdue)).toBe(true);
    expect(overdue.total).toBe(all.rows.filter((r) => r.overdue).length);
    expect(all.overdueCount).toBe(overdue.total);
    const notOverdue = await list('supervisor', { filter: { overdue: false }, pageSize: 100 });
    expect(notOverdue.total + overdue.total).toBe(all.total);
  });

  it('sorts by a column either way, and pages on the server', async () => {
    const byTitle = await list('supervisor', { sort: 'title', pageSize: 100 });
    const desc = await list('supervisor', { sort: 'title', desc: true, pageSize: 100 });
    expect(titles(desc.rows)).toEqual([...titles(byTitle.rows)].reverse());
    const p1 = await list('supervisor', { sort: 'createdAt', pageSize: 2, page: 1 });
    const p2 = await list('supervisor', { sort: 'createdAt', pageSize: 2, page: 2 });
    expect(p1.rows).toHaveLength(2);
    expect(p1.total).toBe(byTitle.total);
    expect(p2.rows.map((r) => r.id)).not.toContain(p1.rows[0]!.id);
    const byDeadline = await list('supervisor', { sort: 'deadline', pageSize: 100 });
    const deadlines = byDeadline.rows.map((r) => r.deadline).filter((d) => d !== null);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(byDeadline.rows.at(-1)!.deadline).toBeNull();
  });

  it('refuses bad input', async () => {
    await expectAppError(list('supervisor', { pageSize: 1000 }), 'BAD_REQUEST');
    await expectAppError(
      list('supervisor', { filter: { statuses: ['lost' as never] } }),
      'BAD_REQUEST',
    );
  });
});

describe('a 四不两直 target stays hidden in the ledger', () => {
  it('the visiting team sees the item born of its visit', async () => {
    for (const who of ['inspector', 'chenjing', 'leader']) {
      const page = await list(who, { pageSize: 100 });
      expect(
        page.rows.map((r) => r.id),
        who,
      ).toContain(secretItemId);
      expect((await as[who]!.ledger.get({ id: secretItemId })).responsibleUnit.id).toBe(
        secretPlan.targetUnitId,
      );
    }
  });

  it('nobody outside the team learns of it: not another team, not the region’s supervisors', async () => {
    for (const who of ['liuyang', 'zhoumin', 'supervisor', 'sunwei']) {
      const page = await list(who, { pageSize: 100 });
      expect(
        page.rows.map((r) => r.id),
        who,
      ).not.toContain(secretItemId);
      const searched = await list(who, { filter: { q: '暗访' } });
      expect(searched.total, who).toBe(0);
      const counted = await list(who, { filter: { unitId: secretPlan.targetUnitId } });
      expect(
        counted.rows.map((r) => r.id),
        who,
      ).not.toContain(secretItemId);
      await expectAppError(
        as[who]!.ledger.get({ id: secretItemId }),
        'NOT_FOUND',
        'common.not_found',
      );
      await expectAppError(
        as[who]!.ledger.transition({
          id: secretItemId,
          event: 'start',
          expectedUpdatedAt: new Date().toISOString(),
        }),
        'NOT_FOUND',
        'common.not_found',
      );
    }
  });

  it('an inspector of another team sees no item of plans they cannot see', async () => {
    const page = await list('liuyang', { pageSize: 100 });
    expect(page.rows.filter((r) => r.responsibleUnit.id === unit.get('JN.CZT'))).toEqual([]);
  });
});

describe('ledger.get', () => {
  it('gives the item with its finding, history, progress, verifications and names', async () => {
    const closed = (await list('supervisor', { filter: { statuses: ['closed'], q: '食堂' } }))
      .rows[0]!;
    const item = await as.supervisor!.ledger.get({ id: closed.id });
    expect(item.status).toBe('closed');
    expect(item.history.map((h) => h.event)).toEqual([
      'start',
      'submit_for_verification',
      'verify_pass',
      'close',
    ]);
    expect(item.verifications[0]!.passed).toBe(true);
    expect(item.finding?.title).toBeTruthy();
    expect(Object.values(item.people)).toContain('王芳');
  });

  it('answers NOT_FOUND for a missing item and one out of scope, alike', async () => {
    const czt = (await list('supervisor')).rows[0]!;
    const missing = await expectAppError(
      as.supervisor!.ledger.get({ id: randomUUID() }),
      'NOT_FOUND',
    );
    const hidden = await expectAppError(as.sunwei!.ledger.get({ id: czt.id }), 'NOT_FOUND');
    expect(hidden.message).toBe(missing.message);
    await expectAppError(as.admin!.ledger.get({ id: czt.id }), 'FORBIDDEN');
  });
});

async function freshItem(over: Record<string, unknown> = {}): Promise<LedgerItemDetail> {
  const id = await insertItem(over);
  return as.supervisor!.ledger.get({ id });
}

async function fileOf(username: string): Promise<string> {
  const sha = randomUUID().replace(/-/g, '').padEnd(64, '0');
  const user = await env.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  await attachmentDb(env.db)
    .insertInto('files')
    .values({ sha256: sha, size: 10, mime_type: 'image/jpeg', uploaded_by: user.id })
    .execute();
  return sha;
}

describe('ledger.transition', () => {
  it('drives an item 交办 → 整改中 → 申请销号 → 验收 → 销号 by the right roles', async () => {
    let item = await freshItem();
    const fire = async (who: string, event: string, extra: Record<string, unknown> = {}) => {
      item = await as[who]!.ledger.transition({
        id: item.id,
        event: event as never,
        expectedUpdatedAt: item.updatedAt,
        ...extra,
      });
      return item;
    };
    env.clock.advance(1000);
    await fire('leader', 'start');
    expect(item.status).toBe('in_progress');
    env.clock.advance(1000);
    const evidence = await fileOf('leader');
    await fire('leader', 'submit_for_verification', {
      comment: '已全部整改到位',
      evidence: [evidence],
    });
    expect(item.status).toBe('reported');
    expect(item.progress.at(-1)).toMatchObject({ text: '已全部整改到位', evidence: [evidence] });
    env.clock.advance(1000);
    await fire('supervisor', 'verify_pass', { comment: '书面核查通过' });
    expect(item.status).toBe('verified');
    env.clock.advance(1000);
    await fire('supervisor', 'close');
    expect(item.status).toBe('closed');
    expect(item.closedAt).not.toBeNull();
    expect(item.history.map((h) => [h.event, h.role])).toEqual([
      ['start', 'team_leader'],
      ['submit_for_verification', 'team_leader'],
      ['verify_pass', 'supervisor'],
      ['close', 'supervisor'],
    ]);
    expect(item.history[2]!.note).toBe('书面核查通过');
    const audit = await env.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('entity_id', '=', item.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(Array(4).fill('ledger.transition'));
  });

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const item = await freshItem();
    env.clock.advance(1000);
    await as.leader!.ledger.transition({
      id: item.id,
      event: 'start',
      expectedUpdatedAt: item.updatedAt,
    });
    await expectAppError(
      as.inspector!.ledger.transition({
        id: item.id,
        event: 'submit_for_verification',
        expectedUpdatedAt: item.updatedAt,
        comment: '完成',
        evidence: [await fileOf('inspector')],
      }),
      'CONFLICT',
      'ledger.stale',
    );
    expect((await as.supervisor!.ledger.get({ id: item.id })).status).toBe('in_progress');
  });

  it('keeps the roles: a supervisor does not claim a fix, an inspector does not verify', async () => {
    const item = await freshItem({ status: 'reported' });
    await expectAppError(
      as.inspector!.ledger.transition({
        id: item.id,
        event: 'verify_pass',
        expectedUpdatedAt: item.updatedAt,
      }),
      'FORBIDDEN',
      'ledger.role_not_allowed',
    );
    const open = await freshItem();
    await expectAppError(
      as.supervisor!.ledger.transition({
        id: open.id,
        event: 'start',
        expectedUpdatedAt: open.updatedAt,
      }),
      'FORBIDDEN',
      'ledger.role_not_allowed',
    );
    await expectAppError(
      as.supervisor!.ledger.transition({
        id: open.id,
        event: 'close',
        expectedUpdatedAt: open.updatedAt,
      }),
      'CONFLICT',
      'ledger.transition_not_allowed',
    );
  });

  it('needs a reason to fail a check, and evidence the caller may read to claim completion', async () => {
    const item = await freshItem({ status: 'reported' });
    await expectAppError(
      as.supervisor!.ledger.transition({
        id: item.id,
        event: 'verify_fail',
        expectedUpdatedAt: item.updatedAt,
      }),
      'BAD_REQUEST',
      'ledger.note_required',
    );
    const failed = await as.supervisor!.ledger.transition({
      id: item.id,
      event: 'verify_fail',
      expectedUpdatedAt: item.updatedAt,
      comment: '佐证材料不足',
    });
    expect(failed.status).toBe('in_progress');
    expect(failed.history.at(-1)).toMatchObject({ event: 'verify_fail', note: '佐证材料不足' });
    await expectAppError(
      as.leader!.ledger.transition({
        id: item.id,
        event: 'submit_for_verification',
        expectedUpdatedAt: failed.updatedAt,
        comment: '完成',
      }),
      'BAD_REQUEST',
      'ledger.evidence_required',
    );
    // A file someone else uploaded and no visible plan references: as if it did not exist.
    await expectAppError(
      as.leader!.ledger.transition({
        id: item.id,
        event: 'submit_for_verification',
        expectedUpdatedAt: failed.updatedAt,
        comment: '完成',
        evidence: [await fileOf('liuyang')],
      }),
      'NOT_FOUND',
    );
  });

  it('verifies on a 回头看 verdict of 整改到位 shown on the item', async () => {
    const item = await freshItem({ status: 'reported' });
    const followUp = await env.db
      .selectFrom('plans')
      .select('id')
      .where('kind', '=', 'follow_up')
      .where('target_unit_id', '=', unit.get('JN.CZT')!)
      .executeTakeFirstOrThrow();
    const verdictId = `verdict-${item.id}`;
    const leader = await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'leader')
      .executeTakeFirstOrThrow();
    await syncDb(env.db)
      .insertInto('sync_records')
      .values({
        type: 'verdict',
        id: verdictId,
        plan_id: followUp.id,
        version: 1,
        fields: jsonb({
          inspectionId: randomUUID(),
          targetKind: 'rectification',
          targetId: item.id,
          verdict: 'rectified',
          comment: '现场查看已整改',
          judgedBy: leader.id,
          judgedAt: '2026-03-02T02:00:00.000Z',
        }),
      } as never)
      .execute();
    const shown = await as.supervisor!.ledger.get({ id: item.id });
    expect(shown.verdicts).toEqual([
      expect.objectContaining({ id: verdictId, verdict: 'rectified', judgedBy: leader.id }),
    ]);
    await expectAppError(
      as.supervisor!.ledger.transition({
        id: item.id,
        event: 'verify_pass',
        expectedUpdatedAt: item.updatedAt,
        verdictId: 'verdict-of-something-else',
      }),
      'NOT_FOUND',
    );
    const verified = await as.supervisor!.ledger.transition({
      id: item.id,
      event: 'verify_pass',
      expectedUpdatedAt: item.updatedAt,
      verdictId,
    });
    expect(verified.status).toBe('verified');
    expect(verified.history.at(-1)).toMatchObject({ verdictId, note: '现场查看已整改' });
  });
});

describe('ledger.assign (交办)', () => {
  it('a supervisor sets unit, person, kind and deadline; the new unit’s supervisor then sees it', async () => {
    const item = await freshItem();
    expect((await list('sunwei', { pageSize: 100 })).rows.map((r) => r.id)).not.toContain(item.id);
    env.clock.advance(1000);
    const assigned = await as.supervisor!.ledger.assign({
      id: item.id,
      expectedUpdatedAt: item.updatedAt,
      responsibleUnitId: unit.get('JN.LJ.CZJ')!,
      responsiblePerson: '临江市财政局局长',
      kind: 'deadline',
      deadline: '2030-06-30',
      comment: '属地整改',
    });
    expect(assigned).toMatchObject({
      responsibleUnit: { id: unit.get('JN.LJ.CZJ') },
      responsiblePerson: '临江市财政局局长',
      deadline: '2030-06-30',
    });
    expect(assigned.history.at(-1)).toMatchObject({ event: 'assigned', note: '属地整改' });
    expect((await list('sunwei', { pageSize: 100 })).rows.map((r) => r.id)).toContain(item.id);
    // …but cannot hand it to a unit outside their own scope.
    await expectAppError(
      as.sunwei!.ledger.assign({
        id: item.id,
        expectedUpdatedAt: assigned.updatedAt,
        responsibleUnitId: unit.get('JN.CZT')!,
        responsiblePerson: '某人',
        kind: 'deadline',
        deadline: null,
      }),
      'NOT_FOUND',
    );
  });

  it('is the supervisor’s: a team leader is refused, an item out of scope is not found', async () => {
    const item = await freshItem();
    const input = {
      id: item.id,
      expectedUpdatedAt: item.updatedAt,
      responsibleUnitId: unit.get('JN.CZT')!,
      responsiblePerson: '某人',
      kind: 'immediate' as const,
      deadline: null,
    };
    await expectAppError(as.leader!.ledger.assign(input), 'FORBIDDEN', 'ledger.assign_not_allowed');
    await expectAppError(as.sunwei!.ledger.assign(input), 'NOT_FOUND');
    await expectAppError(as.admin!.ledger.assign(input), 'FORBIDDEN');
    await expectAppError(
      as.supervisor!.ledger.assign({ ...input, responsiblePerson: '  ' }),
      'BAD_REQUEST',
    );
  });
});

describe('ledger.typicalCase (以案促改)', () => {
  async function sourceWithFinding() {
    const rows = (await list('supervisor', { filter: { q: '津贴' }, pageSize: 100 })).rows;
    return rows.find((r) => r.findingId !== null)!;
  }

  it('gives each chosen unit its own open item linked to the source finding', async () => {
    const source = await sourceWithFinding();
    const targets = [unit.get('JN.LJ.CZJ')!, unit.get('JN.YC.CZ')!];
    const pushed = await as.supervisor!.ledger.typicalCase({
      id: source.id,
      unitIds: targets,
      measures: '对照省财政厅津贴补贴问题开展自查自纠',
      responsiblePerson: '单位主要负责人',
      deadline: '2030-03-31',
    });
    expect(pushed.map((p) => p.responsibleUnit.id).sort()).toEqual([...targets].sort());
    for (const p of pushed) {
      expect(p).toMatchObject({
        status: 'open',
        findingId: source.findingId,
        deadline: '2030-03-31',
      });
      const item = await as.supervisor!.ledger.get({ id: p.id });
      expect(item.typicalCase).toBe(true);
      expect(item.history).toEqual([
        expect.objectContaining({ event: 'assigned', role: 'supervisor' }),
      ]);
    }
    // The city's supervisor now runs the 临江市财政局 item, and only that one.
    const lj = (await list('sunwei', { pageSize: 100 })).rows.map((r) => r.id);
    expect(lj).toContain(pushed.find((p) => p.responsibleUnit.id === targets[0])!.id);
    expect(lj).not.toContain(pushed.find((p) => p.responsibleUnit.id === targets[1])!.id);
  });

  it('refuses units outside the scope, items out of sight, other roles, and bad input', async () => {
    const source = await sourceWithFinding();
    const base = {
      id: source.id,
      unitIds: [unit.get('JN.LJ.CZJ')!],
      measures: '自查自纠',
      responsiblePerson: '负责人',
      deadline: null,
    };
    await expectAppError(as.sunwei!.ledger.typicalCase(base), 'NOT_FOUND');
    await expectAppError(as.leader!.ledger.typicalCase(base), 'FORBIDDEN');
    await expectAppError(as.admin!.ledger.typicalCase(base), 'FORBIDDEN');
    await expectAppError(
      as.supervisor!.ledger.typicalCase({ ...base, unitIds: [] }),
      'BAD_REQUEST',
    );
    await expectAppError(
      as.supervisor!.ledger.typicalCase({ ...base, unitIds: [randomUUID()] }),
      'NOT_FOUND',
    );
    // The secret visit's item: the region's supervisor cannot use it as a case either.
    await expectAppError(
      as.supervisor!.ledger.typicalCase({ ...base, id: secretItemId }),
      'NOT_FOUND',
    );
    const before = await env.db.selectFrom('rectification_items').select('id').execute();
    await expectAppError(
      as.supervisor!.ledger.typicalCase({
        ...base,
        unitIds: [unit.get('JN.LJ.CZJ')!, randomUUID()],
      }),
      'NOT_FOUND',
    );
    const after = await env.db.selectFrom('rectification_items').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('needs a source finding', async () => {
    const item = await freshItem();
    await expectAppError(
      as.supervisor!.ledger.typicalCase({
        id: item.id,
        unitIds: [unit.get('JN.LJ.CZJ')!],
        measures: '自查',
        responsiblePerson: '负责人',
        deadline: null,
      }),
      'BAD_REQUEST',
      'ledger.typical_case_no_finding',
    );
  });
});
