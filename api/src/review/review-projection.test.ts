import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSheet, type AnswerValue, type Template, type TemplateItem } from '@ducha/shared';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { mutation, pullAll, T, type Caller } from '../sync/sync-test-support';
import { syncDb } from '../sync/sync.schema';
import { getTemplate } from '../template/template.service';
import { reviewDb } from './review.tables';

/*
 * What the supervisor's console reads of the visits phones sync: the read models that follow
 * `sync_records` (visit_projection, finding_projection, migration 0009), the score a visit gets
 * when submitted, and the end of a 四不两直 plan's secrecy once its visit is submitted.
 */

let env: TestEnv;
const callers = new Map<string, Caller>();
const as = (name: string) => callers.get(name)!;

beforeAll(async () => {
  env = await setupTestEnv();
  for (const name of ['inspector', 'leader', 'supervisor', 'admin']) {
    callers.set(name, await signedIn(env.deps, name));
  }
});
afterAll(() => env.cleanup());

function device(name: string) {
  const id = randomUUID();
  let next = 1;
  return {
    id,
    async push(list: [string, unknown][]) {
      const mutations = list.map(([n, args]) => mutation(next++, n, args));
      return (await as(name).sync.push({ deviceId: id, mutations })).results;
    },
  };
}

async function unannouncedPlan() {
  const plan = (await as('inspector').plan.list()).find(
    (p) => p.kind === 'unannounced' && p.status === 'planned',
  );
  expect(plan, 'a planned 四不两直 plan of the inspector’s team in the demo').toBeDefined();
  return plan!;
}

describe('read models of synced visits', () => {
  it('hold the demo’s visits and findings', async () => {
    const visits = await reviewDb(env.db).selectFrom('visit_projection').selectAll().execute();
    const findings = await reviewDb(env.db).selectFrom('finding_projection').selectAll().execute();
    const seededVisits = await env.db.selectFrom('inspections').select('id').execute();
    const seededFindings = await env.db.selectFrom('findings').select('id').execute();
    expect(visits.map((v) => v.inspection_id).sort()).toEqual(seededVisits.map((v) => v.id).sort());
    expect(findings.map((f) => f.finding_id).sort()).toEqual(
      seededFindings.map((f) => f.id).sort(),
    );
  });

  it('follow a finding through create, update and delete', async () => {
    const plan = await unannouncedPlan();
    const phone = device('inspector');
    const findingId = randomUUID();
    const created = await phone.push([
      [
        'finding.create',
        {
          id: findingId,
          planId: plan.id,
          inspectionId: null,
          itemId: null,
          unitId: plan.targetUnit.id,
          createdAt: T,
          category: 'eight_rules',
          severity: 'high',
          title: '公务接待超标准',
          description: '接待清单与公函不符',
          moneyInvolvedYuan: 1234.5,
          recommendedForm: 'form2',
          isClue: true,
        },
      ],
    ]);
    expect(
      created.map((r) => r.status),
      JSON.stringify(created),
    ).toEqual(['applied']);
    const row = () =>
      reviewDb(env.db)
        .selectFrom('finding_projection')
        .selectAll()
        .where('finding_id', '=', findingId)
        .executeTakeFirst();
    expect(await row()).toMatchObject({
      plan_id: plan.id,
      unit_id: plan.targetUnit.id,
      category: 'eight_rules',
      severity: 'high',
      recommended_form: 'form2',
      is_clue: true,
      money_involved_yuan: '1234.50',
      title: '公务接待超标准',
      deleted: false,
    });

    const updated = await phone.push([
      [
        'finding.update',
        {
          id: findingId,
          set: { severity: 'critical', title: '公务接待严重超标准' },
          base: { severity: 'high', title: '公务接待超标准' },
        },
      ],
    ]);
    expect(updated.map((r) => r.status)).toEqual(['applied']);
    expect(await row()).toMatchObject({ severity: 'critical', title: '公务接待严重超标准' });

    const record = await syncDb(env.db)
      .selectFrom('sync_records')
      .select('version')
      .where('type', '=', 'finding')
      .where('id', '=', findingId)
      .executeTakeFirstOrThrow();
    const deleted = await phone.push([
      ['finding.delete', { id: findingId, baseVersion: Number(record.version) }],
    ]);
    expect(deleted.map((r) => r.status)).toEqual(['applied']);
    expect(await row()).toMatchObject({ deleted: true });
  });
});

