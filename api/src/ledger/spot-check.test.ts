import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawSample } from '@ducha/shared';
import { jsonb } from '../db/json';
import { TEMPLATE_IDS } from '../seed/demo-templates';
import type { Caller } from '../sync/sync-test-support';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { syncDb } from '../sync/sync.schema';

/*
 * 抽查 through the API (ledger.spotCheck.*): a recorded, reproducible sample of at least 10 % of
 * the closed items in the supervisor's scope, and its 回头看 plans.
 */

let env: TestEnv;
const as: Record<string, Caller> = {};
const unit = new Map<string, string>();
let closedInLj: string[] = [];
let secretClosed: string;

async function closedItem(unitCode: string, over: Record<string, unknown> = {}) {
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
      title: `已销号事项 ${id.slice(0, 6)}`,
      measures: '措施',
      responsible_unit_id: unit.get(unitCode)!,
      responsible_person: '责任人',
      kind: 'deadline',
      deadline: '2026-01-01',
      status: 'closed',
      closed_at: '2026-02-01T02:00:00.000Z',
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
  for (const name of ['supervisor', 'sunwei', 'leader', 'inspector', 'admin']) {
    as[name] = await signedIn(env.deps, name);
  }
  closedInLj = [];
  for (let i = 0; i < 12; i++) closedInLj.push(await closedItem(i % 2 ? 'JN.LJ.CZJ' : 'JN.LJ.DH'));
  for (let i = 0; i < 10; i++) await closedItem('JN.YC.CZ');
  const secret = await env.db
    .selectFrom('plans')
    .select('id')
    .where('kind', '=', 'unannounced')
    .where('status', '=', 'planned')
    .executeTakeFirstOrThrow();
  secretClosed = await closedItem('JN.LJ.QS', { source_plan_id: secret.id } as never);
});
afterAll(() => env.cleanup());

