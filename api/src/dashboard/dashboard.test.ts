import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import type { Caller } from '../sync/sync-test-support';
import { JUNE, NOW, seedJune, type Fixture } from './dashboard-fixture.test-support';

/*
 * dashboard.* through the API: the figures of a known month, a supervisor's scope in every
 * figure, and the secrecy of a 四不两直 plan until its visit is submitted.
 */

let env: TestEnv;
let fx: Fixture;
const callers = new Map<string, Caller>();
const as = (name: string) => callers.get(name)!;

beforeAll(async () => {
  env = await setupTestEnv();
  fx = await seedJune(env.db);
  env.clock.set(NOW);
  // supervisor: the province (江南省); sunwei: 临江市 only.
  for (const name of ['supervisor', 'sunwei', 'inspector', 'leader', 'admin']) {
    callers.set(name, await signedIn(env.deps, name));
  }
});
afterAll(() => env.cleanup());

const unitNames = (rows: { unitName: string }[]) => rows.map((r) => r.unitName).sort();

async function reveal<T>(run: () => Promise<T>): Promise<T> {
  await sql`update plans set revealed_at = now() where id = ${fx.secretPlanId}`.execute(env.db);
  try {
    return await run();
  } finally {
    await sql`update plans set revealed_at = null where id = ${fx.secretPlanId}`.execute(env.db);
  }
}