/** Conformity answers rotate so the score is not trivially full; other kinds take a plain value. */
function answerOf(item: TemplateItem, i: number): AnswerValue {
  switch (item.answerKind) {
    case 'conformity':
      return {
        kind: 'conformity',
        value: (['conforms', 'partial', 'nonconforming'] as const)[i % 3]!,
      };
    case 'score':
      return { kind: 'score', value: item.maxScore };
    case 'number':
      return { kind: 'number', value: 1 };
    case 'text':
      return { kind: 'text', value: '已查阅台账' };
    case 'choice':
      return { kind: 'choice', value: item.choices![0]!.value };
  }
}

describe('a submitted 四不两直 visit', () => {
  it('is scored for the reviewers, and reveals its plan to the supervisors of the region', async () => {
    const plan = await unannouncedPlan();
    const template = (await getTemplate(env.db, plan.templateId, plan.templateVersion)) as Template;
    const items = template.sections.flatMap((s) => s.items);
    const supervisor = as('supervisor');

    // Before the visit: the supervisor of the whole province cannot learn the target.
    await expectAppError(supervisor.plan.get({ id: plan.id }), 'NOT_FOUND');
    expect((await supervisor.plan.list()).map((p) => p.id)).not.toContain(plan.id);

    const phone = device('inspector');
    const inspectionId = randomUUID();
    const answers: Record<string, AnswerValue> = {};
    const answerMutations: [string, unknown][] = [];
    for (const [i, item] of items.entries()) {
      // Every kind answered: the server refuses to take an incomplete visit for review.
      answers[item.id] = answerOf(item, i);
      answerMutations.push([
        'inspection.answer',
        {
          inspectionId,
          itemId: item.id,
          set: {
            answer: answers[item.id],
            evidence: item.evidenceRequired ? ['a'.repeat(64)] : [],
          },
          base: { answer: null, evidence: null },
        },
      ]);
    }
    const results = await phone.push([
      [
        'inspection.start',
        {
          id: inspectionId,
          planId: plan.id,
          templateId: plan.templateId,
          templateVersion: plan.templateVersion,
          startedAt: T,
        },
      ],
      ...answerMutations,
    ]);
    expect(
      results.every((r) => r.status === 'applied'),
      JSON.stringify(results),
    ).toBe(true);

    // Started: the plan is in progress and still secret.
    expect((await as('inspector').plan.get({ id: plan.id })).status).toBe('in_progress');
    await expectAppError(supervisor.plan.get({ id: plan.id }), 'NOT_FOUND');
    const visit = () =>
      reviewDb(env.db)
        .selectFrom('visit_projection')
        .selectAll()
        .where('inspection_id', '=', inspectionId)
        .executeTakeFirstOrThrow();
    expect(await visit()).toMatchObject({ status: 'draft', score: null, plan_id: plan.id });

    const submitted = await phone.push([
      ['inspection.submit', { id: inspectionId, submittedAt: T }],
    ]);
    expect(submitted.map((r) => r.status)).toEqual(['applied']);

    const sheet = scoreSheet(template, answers);
    const row = await visit();
    expect(row.status).toBe('submitted');
    expect(Number(row.score)).toBeCloseTo(sheet.overall ?? Number.NaN, 2);
    expect(row.grade).toBe(sheet.grade);
    expect(row.submitted_at).not.toBeNull();

    // Revealed: the supervisor sees the plan and pulls the visit whole.
    expect((await supervisor.plan.get({ id: plan.id })).id).toBe(plan.id);
    const pulled = await pullAll(env, supervisor, randomUUID(), null);
    const ofPlan = pulled.changes.filter((c) => c.op === 'upsert' && c.planId === plan.id);
    expect(
      ofPlan.some((c) => c.op === 'upsert' && c.type === 'inspection' && c.id === inspectionId),
    ).toBe(true);
    expect(ofPlan.filter((c) => c.op === 'upsert' && c.type === 'answer')).toHaveLength(
      answerMutations.length,
    );
    // The team may still work on it (a returned visit goes on): the plan is not done.
    expect((await as('inspector').plan.get({ id: plan.id })).status).toBe('in_progress');
  });
});
