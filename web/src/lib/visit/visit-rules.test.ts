import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '@ducha/shared';
import {
  ITEM_B,
  ITEM_SCORE,
  ITEM_TEXT,
  ITEM_VETO,
  SECTION_A,
  SECTION_B,
  SHA,
  TEMPLATE_FIELDS,
} from './visit.test-support';
import { findingView, templateView, type AnswerView } from './visit-records';
import {
  commentCountBySection,
  commentedItems,
  commentsByItem,
  nextUnanswered,
  referencedEvidence,
  sheetFor,
  submitIssues,
} from './visit-rules';

const template = templateView({
  type: 'template',
  id: 'x@3',
  planId: null,
  version: 1,
  deleted: null,
  fields: TEMPLATE_FIELDS,
  stamps: {},
})!;

function answers(entries: [string, AnswerValue | null, string[]?][]): Map<string, AnswerView> {
  return new Map(
    entries.map(([itemId, answer, evidence = []]) => [
      itemId,
      {
        itemId,
        answer,
        remark: '',
        evidence,
        raw: { answer, remark: null, evidence },
        version: 0,
      },
    ]),
  );
}

const conforms = { kind: 'conformity', value: 'conforms' } as const;

describe('visit rules', () => {
  it('scores the sheet live with the shared scoring, veto included', () => {
    const all = answers([
      [ITEM_VETO, conforms, [SHA]],
      [ITEM_SCORE, { kind: 'score', value: 5 }],
      [ITEM_B, conforms],
    ]);
    const sheet = sheetFor(template, all);
    expect(sheet.sections.map((s) => s.percent)).toEqual([75, 100]);
    expect(sheet.overall).toBe(85);
    expect(sheet.grade).toBe('good');

    all.set(ITEM_VETO, {
      ...all.get(ITEM_VETO)!,
      answer: { kind: 'conformity', value: 'nonconforming' },
    });
    const vetoed = sheetFor(template, all);
    expect(vetoed.grade).toBe('fail');
    expect(vetoed.vetoItemIds).toEqual([ITEM_VETO]);
  });

  it('counts a remark without an answer as unanswered', () => {
    const sheet = sheetFor(template, answers([[ITEM_VETO, null]]));
    expect(sheet.unansweredItemIds).toContain(ITEM_VETO);
  });

  it('blocks submission on required items, missing evidence and invalid findings', () => {
    const finding = findingView({
      type: 'finding',
      id: 'f1',
      planId: 'p',
      version: 0,
      deleted: null,
      fields: { category: 'funds', severity: 'low', title: '无描述', description: '' },
      stamps: {},
    });
    const issues = submitIssues({
      status: 'draft',
      template,
      answers: answers([[ITEM_VETO, conforms]]),
      findings: [finding],
    });
    expect(issues).toEqual([
      { kind: 'evidence', itemId: ITEM_VETO, sectionId: SECTION_A, title: '公务接待是否有公函' },
      { kind: 'required', itemId: ITEM_SCORE, sectionId: SECTION_A, title: '公车管理' },
      { kind: 'required', itemId: ITEM_B, sectionId: SECTION_B, title: '是否存在违规收送礼金' },
      { kind: 'finding', findingId: 'f1', title: '无描述', problems: ['description'] },
    ]);
  });

  it('is ready when everything required is there; N/A needs no evidence', () => {
    const ready = answers([
      [ITEM_VETO, { kind: 'conformity', value: 'not_applicable' }],
      [ITEM_SCORE, { kind: 'score', value: 10 }],
      [ITEM_B, conforms],
    ]);
    expect(submitIssues({ status: 'returned', template, answers: ready, findings: [] })).toEqual(
      [],
    );
  });

  it('blocks a 回头看 until every target has a verdict, those issues first', () => {
    const ready = answers([
      [ITEM_VETO, { kind: 'conformity', value: 'not_applicable' }],
      [ITEM_SCORE, { kind: 'score', value: 10 }],
      [ITEM_B, conforms],
    ]);
    const unjudged = [
      { kind: 'verdict', targetKind: 'rectification', targetId: 'r1', title: '清退津贴' },
      { kind: 'verdict', targetKind: 'finding', targetId: 'f9', title: '公车登记不全' },
    ] as const;
    const issues = submitIssues({
      status: 'draft',
      template,
      answers: answers([[ITEM_VETO, conforms]]),
      findings: [],
      unjudged,
    });
    expect(issues.slice(0, 2)).toEqual(unjudged);
    expect(issues.slice(2).map((i) => i.kind)).toEqual(['evidence', 'required', 'required']);
    expect(
      submitIssues({ status: 'draft', template, answers: ready, findings: [], unjudged }),
    ).toEqual(unjudged);
    expect(
      submitIssues({ status: 'draft', template, answers: ready, findings: [], unjudged: [] }),
    ).toEqual([]);
    // A submitted visit is locked, whatever is left to judge.
    expect(
      submitIssues({ status: 'submitted', template, answers: ready, findings: [], unjudged }),
    ).toEqual([{ kind: 'locked' }]);
  });

  it('reports a locked visit and a missing template instead of item issues', () => {
    const none = answers([]);
    expect(submitIssues({ status: 'submitted', template, answers: none, findings: [] })).toEqual([
      { kind: 'locked' },
    ]);
    expect(submitIssues({ status: 'draft', template: null, answers: none, findings: [] })).toEqual([
      { kind: 'template' },
    ]);
  });

  it('jumps to the next unanswered item in checklist order, wrapping around', () => {
    const some = answers([[ITEM_SCORE, { kind: 'score', value: 1 }]]);
    expect(nextUnanswered(template, some)).toEqual({ itemId: ITEM_VETO, sectionId: SECTION_A });
    expect(nextUnanswered(template, some, ITEM_VETO)).toEqual({
      itemId: ITEM_TEXT,
      sectionId: SECTION_A,
    });
    expect(nextUnanswered(template, some, ITEM_B)).toEqual({
      itemId: ITEM_VETO,
      sectionId: SECTION_A,
    });
    const all = answers([
      [ITEM_VETO, conforms],
      [ITEM_SCORE, { kind: 'score', value: 1 }],
      [ITEM_TEXT, { kind: 'text', value: '无' }],
      [ITEM_B, conforms],
    ]);
    expect(nextUnanswered(template, all)).toBeNull();
  });

  it('groups review comments by item', () => {
    const map = commentsByItem([
      { itemId: 'a', text: '1' },
      { itemId: null, text: '整体' },
      { itemId: 'a', text: '2' },
    ]);
    expect(map.get('a')).toEqual(['1', '2']);
    expect(map.get(null)).toEqual(['整体']);
  });
});

