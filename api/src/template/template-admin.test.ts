import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { TemplateContent } from '@ducha/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_IDS } from '../seed/demo-templates';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import type { Caller } from '../sync/sync-test-support';

/*
 * Writing templates through the API: create, edit (in place while no plan pins the version,
 * as the next version once one does), archive, history, and files in and out — a round trip
 * gives the same template, a bad file changes nothing and names every problem.
 */

let env: TestEnv;
const as: Record<string, Caller> = {};
let teamId: string;
let unitId: string;

beforeAll(async () => {
  env = await setupTestEnv();
  for (const name of ['supervisor', 'admin', 'inspector', 'leader']) {
    as[name] = await signedIn(env.deps, name);
  }
  teamId = (await env.db.selectFrom('teams').select('id').orderBy('name').executeTakeFirstOrThrow())
    .id;
  unitId = (
    await env.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'JN.CZT')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => env.cleanup());

function content(title = `模板 ${randomUUID().slice(0, 6)}`): TemplateContent {
  return {
    title,
    description: '说明',
    planKinds: ['special'],
    gradeThresholds: { excellent: 90, good: 80, pass: 60 },
    sections: [
      {
        id: randomUUID(),
        title: '作风建设',
        weight: 40,
        items: [
          {
            id: randomUUID(),
            code: 'A1',
            title: '公务接待是否执行清单制度',
            guidance: '查阅接待清单',
            checkMethods: ['review_documents'],
            answerKind: 'conformity',
            maxScore: 10,
            weight: 1,
            veto: true,
            evidenceRequired: true,
            required: true,
          },
        ],
      },
    ],
  };
}

const planOn = (templateId: string) =>
  as.supervisor!.plan.create({
    title: '使用模板的计划',
    kind: 'special',
    confidential: false,
    teamId,
    targetUnitId: unitId,
    windowStart: '2026-07-01',
    windowEnd: '2026-07-02',
    templateId,
    description: '',
    followUpOfPlanId: null,
  });

const countTemplates = async () =>
  Number(
    (
      await env.db
        .selectFrom('templates')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('writing templates', () => {
  it('creates version 1, rewrites it while unpinned, then versions edits once a plan pins it', async () => {
    const { template } = await as.supervisor!.template.create({ content: content('初稿') });
    expect(template.version).toBe(1);

    const draft = await as.supervisor!.template.update({
      id: template.id,
      baseVersion: 1,
      content: { ...content('修订稿'), sections: template.sections },
    });
    expect(draft).toMatchObject({ newVersion: false, template: { version: 1, title: '修订稿' } });

    const plan = await planOn(template.id);
    expect(plan.templateVersion).toBe(1);
    const next = await as.admin!.template.update({
      id: template.id,
      baseVersion: 1,
      content: { ...content('第二版'), sections: template.sections },
    });
    expect(next).toMatchObject({ newVersion: true, template: { version: 2, title: '第二版' } });
    // The plan keeps the version it pinned, unchanged.
    expect((await as.supervisor!.plan.manage.get({ id: plan.id })).templateVersion).toBe(1);
    expect((await as.inspector!.template.get({ id: template.id, version: 1 })).title).toBe(
      '修订稿',
    );
    expect((await as.inspector!.template.get({ id: template.id })).version).toBe(2);

    const history = await as.supervisor!.template.versions({ id: template.id });
    expect(history.map((h) => [h.version, h.planCount])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    const events = await env.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', template.id)
      .execute();
    expect(events.map((e) => e.action).sort()).toEqual([
      'template.create',
      'template.update',
      'template.update',
    ]);
  });

  it('refuses an edit of a stale version, naming the current one', async () => {
    const { template } = await as.supervisor!.template.create({ content: content() });
    await planOn(template.id);
    await as.supervisor!.template.update({ id: template.id, baseVersion: 1, content: content() });
    const stale = await expectAppError(
      as.supervisor!.template.update({ id: template.id, baseVersion: 1, content: content() }),
      'CONFLICT',
      'template.stale_version',
    );
    expect((stale as { params?: unknown }).params).toEqual({ version: 2 });
  });

  it('keeps a pinned version immutable in the database itself', async () => {
    await expect(
      sql`update templates set title = 'x' where id = ${TEMPLATE_IDS.eightRules} and version = 1`.execute(
        env.db,
      ),
    ).rejects.toThrow(/pinned/);
  });

  it('validates content with the shared schema and changes nothing on failure', async () => {
    const before = await countTemplates();
    const bad = content();
    bad.sections[0]!.items[0]!.answerKind = 'text'; // a veto on a text item
    await expectAppError(as.supervisor!.template.create({ content: bad }), 'BAD_REQUEST');
    await expectAppError(
      as.supervisor!.template.create({ content: { ...content(), sections: [] } }),
      'BAD_REQUEST',
    );
    expect(await countTemplates()).toBe(before);
  });

  it('archives: gone from the list and from new plans, back when restored', async () => {
    const { template } = await as.supervisor!.template.create({ content: content() });
    await as.supervisor!.template.archive({ id: template.id, archived: true });
    expect((await as.inspector!.template.list()).some((t) => t.id === template.id)).toBe(false);
    const all = await as.inspector!.template.list({ includeArchived: true });
    expect(all.find((t) => t.id === template.id)?.archived).toBe(true);
    const refused = await expectAppError(planOn(template.id), 'BAD_REQUEST');
    expect((refused as { fieldIssues?: unknown }).fieldIssues).toEqual([
      { path: 'templateId', messageKey: 'template.archived' },
    ]);
    await as.supervisor!.template.archive({ id: template.id, archived: false });
    expect((await as.inspector!.template.list()).find((t) => t.id === template.id)?.archived).toBe(
      false,
    );
  });

  it('is for supervisors and administrators only', async () => {
    const before = await countTemplates();
    for (const who of ['inspector', 'leader']) {
      const caller = as[who]!;
      for (const attempt of [
        caller.template.create({ content: content() }),
        caller.template.update({ id: TEMPLATE_IDS.talk, baseVersion: 1, content: content() }),
        caller.template.archive({ id: TEMPLATE_IDS.talk, archived: true }),
        caller.template.import({ format: 'json', base64: '', intoId: null }),
      ]) {
        await expectAppError(attempt, 'FORBIDDEN', 'auth.forbidden');
      }
    }
    expect(await countTemplates()).toBe(before);
    await expectAppError(
      as.supervisor!.template.update({ id: randomUUID(), baseVersion: 1, content: content() }),
      'NOT_FOUND',
      'common.not_found',
    );
  });
});

const decode = (b64: string) => Buffer.from(b64, 'base64');
const sameContent = (t: TemplateContent) => ({
  title: t.title,
  description: t.description,
  planKinds: t.planKinds,
  sections: t.sections,
  gradeThresholds: t.gradeThresholds,
});

describe('template files', () => {
  it('round-trips through JSON and XLSX: the import is the same template', async () => {
    const original = await as.inspector!.template.get({ id: TEMPLATE_IDS.midyear });
    for (const format of ['json', 'xlsx'] as const) {
      const file = await as.inspector!.template.export({ id: original.id, format });
      expect(file.filename).toMatch(new RegExp(`-v${original.version}\\.${format}$`));
      const imported = await as.supervisor!.template.import({
        format,
        base64: file.base64,
        intoId: null,
      });
      expect(imported.template.id).not.toBe(original.id);
      expect(sameContent(imported.template)).toEqual(sameContent(original));
    }
  });

  it('writes a readable workbook: one row per item with its section and answer kind', async () => {
    const file = await as.inspector!.template.export({
      id: TEMPLATE_IDS.eightRules,
      format: 'xlsx',
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(decode(file.base64) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['模板信息', '检查项']);
    const items = book.getWorksheet('检查项')!;
    expect(items.getRow(1).getCell(1).value).toBe('章节');
    const template = await as.inspector!.template.get({ id: TEMPLATE_IDS.eightRules });
    const itemCount = template.sections.reduce((n, s) => n + Math.max(s.items.length, 1), 0);
    expect(items.actualRowCount).toBe(1 + itemCount);
    expect(items.getRow(2).getCell(4).value).toBe(template.sections[0]!.items[0]!.title);
  });

  it('imports a file as the next version of a pinned template', async () => {
    const json = await as.inspector!.template.export({ id: TEMPLATE_IDS.talk, format: 'json' });
    const before = await as.inspector!.template.get({ id: TEMPLATE_IDS.talk });
    const saved = await as.supervisor!.template.import({
      format: 'json',
      base64: json.base64,
      intoId: TEMPLATE_IDS.talk,
    });
    expect(saved).toMatchObject({ newVersion: true, template: { version: before.version + 1 } });
  });

  it('refuses a bad workbook whole, listing each bad cell in the caller’s language', async () => {
    const file = await as.inspector!.template.export({
      id: TEMPLATE_IDS.eightRules,
      format: 'xlsx',
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(decode(file.base64) as unknown as ArrayBuffer);
    const items = book.getWorksheet('检查项')!;
    items.getRow(2).getCell(8).value = '很多'; // 满分
    items.getRow(3).getCell(7).value = '打勾'; // 答题方式
    const broken = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const before = await countTemplates();
    const expected = {
      'zh-CN': [
        { path: '“检查项”第 2 行“满分”', message: '须为数字' },
        { path: '“检查项”第 3 行“答题方式”', message: '无法识别“打勾”' },
      ],
      en: [
        { path: '“Items” row 2, “Max score”', message: 'Must be a number' },
        { path: '“Items” row 3, “Answer kind”', message: '“打勾” is not recognised' },
      ],
    };
    for (const locale of ['zh-CN', 'en'] as const) {
      const caller = await signedIn(env.deps, 'supervisor', { locale });
      const error = await expectAppError(
        caller.template.import({ format: 'xlsx', base64: broken, intoId: null }),
        'BAD_REQUEST',
        'template.import_invalid',
      );
      const issuesIn = (error as { issuesIn?: (l: string) => unknown }).issuesIn!;
      expect(issuesIn(locale)).toEqual(expected[locale]);
    }
    expect(await countTemplates()).toBe(before);
  });

  it('refuses files that are not templates, or too large', async () => {
    const before = await countTemplates();
    const notXlsx = Buffer.from('这不是一个表格').toString('base64');
    const e1 = await expectAppError(
      as.supervisor!.template.import({ format: 'xlsx', base64: notXlsx, intoId: null }),
      'BAD_REQUEST',
      'template.import_invalid',
    );
    expect((e1 as { issuesIn?: (l: string) => { message: string }[] }).issuesIn!('zh-CN')).toEqual([
      { path: '', message: '无法读取文件：不是有效的 XLSX 文件' },
    ]);
    const foreign = Buffer.from(JSON.stringify({ hello: 'world' })).toString('base64');
    await expectAppError(
      as.supervisor!.template.import({ format: 'json', base64: foreign, intoId: null }),
      'BAD_REQUEST',
      'template.import_invalid',
    );
    const huge = Buffer.alloc(600 * 1024, 32).toString('base64');
    await expectAppError(
      as.supervisor!.template.import({ format: 'json', base64: huge, intoId: null }),
      'BAD_REQUEST',
    );
    expect(await countTemplates()).toBe(before);
  });
});
