import { describe, expect, it } from 'vitest';
import { Template, type TemplateContent } from '../domain/template.schema';
import { T0, uid } from '../domain/fixtures.test-support';
import type { ImportResult, Rows } from './template-import';
import { parseTemplateJson, templateToEnvelope } from './template-json';
import { localizeImportIssues, parseTemplateSheets, templateToSheets } from './template-sheets';

const template = Template.parse({
  id: uid(1),
  version: 3,
  title: '年中督责分项评议表',
  description: '对照年初任务分工检查。\n第二行说明',
  planKinds: ['midyear', 'special'],
  gradeThresholds: { excellent: 92, good: 81.5, pass: 60 },
  createdAt: T0,
  sections: [
    {
      id: uid(10),
      title: '政治建设',
      weight: 30,
      items: [
        {
          id: uid(11),
          code: 'A1',
          title: '学习贯彻党的创新理论',
          guidance: '查阅党委理论学习中心组记录\n抽查两次',
          checkMethods: ['review_documents', 'individual_talk'],
          answerKind: 'conformity',
          maxScore: 10,
          weight: 2,
          veto: true,
          evidenceRequired: true,
        },
        {
          id: uid(12),
          title: '违规发放津贴补贴金额',
          answerKind: 'number',
          maxScore: 0,
          numberUnit: '元',
          required: false,
        },
      ],
    },
    {
      id: uid(20),
      title: '作风建设',
      weight: 20.5,
      items: [
        {
          id: uid(21),
          code: 'B1',
          title: '公务接待情况',
          answerKind: 'choice',
          maxScore: 5,
          choices: [
            { value: 'good', label: '规范', score: 5 },
            { value: 'some', label: '基本规范: 有瑕疵', score: 2.5 },
            { value: 'bad', label: '不规范' },
          ],
        },
        { id: uid(22), title: '评分项', answerKind: 'score', maxScore: 7.5 },
      ],
    },
    { id: uid(30), title: '尚无检查项的章节', weight: 0, items: [] },
  ],
});

const content = (t: Template): TemplateContent => ({
  title: t.title,
  description: t.description,
  planKinds: t.planKinds,
  sections: t.sections,
  gradeThresholds: t.gradeThresholds,
});

let next = 100;
const newId = () => uid(next++);

function expectFailure(result: ImportResult) {
  if (result.ok) throw new Error('expected the import to fail');
  return localizeImportIssues(result.issues, 'zh-CN');
}

describe('JSON envelope', () => {
  it('round-trips a template exactly', () => {
    const text = JSON.stringify(templateToEnvelope(template, T0));
    const result = parseTemplateJson(text);
    expect(result).toEqual({ ok: true, content: content(template), sourceId: template.id });
  });

  it('refuses what is not JSON, another format, or a newer format version', () => {
    expect(expectFailure(parseTemplateJson('{"format":'))).toEqual([
      { path: '', message: '无法读取文件：不是有效的 JSON 文件' },
    ]);
    const envelope = templateToEnvelope(template, T0);
    for (const bad of [{ ...envelope, format: 'other' }, { ...envelope, formatVersion: 2 }, []]) {
      expect(expectFailure(parseTemplateJson(JSON.stringify(bad)))[0]!.message).toContain(
        '不是督查检查表模板文件',
      );
    }
  });

  it('lists every invalid field with its path', () => {
    const envelope = templateToEnvelope(template, T0);
    const broken = JSON.parse(JSON.stringify(envelope)) as {
      template: { sections: { items: Record<string, unknown>[] }[]; title: string };
    };
    broken.template.title = '';
    broken.template.sections[0]!.items[1]!.veto = true; // a veto on a number item
    broken.template.sections[1]!.items[0]!.maxScore = 'five';
    const issues = expectFailure(parseTemplateJson(JSON.stringify(broken)));
    expect(issues.map((i) => i.path).sort()).toEqual([
      'template.sections.0.items.1.veto',
      'template.sections.1.items.0.maxScore',
      'template.title',
    ]);
    expect(issues.find((i) => i.path.endsWith('veto'))!.message).toBe(
      localizeImportIssues(
        [{ at: { path: '' }, problem: { key: 'validation.veto_needs_conformity' } }],
        'zh-CN',
      )[0]!.message,
    );
  });
});

