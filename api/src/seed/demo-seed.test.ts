import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanFollowUp, Template, cstDay } from '@ducha/shared';
import { ManualClock } from '../clock';
import { openTestDatabase, type TestDatabase } from '../test/test-db';
import { signedIn, testConfig } from '../test/harness';
import { silentLogger } from '../logger';
import type { AppDeps } from '../deps';
import { syncDb } from '../sync/sync.schema';
import { seedDemoIfEmpty } from './demo-seed';
import { DEMO_USERS } from './demo-data';

const TABLES = [
  'units',
  'users',
  'teams',
  'team_members',
  'templates',
  'plans',
  'inspections',
  'findings',
  'rectification_items',
] as const;

async function counts(t: TestDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db);
    out[table] = rows[0]!.n;
  }
  return out;
}

describe('demo seed', () => {
  let t: TestDatabase;
  let deps: AppDeps;

  beforeAll(async () => {
    t = await openTestDatabase();
    deps = { db: t.db, clock: new ManualClock(), config: testConfig(), logger: silentLogger };
  });
  afterAll(() => t.cleanup());

  it('fills an empty database with the demo', async () => {
    expect(await seedDemoIfEmpty(deps)).toEqual({ seeded: true });
    const n = await counts(t);
    expect(n.users).toBe(DEMO_USERS.length);
    expect(n.units).toBeGreaterThanOrEqual(15);
    expect(n.templates).toBeGreaterThanOrEqual(3);
    expect(n.plans).toBeGreaterThanOrEqual(4);
    expect(n.inspections).toBeGreaterThanOrEqual(3);
    expect(n.findings).toBeGreaterThanOrEqual(3);
    expect(n.rectification_items).toBeGreaterThanOrEqual(4);
  });

  it('covers every unit kind, and plans, visits and ledger items in several states', async () => {
    const kinds = await t.db.selectFrom('units').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(
      ['city', 'county', 'department', 'inspection_group', 'province', 'soe', 'university'].sort(),
    );
    const planStatuses = await t.db.selectFrom('plans').select('status').distinct().execute();
    expect(planStatuses.map((p) => p.status)).toEqual(
      expect.arrayContaining(['planned', 'in_progress', 'done']),
    );
    const visitStatuses = await t.db
      .selectFrom('inspections')
      .select('status')
      .distinct()
      .execute();
    expect(visitStatuses.map((p) => p.status)).toEqual(
      expect.arrayContaining(['draft', 'submitted', 'approved']),
    );
    const ledger = await t.db
      .selectFrom('rectification_items')
      .select(['status', 'deadline'])
      .execute();
    expect(ledger.map((l) => l.status)).toEqual(
      expect.arrayContaining(['open', 'in_progress', 'reported', 'verified', 'closed', 'reopened']),
    );
    const today = deps.clock.now().toISOString().slice(0, 10);
    expect(
      ledger.some((l) => l.status !== 'closed' && l.deadline !== null && l.deadline < today),
    ).toBe(true);
  });

  it('scores the submitted and approved demo visits, as a push would, for the queue and dashboard', async () => {
    const { rows } = await sql<{ status: string; score: number | null; grade: string | null }>`
      select status, score::float8 as score, grade from visit_projection
      where status in ('submitted', 'approved')`.execute(t.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.score).toEqual(expect.any(Number));
      expect(row.grade).toEqual(expect.any(String));
    }
  });

  it('stores templates that satisfy the shared schema, the 年中督责 sheet in two versions', async () => {
    const caller = await signedIn(deps, 'inspector');
    const list = await caller.template.list();
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (const summary of list) {
      const full = await caller.template.get({ id: summary.id });
      expect(() => Template.parse(full)).not.toThrow();
    }
    const midyear = list.find((s) => s.title.includes('年中督责'))!;
    expect(midyear.version).toBe(2);
    const v1 = await caller.template.get({ id: midyear.id, version: 1 });
    expect(v1.sections.map((s) => s.title)).toEqual([
      '政治建设',
      '思想建设',
      '组织建设',
      '作风建设',
      '纪律建设',
      '制度建设',
    ]);
    const eight = list.find((s) => s.title.includes('八项规定'))!;
    const eightFull = await caller.template.get({ id: eight.id });
    expect(eightFull.sections.map((s) => s.title)).toEqual([
      '机关食堂',
      '津贴补贴',
      '公务用车',
      '商业预付卡',
    ]);
    expect(list.some((s) => s.title.includes('一书双卡'))).toBe(true);
  });

  it('gives the inspector at least two plans, one a confidential 四不两直 visit', async () => {
    const caller = await signedIn(deps, 'inspector');
    const plans = await caller.plan.list();
    expect(plans.length).toBeGreaterThanOrEqual(2);
    const unannounced = plans.filter((p) => p.kind === 'unannounced');
    expect(unannounced.length).toBeGreaterThanOrEqual(1);
    expect(unannounced.every((p) => p.confidential)).toBe(true);
    expect(unannounced.some((p) => p.title.includes('四不两直'))).toBe(true);
  });

  it('gives the inspector a 四不两直 visit today, a 回头看 and a 约谈 this week, plans to come and done', async () => {
    const caller = await signedIn(deps, 'inspector');
    const plans = await caller.plan.list();
    const today = cstDay(deps.clock.now());
    const inSixDays = cstDay(new Date(deps.clock.now().getTime() + 6 * 86_400_000));
    const thisWeek = (p: { windowStart: string; windowEnd: string }) =>
      p.windowStart <= inSixDays && p.windowEnd >= today;

    const secret = plans.find(
      (p) => p.kind === 'unannounced' && p.windowStart <= today && today <= p.windowEnd,
    );
    expect(secret).toMatchObject({ confidential: true, status: 'planned' });
    const checklist = await caller.template.get({
      id: secret!.templateId,
      version: secret!.templateVersion,
    });
    expect(checklist.sections.flatMap((s) => s.items).length).toBeGreaterThanOrEqual(4);

    const followUp = plans.find((p) => p.kind === 'follow_up' && thisWeek(p));
    expect(followUp).toMatchObject({ status: 'planned' });
    expect(plans.some((p) => p.kind === 'talk' && thisWeek(p))).toBe(true);
    expect(plans.some((p) => p.status === 'planned' && p.windowStart > inSixDays)).toBe(true);
    expect(plans.some((p) => p.status === 'done')).toBe(true);

    // What the 回头看 must judge travels with its plan record: open ledger items and a finding
    // that never became one, all of the target unit.
    const record = await syncDb(t.db)
      .selectFrom('sync_records')
      .select('fields')
      .where('type', '=', 'plan')
      .where('id', '=', followUp!.id)
      .executeTakeFirstOrThrow();
    const { items } = PlanFollowUp.parse((record.fields as { followUp: unknown }).followUp);
    const ledger = items.filter((i) => i.kind === 'rectification');
    const findings = items.filter((i) => i.kind === 'finding');
    // Two verified items: a 反弹 on one reopens it (the e2e of each phone takes its own).
    expect(ledger.map((i) => i.status).sort()).toEqual([
      'in_progress',
      'open',
      'reported',
      'verified',
      'verified',
    ]);
    expect(ledger.every((i) => i.responsibleUnitId === followUp!.targetUnit.id)).toBe(true);
    expect(ledger.every((i) => i.findingTitle !== null)).toBe(true);
    expect(findings.map((i) => i.title)).toEqual(['公务用车使用登记不完整']);
  });

  it('does nothing on a second run', async () => {
    const before = await counts(t);
    expect(await seedDemoIfEmpty(deps)).toEqual({ seeded: false });
    expect(await counts(t)).toEqual(before);
  });
});

describe('demo seed on a database that already has data', () => {
  let t: TestDatabase;
  afterAll(() => t.cleanup());

  it('leaves it untouched', async () => {
    t = await openTestDatabase();
    await t.db
      .insertInto('users')
      .values({
        username: 'owner',
        display_name: '现有用户',
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        role: 'admin',
        unit_id: null,
        scope_unit_id: null,
      })
      .execute();
    const deps = { db: t.db, clock: new ManualClock() };
    expect(await seedDemoIfEmpty(deps)).toEqual({ seeded: false });
    const n = await counts(t);
    expect(n).toEqual({ ...Object.fromEntries(TABLES.map((x) => [x, 0])), users: 1 });
  });
});
