import { describe, expect, it } from 'vitest';
import { uid } from '../domain/fixtures.test-support';
import {
  ResponsibilityPoint,
  type ResponsibilityPointInput,
} from '../domain/responsibility-book.schema';
import { Template } from '../domain/template.schema';
import { scoreSheet } from '../scoring/scoring';
import { cardsToChecklist, CHECKLIST_ITEM_MAX } from './cards-checklist';

const point = (n: number, p: Omit<ResponsibilityPointInput, 'id'>) =>
  ResponsibilityPoint.parse({ id: uid(n), ...p });

const points = [
  point(1, {
    card: 'responsibility',
    category: '政治建设',
    content: '每季度专题研究党风廉政建设工作',
    measures: '党委会议纪要',
    owner: '党委书记',
  }),
  point(2, { card: 'risk', category: '财务管理', content: '津贴补贴违规发放', riskLevel: 'high' }),
  point(3, { card: 'responsibility', category: '作风建设', content: '落实中央八项规定精神' }),
  point(4, { card: 'responsibility', category: '政治建设', content: '履行“一岗双责”' }),
  point(5, {
    card: 'risk',
    category: '财务管理',
    content: '公务卡使用不规范',
    measures: '每月对账',
    riskLevel: 'low',
  }),
];

let next = 100;
const newId = () => uid(next++);

describe('cardsToChecklist', () => {
  it('makes one section per card and heading, one item per point, in card order', () => {
    const draft = cardsToChecklist({ unitName: '江南省交通运输厅', year: 2026, points }, newId)!;
    expect(draft.title).toBe('2026年“年中督责”检查表（江南省交通运输厅）');
    expect(draft.planKinds).toEqual(['midyear']);
    expect(draft.sections.map((s) => [s.title, s.weight, s.items.map((i) => i.code)])).toEqual([
      ['党风廉政建设责任点：政治建设', 2, ['R1.1', 'R1.2']],
      ['党风廉政建设责任点：作风建设', 1, ['R2.1']],
      ['风险点：财务管理', 2, ['F1.1', 'F1.2']],
    ]);
    const [first] = draft.sections[0]!.items;
    expect(first).toMatchObject({
      title: '每季度专题研究党风廉政建设工作',
      guidance: '履责措施：党委会议纪要\n责任人：党委书记',
      answerKind: 'conformity',
      maxScore: CHECKLIST_ITEM_MAX,
      evidenceRequired: false,
      checkMethods: ['review_documents', 'individual_talk'],
    });
    const risks = draft.sections[2]!.items;
    expect(risks.map((i) => [i.weight, i.evidenceRequired])).toEqual([
      [2, true],
      [1, true],
    ]);
    expect(risks[1]!.guidance).toBe('防控措施：每月对账');
  });

  it('drafts a template the shared schema and scoring accept', () => {
    const draft = cardsToChecklist({ unitName: '临江市', year: 2026, points }, newId)!;
    const t = Template.parse({
      ...draft,
      id: uid(900),
      version: 1,
      createdAt: '2026-06-01T00:00:00Z',
    });
    const ids = t.sections.flatMap((s) => [s.id, ...s.items.map((i) => i.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    // Every point counts the same toward its section: weights are item counts.
    const sheet = scoreSheet(t, {});
    expect(sheet.sections.map((s) => s.max)).toEqual([20, 10, 30]);
    expect(sheet.sections.map((s) => s.effectiveWeight)).toEqual([0.4, 0.2, 0.4]);
  });

  it('keeps a long point whole in the guidance and shortens only the title', () => {
    const long = '加'.repeat(260);
    const draft = cardsToChecklist(
      {
        unitName: '某单位',
        year: 2026,
        points: [point(9, { card: 'responsibility', category: '纪律建设', content: long })],
      },
      newId,
    )!;
    const item = draft.sections[0]!.items[0]!;
    expect(item.title).toHaveLength(200);
    expect(item.title.endsWith('…')).toBe(true);
    expect(item.guidance).toBe(long);
  });

  it('has nothing to draft without points', () => {
    expect(cardsToChecklist({ unitName: '某单位', year: 2026, points: [] }, newId)).toBeNull();
  });
});