describe('ledger.spotCheck.draw', () => {
  it('samples at least 10 % of the closed items in scope and records seed, population and sample', async () => {
    const draw = await as.sunwei!.ledger.spotCheck.draw({ seed: '2026-Q1-临江', ratio: 0.1 });
    // 临江市's scope: its 12 closed items; not 云川市's, not the secret visit's.
    expect(draw.populationIds).toEqual([...closedInLj].sort());
    expect(draw.populationIds).not.toContain(secretClosed);
    expect(draw.sampleSize).toBe(2); // ceil(12 × 10 %)
    expect(draw.sample.map((s) => s.id)).toEqual(
      drawSample(closedInLj, '2026-Q1-临江', 0.1).sample,
    );
    expect(draw).toMatchObject({
      seed: '2026-Q1-临江',
      ratio: 0.1,
      algorithm: 'fnv1a64-splitmix64-rank/v1',
      drawnBy: { name: '孙伟' },
    });
    const audit = await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', draw.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['sampling.draw']);
  });

  it('gives the same sample for the same seed and population, and records each draw', async () => {
    const a = await as.supervisor!.ledger.spotCheck.draw({
      seed: 'same-seed',
      ratio: 0.2,
      population: { unitId: unit.get('JN.LJ')! },
    });
    const b = await as.supervisor!.ledger.spotCheck.draw({
      seed: 'same-seed',
      ratio: 0.2,
      population: { unitId: unit.get('JN.LJ')! },
    });
    expect(b.id).not.toBe(a.id);
    expect(b.sample.map((s) => s.id)).toEqual(a.sample.map((s) => s.id));
    expect(a.sampleSize).toBe(3); // ceil(12 × 20 %)
    const listed = await as.supervisor!.ledger.spotCheck.list();
    expect(listed.map((d) => d.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const again = await as.supervisor!.ledger.spotCheck.get({ id: a.id });
    expect(again.sample.map((s) => s.id)).toEqual(a.sample.map((s) => s.id));
  });

  it('filters the population by closing day', async () => {
    const none = as.supervisor!.ledger.spotCheck.draw({
      seed: 's',
      population: { unitId: unit.get('JN.LJ')!, closedFrom: '2026-02-02' },
    });
    await expectAppError(none, 'BAD_REQUEST', 'sampling.empty_population');
    const day = await as.supervisor!.ledger.spotCheck.draw({
      seed: 's',
      population: { unitId: unit.get('JN.LJ')!, closedFrom: '2026-02-01', closedTo: '2026-02-01' },
    });
    expect(day.populationSize).toBe(12);
  });

  it('refuses a ratio under 10 %, other roles, and units outside the scope', async () => {
    await expectAppError(
      as.supervisor!.ledger.spotCheck.draw({ seed: 's', ratio: 0.05 }),
      'BAD_REQUEST',
    );
    await expectAppError(as.inspector!.ledger.spotCheck.draw({ seed: 's' }), 'FORBIDDEN');
    await expectAppError(as.admin!.ledger.spotCheck.list(), 'FORBIDDEN');
    await expectAppError(
      as.sunwei!.ledger.spotCheck.draw({ seed: 's', population: { unitId: unit.get('JN.YC')! } }),
      'NOT_FOUND',
    );
  });
});

describe('recorded draws and their 回头看 plans', () => {
  it('a draw in the province is not the city supervisor’s to see', async () => {
    const draw = await as.supervisor!.ledger.spotCheck.draw({ seed: 'province' });
    expect((await as.sunwei!.ledger.spotCheck.list()).map((d) => d.id)).not.toContain(draw.id);
    await expectAppError(as.sunwei!.ledger.spotCheck.get({ id: draw.id }), 'NOT_FOUND');
    await expectAppError(as.supervisor!.ledger.spotCheck.get({ id: randomUUID() }), 'NOT_FOUND');
  });

  it('turns the sample into 回头看 plans, one per unit, through the planning service', async () => {
    const draw = await as.sunwei!.ledger.spotCheck.draw({ seed: 'plans', ratio: 0.5 });
    const team = await env.db
      .selectFrom('teams')
      .select('id')
      .where('name', '=', '第一检查组')
      .executeTakeFirstOrThrow();
    const out = await as.sunwei!.ledger.spotCheck.toPlans({
      id: draw.id,
      teamId: team.id,
      templateId: TEMPLATE_IDS.eightRules,
      windowStart: '2026-04-01',
      windowEnd: '2026-04-03',
    });
    const units = new Set(draw.sample.map((s) => s.responsibleUnit.id));
    expect(out.followUpPlanIds).toHaveLength(units.size);
    const plans = await env.db
      .selectFrom('plans')
      .select(['kind', 'target_unit_id', 'description'])
      .where('id', 'in', out.followUpPlanIds)
      .execute();
    expect(plans.map((p) => p.kind)).toEqual(Array(units.size).fill('follow_up'));
    expect(new Set(plans.map((p) => p.target_unit_id))).toEqual(units);
    for (const s of draw.sample) {
      expect(plans.some((p) => p.description.includes(s.title))).toBe(true);
    }
    // The phone's targets of each 回头看 hold its unit's sampled items, closed as they are.
    const mirrored = await syncDb(env.db)
      .selectFrom('sync_records')
      .select(['id', 'fields'])
      .where('type', '=', 'plan')
      .where('id', 'in', out.followUpPlanIds)
      .execute();
    const targets = mirrored.flatMap((r) => {
      const items = (r.fields as { followUp?: { items?: { id: string; status?: string }[] } })
        .followUp?.items;
      return items ?? [];
    });
    for (const s of draw.sample) {
      expect(targets).toContainEqual(expect.objectContaining({ id: s.id, status: 'closed' }));
    }
    await expectAppError(
      as.supervisor!.ledger.spotCheck.toPlans({
        id: randomUUID(),
        teamId: team.id,
        templateId: TEMPLATE_IDS.eightRules,
        windowStart: '2026-04-01',
        windowEnd: '2026-04-03',
      }),
      'NOT_FOUND',
    );
  });
});
