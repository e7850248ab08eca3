import type { TemplateContentInput } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import {
  contentOf,
  draftIssues,
  draftOf,
  draftPreview,
  newItem,
  newSection,
} from './template-draft';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const content: TemplateContentInput = {
  title: '专项检查表',
  description: '说明',
  planKinds: ['special'],
  gradeThresholds: { excellent: 95, good: 85, pass: 60 },
  sections: [
    {
      id: ID(1),
      title: '作风建设',
      weight: 30,
      items: [
        {
          id: ID(2),
          code: 'A1',
          title: '公务接待',
          guidance: '查阅清单',
          checkMethods: ['review_documents'],
          answerKind: 'choice',
          maxScore: 5,
          weight: 2,
          veto: false,
          evidenceRequired: true,
          required: true,
          choices: [
            { value: 'good', label: '规范', score: 5 },
            { value: 'bad', label: '不规范' },
          ],
        },
      ],
    },
    {
      id: ID(3),
      title: '纪律建设',
      weight: 10,
      items: [
        {
          id: ID(4),
          title: '金额',
          guidance: '',
          checkMethods: [],
          answerKind: 'number',
          maxScore: 0,
          weight: 1,
          veto: false,
          evidenceRequired: false,
          required: false,
          numberUnit: '元',
        },
        {
          id: ID(5),
          title: '请示报告',
          guidance: '',
          checkMethods: [],
          answerKind: 'conformity',
          maxScore: 10,
          weight: 1,
          veto: true,
          evidenceRequired: false,
          required: true,
        },
      ],
    },
  ],
};

describe('template drafts', () => {
  it('turns content into form fields and back unchanged', () => {
    const draft = draftOf(content);
    expect(draft.sections[0]!.items[0]!.choicesText).toBe('good=规范:5\nbad=不规范');
    expect(contentOf(draft)).toEqual(content);
  });

  it('previews each section’s maximum and share of the total as the form changes', () => {
    const draft = draftOf(content);
    expect(draftPreview(draft).map((s) => [s.title, s.itemCount, s.max, s.share])).toEqual([
      ['作风建设', 1, 10, 75],
      ['纪律建设', 2, 10, 25],
    ]);
    draft.sections[1]!.items[1]!.maxScore = 20;
    draft.sections[1]!.weight = 30;
    expect(draftPreview(draft).map((s) => [s.max, s.share])).toEqual([
      [10, 50],
      [20, 50],
    ]);
  });

  it('reports what the shared schema refuses, with the section and item', () => {
    const draft = draftOf(content);
    expect(draftIssues(draft, 'zh-CN')).toEqual([]);
    draft.sections[1]!.items[0]!.veto = true; // a veto on a number item
    draft.title = '';
    const issues = draftIssues(draft, 'zh-CN');
    expect(issues.map((i) => [i.section, i.item])).toEqual([
      [null, null],
      [1, 0],
    ]);
    expect(issues[1]!.message).toBe('一票否决项必须采用“符合/不符合”作答方式');
  });

  it('starts new sections and items with sensible defaults', () => {
    const section = newSection(ID(9));
    section.title = '新章节';
    section.items.push({ ...newItem(ID(10)), title: '新检查项' });
    const draft = draftOf({ ...content, sections: [] });
    draft.sections.push(section);
    expect(draftIssues(draft, 'zh-CN')).toEqual([]);
    expect(contentOf(draft).sections[0]!.items[0]).toMatchObject({
      answerKind: 'conformity',
      maxScore: 10,
      required: true,
    });
  });
});