describe('workbook sheets', () => {
  it('round-trips a template exactly, empty sections included', () => {
    const sheets = templateToSheets(template);
    const result = parseTemplateSheets(sheets, newId);
    expect(result).toEqual({ ok: true, content: content(template), sourceId: template.id });
  });

  it('writes one readable row per item, labels in the chosen language', () => {
    const { items, info } = templateToSheets(template, 'zh-CN');
    expect(items[0]!.slice(0, 8)).toEqual([
      '章节',
      '章节权重',
      '编号',
      '检查项',
      '检查指引',
      '检查方法',
      '答题方式',
      '满分',
    ]);
    expect(items[1]!.slice(0, 12)).toEqual([
      '政治建设',
      30,
      'A1',
      '学习贯彻党的创新理论',
      '查阅党委理论学习中心组记录\n抽查两次',
      '查阅资料、个别谈话',
      '符合性判断',
      10,
      2,
      '是',
      '是',
      '是',
    ]);
    expect(items).toHaveLength(1 + 4 + 1);
    expect(info).toContainEqual(['适用检查类型', '年中督责、专项检查']);
    const en = templateToSheets(template, 'en');
    expect(en.items[1]![6]).toBe('Conformity');
    // English sheets read back the same.
    expect(parseTemplateSheets(en, newId)).toEqual({
      ok: true,
      content: content(template),
      sourceId: template.id,
    });
  });

  it('reads a sheet written by hand: codes or labels, default values, new ids', () => {
    const info: Rows = [
      ['格式', 'ducha-template'],
      ['格式版本', 1],
      ['标题', '手工模板'],
    ];
    const items: Rows = [
      ['章节', '检查项', '答题方式', '满分', '检查方法'],
      ['纪律建设', '遵守政治纪律', 'conformity', '10', 'site_inspection,查阅资料'],
      [null, null, null, null, null],
      ['纪律建设', '执行请示报告制度', '评分', 5, ''],
    ];
    const result = parseTemplateSheets({ info, items }, newId);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.sourceId).toBeNull();
    expect(result.content.gradeThresholds).toEqual({ excellent: 90, good: 80, pass: 60 });
    const [section] = result.content.sections;
    expect(result.content.sections).toHaveLength(1);
    expect(section!.weight).toBe(1);
    expect(section!.items.map((i) => [i.title, i.answerKind, i.maxScore, i.checkMethods])).toEqual([
      ['遵守政治纪律', 'conformity', 10, ['site_inspection', 'review_documents']],
      ['执行请示报告制度', 'score', 5, []],
    ]);
    expect(section!.items.every((i) => i.required && !i.veto && i.weight === 1)).toBe(true);
  });

  it('reports every bad cell with its row and column, and imports nothing', () => {
    const { info, items } = templateToSheets(template);
    const bad = items.map((r) => [...r]);
    bad[1]![7] = '十分'; // 满分
    bad[2]![6] = '打勾'; // 答题方式
    bad[3]![1] = 99; // 章节权重 differs within 作风建设 (row 3 is its first row)
    bad[4]![1] = 98;
    bad[4]![9] = '也许'; // 一票否决
    const issues = expectFailure(parseTemplateSheets({ info, items: bad }, newId));
    expect(issues).toEqual([
      { path: '“检查项”第 2 行“满分”', message: '须为数字' },
      { path: '“检查项”第 3 行“答题方式”', message: '无法识别“打勾”' },
      { path: '“检查项”第 5 行“章节权重”', message: '同一章节各行的章节权重须一致' },
      { path: '“检查项”第 5 行“一票否决”', message: '须填写“是”或“否”' },
    ]);
  });

  it('maps a rule of the template schema back to the row at fault', () => {
    const { info, items } = templateToSheets(template);
    const bad = items.map((r) => [...r]);
    bad[2]![9] = '是'; // a veto on the number item (row 3)
    const issues = expectFailure(parseTemplateSheets({ info, items: bad }, newId));
    expect(issues).toEqual([
      {
        path: '“检查项”第 3 行“一票否决”',
        message: '一票否决项必须采用“符合/不符合”作答方式',
      },
    ]);
    const again = parseTemplateSheets({ info, items: bad }, newId);
    if (again.ok) throw new Error('expected the import to fail');
    expect(localizeImportIssues(again.issues, 'en')[0]!.path).toBe('“Items” row 3, “Veto”');
  });

  it('refuses missing columns and a foreign workbook', () => {
    const { info } = templateToSheets(template);
    const issues = expectFailure(parseTemplateSheets({ info, items: [['章节', '检查项']] }, newId));
    expect(issues.map((i) => i.path)).toEqual([
      '“检查项”第 1 行“答题方式”',
      '“检查项”第 1 行“满分”',
    ]);
    expect(issues[0]!.message).toBe('缺少此列');
    const foreign = expectFailure(
      parseTemplateSheets({ info: [['姓名', '张三']], items: [] }, newId),
    );
    expect(foreign[0]!.message).toBe('不是督查检查表模板文件，或其格式版本不受支持');
  });
});
