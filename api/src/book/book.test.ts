import { randomUUID } from 'node:crypto';
import { cardsToChecklist, type BookSaveInput } from '@ducha/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import type { Caller } from '../sync/sync-test-support';

/*
 * 一书双卡 through the API: a unit's book for a year, saved whole with optimistic concurrency,
 * kept within a supervisor's scope; and the 年中督责 checklist drafted from it, saved as a
 * template and used by a 年中督责 plan.
 */

let env: TestEnv;
const unit = new Map<string, string>();
const as: Record<string, Caller> = {};

beforeAll(async () => {
  env = await setupTestEnv();
  for (const u of await env.db.selectFrom('units').select(['id', 'code']).execute()) {
    unit.set(u.code, u.id);
  }
  for (const name of ['supervisor', 'sunwei', 'admin', 'inspector', 'leader']) {
    as[name] = await signedIn(env.deps, name);
  }
});
afterAll(() => env.cleanup());

function book(unitCode: string, over: Partial<BookSaveInput> = {}): BookSaveInput {
  return {
    unitId: unit.get(unitCode)!,
    year: 2026,
    baseVersion: null,
    title: '2026年度全面从严治党责任书',
    commitments: '认真履行主体责任。',
    points: [
      {
        id: randomUUID(),
        card: 'responsibility',
        category: '政治建设',
        content: '每季度专题研究党风廉政建设',
        measures: '党委会议纪要',
        owner: '党委书记',
        riskLevel: null,
      },
      {
        id: randomUUID(),
        card: 'risk',
        category: '财务管理',
        content: '津贴补贴违规发放',
        measures: '发放前合规审核',
        owner: '财务处',
        riskLevel: 'high',
      },
    ],
    ...over,
  };
}

describe('responsibility books', () => {
  it('saves, reads and lists a unit’s book, refusing a stale save', async () => {
    const saved = await as.sunwei!.book.save(book('JN.LJ.QS'));
    expect(saved).toMatchObject({ version: 1, year: 2026, updatedByName: '孙伟' });
    expect(saved.points).toHaveLength(2);
    const edited = await as.supervisor!.book.save(
      book('JN.LJ.QS', { baseVersion: 1, title: '修订后的责任书' }),
    );
    expect(edited).toMatchObject({ version: 2, title: '修订后的责任书' });
    await expectAppError(
      as.sunwei!.book.save(book('JN.LJ.QS', { baseVersion: 1 })),
      'CONFLICT',
      'book.stale',
    );
    await expectAppError(as.sunwei!.book.save(book('JN.LJ.QS')), 'CONFLICT', 'book.stale');
    expect(await as.sunwei!.book.list({ unitId: unit.get('JN.LJ.QS')! })).toEqual([
      expect.objectContaining({ year: 2026, responsibilityCount: 1, riskCount: 1 }),
    ]);
    const audit = await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', saved.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['book.save', 'book.save']);
  });

  it('answers a unit outside the supervisor’s scope like a missing one', async () => {
    await as.supervisor!.book.save(book('JN.YC.SM'));
    const ghost = randomUUID();
    for (const unitId of [unit.get('JN.YC.SM')!, ghost]) {
      await expectAppError(as.sunwei!.book.list({ unitId }), 'NOT_FOUND', 'common.not_found');
      await expectAppError(
        as.sunwei!.book.get({ unitId, year: 2026 }),
        'NOT_FOUND',
        'common.not_found',
      );
      await expectAppError(
        as.sunwei!.book.save({ ...book('JN.YC.SM'), unitId, baseVersion: 1 }),
        'NOT_FOUND',
        'common.not_found',
      );
    }
    expect((await as.admin!.book.get({ unitId: unit.get('JN.YC.SM')!, year: 2026 })).version).toBe(
      1,
    );
    for (const who of ['inspector', 'leader'] as const) {
      await expectAppError(
        as[who]!.book.list({ unitId: unit.get('JN.YC.SM')! }),
        'FORBIDDEN',
        'auth.forbidden',
      );
    }
  });

  it('refuses invalid points and changes nothing', async () => {
    const bad = book('JN.LJ.BJ');
    bad.points[0]!.content = '';
    await expectAppError(as.sunwei!.book.save(bad), 'BAD_REQUEST');
    expect(await as.sunwei!.book.list({ unitId: unit.get('JN.LJ.BJ')! })).toEqual([]);
  });

  it('drafts a 年中督责 checklist that becomes a template a midyear plan uses', async () => {
    const saved = await as.supervisor!.book.save(book('JN.JTT'));
    const draft = cardsToChecklist(
      { unitName: '江南省交通运输厅', year: 2026, points: saved.points },
      randomUUID,
    )!;
    const { template } = await as.supervisor!.template.create({ content: draft });
    expect(template.planKinds).toEqual(['midyear']);
    const team = await env.db.selectFrom('teams').select('id').executeTakeFirstOrThrow();
    const plan = await as.supervisor!.plan.create({
      title: '2026年中督责：省交通运输厅',
      kind: 'midyear',
      confidential: false,
      teamId: team.id,
      targetUnitId: unit.get('JN.JTT')!,
      windowStart: '2026-07-01',
      windowEnd: '2026-07-05',
      templateId: template.id,
      description: '',
      followUpOfPlanId: null,
    });
    expect(plan).toMatchObject({ templateId: template.id, templateVersion: 1, kind: 'midyear' });
  });
});
