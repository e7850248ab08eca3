import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import type { Caller } from '../sync/sync-test-support';
import { reviewDb } from '../review/review.tables';
import { seedJune, type Fixture } from '../dashboard/dashboard-fixture.test-support';

/* report.visit through the API: what the printed report holds, and who may print it. */

let env: TestEnv;
let fx: Fixture;
let specialVisitId: string;
const callers = new Map<string, Caller>();
const as = (name: string) => callers.get(name)!;

beforeAll(async () => {
  env = await setupTestEnv();
  fx = await seedJune(env.db);
  for (const name of ['supervisor', 'sunwei', 'inspector', 'liuyang', 'leader', 'admin']) {
    callers.set(name, await signedIn(env.deps, name));
  }
  // The demo's approved 专项检查 of 江南省财政厅, with its answers, findings and ledger items.
  const visit = await reviewDb(env.db)
    .selectFrom('visit_projection')
    .innerJoin('plans', 'plans.id', 'visit_projection.plan_id')
    .select('visit_projection.inspection_id')
    .where('plans.kind', '=', 'special')
    .where('visit_projection.status', '=', 'approved')
    .where('plans.title', 'like', '%省财政厅%')
    .executeTakeFirstOrThrow();
  specialVisitId = visit.inspection_id;
});
afterAll(() => env.cleanup());

describe('report.visit', () => {
  it('holds the unit, plan, team, scores and every finding with its rectification', async () => {
    const r = await as('supervisor').report.visit({ id: specialVisitId });
    expect(r.unit.name).toBe('江南省财政厅');
    expect(r.plan.kind).toBe('special');
    expect(r.status).toBe('approved');
    expect(r.team.name).toBe('第一检查组');
    expect(r.team.leader).toBe('李华');
    expect(r.sheet?.sections.length).toBeGreaterThan(0);
    expect(r.sheet?.overall).not.toBeNull();
    const scored = await reviewDb(env.db)
      .selectFrom('visit_projection')
      .select('score')
      .where('inspection_id', '=', specialVisitId)
      .executeTakeFirstOrThrow();
    if (scored.score !== null) expect(r.sheet?.overall).toBeCloseTo(Number(scored.score), 2);
    const titles = r.findings.map((f) => f.title);
    expect(titles).toContain('以“加班补助”名义违规发放津贴补贴');
    const allowance = r.findings.find((f) => f.title === '以“加班补助”名义违规发放津贴补贴')!;
    expect(allowance.rectifications.map((x) => x.title)).toContain('清退违规发放的津贴补贴');
    expect(allowance.rectifications.every((x) => x.source === 'ledger')).toBe(true);
  });

  it('is printed by the visiting team too', async () => {
    const r = await as('inspector').report.visit({ id: specialVisitId });
    expect(r.inspectionId).toBe(specialVisitId);
  });

  it('answers a visit outside the supervisor’s scope like a missing one', async () => {
    await expectAppError(as('sunwei').report.visit({ id: specialVisitId }), 'NOT_FOUND');
    await expectAppError(
      as('supervisor').report.visit({ id: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
  });

  it('keeps an unrevealed 四不两直 visit to its team', async () => {
    const own = await as('inspector').report.visit({ id: fx.secretVisitId });
    expect(own.unit.name).toBe('临江市东湖区');
    expect(own.findings.map((f) => f.title)).toEqual(['东湖区食堂违规宴请']);
    for (const who of ['liuyang', 'supervisor', 'sunwei', 'admin']) {
      await expectAppError(as(who).report.visit({ id: fx.secretVisitId }), 'NOT_FOUND');
    }
    await sql`update plans set revealed_at = now() where id = ${fx.secretPlanId}`.execute(env.db);
    try {
      expect((await as('sunwei').report.visit({ id: fx.secretVisitId })).unit.name).toBe(
        '临江市东湖区',
      );
      await expectAppError(as('liuyang').report.visit({ id: fx.secretVisitId }), 'NOT_FOUND');
    } finally {
      await sql`update plans set revealed_at = null where id = ${fx.secretPlanId}`.execute(env.db);
    }
  });

  it('refuses a malformed id and a signed-out caller', async () => {
    await expectAppError(as('supervisor').report.visit({ id: 'x' }), 'BAD_REQUEST');
    const { callerFor } = await import('../test/harness');
    const anon = (await callerFor(env.deps)).caller;
    await expectAppError(anon.report.visit({ id: specialVisitId }), 'UNAUTHORIZED');
  });
});
