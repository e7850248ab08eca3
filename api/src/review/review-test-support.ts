import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { AnswerValue, Template, TemplateItem } from '@ducha/shared';
import type { TestEnv } from '../test/harness';
import { mutation, T, type Caller } from '../sync/sync-test-support';
import { getTemplate } from '../template/template.service';

/** Helpers of the review API tests (not a test file itself): visits as a phone syncs them. */

export function phone(caller: Caller) {
  const id = randomUUID();
  let next = 1;
  return {
    id,
    async push(list: [string, unknown][]) {
      const mutations = list.map(([n, args]) => mutation(next++, n, args));
      const { results } = await caller.sync.push({ deviceId: id, mutations });
      expect(
        results.every((r) => r.status === 'applied'),
        JSON.stringify(results),
      ).toBe(true);
      return results;
    },
  };
}

/** Conformity answers rotate so the score is not trivially full; other kinds a plain value. */
export function answerOf(item: TemplateItem, i: number): AnswerValue {
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

export interface PlanRef {
  id: string;
  templateId: string;
  templateVersion: number;
  targetUnit: { id: string };
}

export const EVIDENCE = 'a'.repeat(64);

/**
 * Starts a visit of `plan` on a fresh phone of `caller` and answers every item; with `finding`,
 * records a finding on the first item that proposes a 限期整改 rectification.
 */
export async function startedVisit(
  env: TestEnv,
  caller: Caller,
  plan: PlanRef,
  opts: { finding?: boolean } = {},
) {
  const template = (await getTemplate(env.db, plan.templateId, plan.templateVersion)) as Template;
  const items = template.sections.flatMap((s) => s.items);
  const device = phone(caller);
  const inspectionId = randomUUID();
  const findingId = randomUUID();
  const list: [string, unknown][] = [
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
    ...items.map((item, i): [string, unknown] => [
      'inspection.answer',
      {
        inspectionId,
        itemId: item.id,
        set: { answer: answerOf(item, i), evidence: item.evidenceRequired ? [EVIDENCE] : [] },
        base: { answer: null, evidence: null },
      },
    ]),
  ];
  if (opts.finding) {
    list.push([
      'finding.create',
      {
        id: findingId,
        planId: plan.id,
        inspectionId,
        itemId: items[0]!.id,
        unitId: plan.targetUnit.id,
        createdAt: T,
        category: 'eight_rules',
        severity: 'high',
        title: '公务接待超标准',
        description: '接待清单与公函不符',
        proposedRectification: {
          measures: '清退超标准接待费用，修订公务接待制度',
          kind: 'deadline',
          deadline: '2026-04-30',
        },
      },
    ]);
  }
  await device.push(list);
  return {
    device,
    inspectionId,
    findingId,
    template,
    items,
    submit: () => device.push([['inspection.submit', { id: inspectionId, submittedAt: T }]]),
  };
}

export async function submittedVisit(
  env: TestEnv,
  caller: Caller,
  plan: PlanRef,
  opts: { finding?: boolean } = {},
) {
  const visit = await startedVisit(env, caller, plan, opts);
  await visit.submit();
  return visit;
}