describe('dashboard.findings', () => {
  it('counts findings by unit, category and 四种形态 in the province', async () => {
    const f = await as('supervisor').dashboard.findings(JUNE);
    expect(f.total).toBe(3);
    expect(unitNames(f.byUnit)).toEqual(['云川市城中区', '临江市滨江区'].sort());
    expect(f.byUnit.find((u) => u.unitName === '临江市滨江区')?.count).toBe(2);
    const cat = Object.fromEntries(f.byCategory.map((c) => [c.category, c.count]));
    expect(cat).toMatchObject({ eight_rules: 1, funds: 2, conduct: 0 });
    const form = Object.fromEntries(f.byForm.map((c) => [c.form, c.count]));
    expect(form).toEqual({ form1: 1, form2: 1, form3: 0, form4: 0, none: 1 });
  });

  it('keeps a supervisor to their scope, and narrows to a unit subtree', async () => {
    const f = await as('sunwei').dashboard.findings(JUNE);
    expect(f.total).toBe(2);
    expect(unitNames(f.byUnit)).toEqual(['临江市滨江区']);
    const bj = await as('supervisor').dashboard.findings({ ...JUNE, unitId: fx.units['JN.LJ']! });
    expect(bj.total).toBe(2);
    const yc = await as('supervisor').dashboard.findings({ ...JUNE, unitId: fx.units['JN.YC']! });
    expect(unitNames(yc.byUnit)).toEqual(['云川市城中区']);
  });

  it('answers a unit outside the scope like a missing one', async () => {
    await expectAppError(
      as('sunwei').dashboard.findings({ ...JUNE, unitId: fx.units['JN.YC']! }),
      'NOT_FOUND',
    );
    await expectAppError(
      as('sunwei').dashboard.findings({ ...JUNE, unitId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
  });

  it('counts nothing of an unrevealed 四不两直 plan, and counts it once revealed', async () => {
    for (const who of ['supervisor', 'sunwei']) {
      const f = await as(who).dashboard.findings(JUNE);
      expect(unitNames(f.byUnit)).not.toContain('临江市东湖区');
      expect(f.byCategory.find((c) => c.category === 'conduct')?.count).toBe(0);
    }
    const after = await reveal(() => as('sunwei').dashboard.findings(JUNE));
    expect(after.total).toBe(3);
    expect(unitNames(after.byUnit)).toContain('临江市东湖区');
  });
});

describe('dashboard.ledger', () => {
  it('gives 整改率, overdue items, 销号 and 反弹 of the range', async () => {
    const l = await as('supervisor').dashboard.ledger(JUNE);
    expect(l).toMatchObject({ due: 4, closedOfDue: 1, rate: 0.25, overdue: 3, created: 4 });
    expect(l.closed).toBe(2);
    expect(l.relapses).toBe(1);
    expect(l.overdueItems.map((i) => i.deadline)).toEqual([
      '2026-06-08',
      '2026-06-11',
      '2026-06-12',
    ]);
  });

  it('keeps to the scope and hides the items of an unrevealed 四不两直 finding', async () => {
    const l = await as('sunwei').dashboard.ledger(JUNE);
    expect(l).toMatchObject({ due: 3, closedOfDue: 1, overdue: 2, created: 3, closed: 2 });
    expect(unitNames(l.overdueItems)).toEqual(['临江市滨江区', '临江市滨江区']);
    expect(l.overdueItems.map((i) => i.id)).not.toContain(fx.secretItemId);
    const after = await reveal(() => as('sunwei').dashboard.ledger(JUNE));
    expect(after.overdueItems.map((i) => i.id)).toContain(fx.secretItemId);
  });
});

describe('dashboard.scores', () => {
  it('gives the 年中督责 score by unit, in scope only', async () => {
    const s = await as('sunwei').dashboard.scores(JUNE);
    expect(s).toEqual([
      {
        unitId: fx.units['JN.LJ.CZJ'],
        unitName: '临江市财政局',
        visits: 1,
        averageScore: 86.5,
        latestScore: 86.5,
        latestGrade: 'good',
      },
    ]);
    const elsewhere = await as('supervisor').dashboard.scores({
      ...JUNE,
      unitId: fx.units['JN.YC']!,
    });
    expect(elsewhere).toEqual([]);
  });
});

describe('dashboard.trends', () => {
  it('buckets findings, visits and ledger events by week, every week present', async () => {
    const t = await as('supervisor').dashboard.trends({ filter: JUNE, granularity: 'week' });
    expect(t.map((p) => p.bucket)).toEqual([
      '2026-06-01',
      '2026-06-08',
      '2026-06-15',
      '2026-06-22',
      '2026-06-29',
    ]);
    expect(t[0]).toMatchObject({ findings: 3, visits: 2, created: 4, closed: 1 });
    expect(t[1]).toMatchObject({ findings: 0, closed: 1 });
    expect(t[2]).toMatchObject({ relapses: 1 });
    const month = await as('sunwei').dashboard.trends({ filter: JUNE, granularity: 'month' });
    expect(month).toEqual([
      { bucket: '2026-06-01', findings: 2, visits: 2, created: 3, closed: 2, relapses: 1 },
    ]);
  });
});

describe('dashboard.recentVisits', () => {
  it('lists submitted visits in scope, never a secret draft', async () => {
    const v = await as('sunwei').dashboard.recentVisits({ filter: JUNE, limit: 10 });
    expect(v.map((x) => x.inspectionId)).toEqual([fx.midyearVisitId, fx.openVisitId]);
    expect(v[0]).toMatchObject({ unitName: '临江市财政局', planKind: 'midyear', score: 86.5 });
  });
});

describe('dashboard.summary', () => {
  it('sets a month against the one before', async () => {
    const s = await as('supervisor').dashboard.summary({ kind: 'month', date: '2026-06-10' });
    expect(s.period).toEqual({ kind: 'month', start: '2026-06-01', end: '2026-06-30' });
    expect(s.previous.start).toBe('2026-05-01');
    expect(s.visits).toEqual({ current: 2, previous: 0, delta: 2 });
    expect(s.findings.current).toBe(3);
    expect(s.byCategory.find((c) => c.category === 'funds')?.current).toBe(2);
    expect(s.created.current).toBe(4);
    expect(s.closed.current).toBe(2);
    // Item 06-08 was closed before its deadline ended (反弹 came later); 06-10 closed in time.
    expect(s.wentOverdue.current).toBe(2);
    expect(s.relapses.current).toBe(1);
    expect(s.topUnits.map((u) => [u.unitName, u.count])).toEqual([
      ['临江市滨江区', 2],
      ['云川市城中区', 1],
    ]);
  });

  it('compares a 旬 with the 旬 before, in scope', async () => {
    const s = await as('sunwei').dashboard.summary({ kind: 'dekad', date: '2026-06-15' });
    expect(s.period).toEqual({ kind: 'dekad', start: '2026-06-11', end: '2026-06-20' });
    expect(s.findings).toEqual({ current: 0, previous: 2, delta: -2 });
    expect(s.relapses.current).toBe(1);
    expect(s.closed).toEqual({ current: 0, previous: 2, delta: -2 });
    expect(s.wentOverdue).toEqual({ current: 1, previous: 0, delta: 1 });
    expect(s.topUnits).toEqual([]);
  });
});

describe('dashboard access', () => {
  const calls = (c: Caller) => [
    c.dashboard.findings(JUNE),
    c.dashboard.ledger(JUNE),
    c.dashboard.scores(JUNE),
    c.dashboard.trends({ filter: JUNE, granularity: 'week' }),
    c.dashboard.recentVisits({ filter: JUNE, limit: 5 }),
    c.dashboard.summary({ kind: 'week', date: '2026-06-10' }),
  ];

  it('refuses inspectors, team leaders and administrators', async () => {
    for (const who of ['inspector', 'leader', 'admin']) {
      for (const call of calls(as(who))) await expectAppError(call, 'FORBIDDEN', 'auth.forbidden');
    }
  });

  it('never shows a unit outside the scope in any figure', async () => {
    const outside = ['云川市城中区', '临江市东湖区'];
    const seen = JSON.stringify(await Promise.all(calls(as('sunwei'))));
    for (const name of outside) expect(seen).not.toContain(name);
    expect(seen).not.toContain(fx.secretFindingId);
  });

  it('refuses bad input and a reversed or endless range with a clear error', async () => {
    const c = as('supervisor');
    const reversed = await expectAppError(
      c.dashboard.findings({ from: '2026-06-30', to: '2026-06-01' }),
      'BAD_REQUEST',
    );
    expect(JSON.stringify(reversed.cause)).toContain('dashboard.range_order');
    await expectAppError(
      c.dashboard.ledger({ from: '2000-01-01', to: '2026-06-01' }),
      'BAD_REQUEST',
    );
    await expectAppError(
      // @ts-expect-error an unknown period kind
      c.dashboard.summary({ kind: 'quarter', date: '2026-06-01' }),
      'BAD_REQUEST',
    );
    await expectAppError(c.dashboard.findings({ ...JUNE, unitId: 'not-a-uuid' }), 'BAD_REQUEST');
  });
});