describe('referencedEvidence', () => {
  it('gathers every list into one set', () => {
    const out = referencedEvidence([['a', 'b'], [], ['b', 'c']]);
    expect([...out]).toEqual(['a', 'b', 'c']);
    expect(referencedEvidence([]).size).toBe(0);
  });
});

describe('commentedItems', () => {
  it('lists the commented items in checklist order, and counts comments per section', () => {
    const template = templateView({
      type: 'template',
      id: `${TEMPLATE_FIELDS.id}@3`,
      planId: null,
      version: 1,
      deleted: null,
      fields: TEMPLATE_FIELDS,
      stamps: {},
    })!;
    const comments = commentsByItem([
      { itemId: ITEM_B, text: '谈话记录不全' },
      { itemId: null, text: '请补充个别谈话' },
      { itemId: ITEM_VETO, text: '缺少接待清单照片' },
      { itemId: 'not-in-template', text: '旧版本的项' },
      { itemId: ITEM_VETO, text: '公函日期不符' },
    ]);
    const items = commentedItems(template, comments);
    expect(items).toEqual([
      {
        itemId: ITEM_VETO,
        sectionId: SECTION_A,
        title: '公务接待是否有公函',
        code: null,
        comments: ['缺少接待清单照片', '公函日期不符'],
      },
      {
        itemId: ITEM_B,
        sectionId: SECTION_B,
        title: '是否存在违规收送礼金',
        code: null,
        comments: ['谈话记录不全'],
      },
    ]);
    expect(commentCountBySection(items)).toEqual(
      new Map([
        [SECTION_A, 2],
        [SECTION_B, 1],
      ]),
    );
    expect(commentedItems(template, new Map())).toEqual([]);
  });
});
