import { describe, expect, it } from 'vitest';
import { checkCompleteness, completenessSections, type StoredAnswer } from './completeness';

const H = 'd'.repeat(64);
const sections = [
  {
    items: [
      { id: 'a', answerKind: 'conformity' as const, required: true, evidenceRequired: true },
      { id: 'b', answerKind: 'text' as const, required: true, evidenceRequired: false },
      { id: 'c', answerKind: 'number' as const, required: false, evidenceRequired: true },
    ],
  },
];
const conf = (value: 'conforms' | 'not_applicable', evidence: string[] = []): StoredAnswer => ({
  answer: { kind: 'conformity', value },
  evidence,
});

describe('checkCompleteness', () => {
  it('lists unanswered required items only', () => {
    expect(checkCompleteness(sections, {})).toEqual({
      missingRequiredItemIds: ['a', 'b'],
      missingEvidenceItemIds: [],
      complete: false,
    });
  });

  it('treats blank text and a wrong-kind answer as missing', () => {
    const r = checkCompleteness(sections, {
      a: { answer: { kind: 'score', value: 3 }, evidence: [H] },
      b: { answer: { kind: 'text', value: '   ' }, evidence: [] },
    });
    expect(r.missingRequiredItemIds).toEqual(['a', 'b']);
  });

  it('requires evidence where the template says so, except for not applicable', () => {
    const text: StoredAnswer = { answer: { kind: 'text', value: '已查阅' }, evidence: [] };
    const number: StoredAnswer = { answer: { kind: 'number', value: 4 }, evidence: [] };
    expect(checkCompleteness(sections, { a: conf('conforms'), b: text, c: number })).toEqual({
      missingRequiredItemIds: [],
      missingEvidenceItemIds: ['a', 'c'],
      complete: false,
    });
    expect(checkCompleteness(sections, { a: conf('not_applicable'), b: text }).complete).toBe(true);
    expect(checkCompleteness(sections, { a: conf('conforms', [H]), b: text }).complete).toBe(true);
  });
});

describe('completenessSections', () => {
  it('reads what completeness needs from stored sections, with the schema’s defaults', () => {
    const stored = [
      {
        id: 's',
        title: '一',
        items: [
          { id: 'a', title: '甲', answerKind: 'conformity', maxScore: 5 },
          { id: 'b', answerKind: 'text', required: false, evidenceRequired: true },
        ],
      },
      { items: [] },
    ];
    expect(completenessSections(stored)).toEqual([
      {
        items: [
          { id: 'a', answerKind: 'conformity', required: true, evidenceRequired: false },
          { id: 'b', answerKind: 'text', required: false, evidenceRequired: true },
        ],
      },
      { items: [] },
    ]);
  });

  it('gives up on anything that is not a checklist', () => {
    expect(completenessSections(undefined)).toBeNull();
    expect(completenessSections({ items: [] })).toBeNull();
    expect(completenessSections([{ title: '无条目' }])).toBeNull();
    expect(completenessSections([{ items: [{ id: 'a', answerKind: 'photo' }] }])).toBeNull();
    expect(completenessSections([{ items: [{ answerKind: 'text' }] }])).toBeNull();
  });
});
