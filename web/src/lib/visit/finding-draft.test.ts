import { describe, expect, it } from 'vitest';
import {
  changedFields,
  draftFromFinding,
  withEvidence,
  draftFromItem,
  draftToFields,
  emptyDraft,
  findingProblems,
  parseYuan,
  type FindingDraft,
} from './finding-draft';
import { findingView, type AnswerView } from './visit-records';

const valid = (over: Partial<FindingDraft> = {}): FindingDraft => ({
  ...emptyDraft(),
  category: 'eight_rules',
  severity: 'high',
  title: '无公函接待',
  description: '三次接待无公函',
  ...over,
});

describe('finding drafts', () => {
  it('parses yuan with separators, to the fen, and refuses other text', () => {
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('12,345.6')).toBe(12345.6);
    expect(parseYuan('1 200元')).toBe(1200);
    expect(parseYuan('1.234')).toBeUndefined();
    expect(parseYuan('-5')).toBeUndefined();
    expect(parseYuan('abc')).toBeUndefined();
    expect(parseYuan('99999999999999')).toBeUndefined();
  });

  it('lists what a draft lacks, in form order', () => {
    expect(findingProblems(emptyDraft())).toEqual(['category', 'severity', 'title', 'description']);
    expect(findingProblems(valid())).toEqual([]);
    expect(findingProblems(valid({ money: '1.234' }))).toEqual(['money']);
    expect(findingProblems(valid({ people: [{ name: ' ', position: '', unitId: null }] }))).toEqual(
      ['people'],
    );
    // A rectification needs its kind and measures; a deadline kind needs the day.
    expect(findingProblems(valid({ measures: '建立台账' }))).toEqual(['measures']);
    expect(findingProblems(valid({ rectificationKind: 'deadline', measures: '退还' }))).toEqual([
      'deadline',
    ]);
    expect(
      findingProblems(
        valid({ rectificationKind: 'deadline', measures: '退还', deadline: '2026-04-01' }),
      ),
    ).toEqual([]);
  });

  it('turns a valid draft into the finding fields', () => {
    const out = draftToFields(
      valid({
        money: '1,200.50',
        unitsConcerned: ['u1', 'u1', 'u2'],
        people: [{ name: ' 张三 ', position: '科长', unitId: null }],
        recommendedForm: 'form1',
        isClue: true,
        rectificationKind: 'immediate',
        measures: ' 立即退还 ',
        evidence: ['a'.repeat(64), 'a'.repeat(64), 'b'.repeat(64)],
      }),
    );
    expect(out).toEqual({
      ok: true,
      fields: {
        category: 'eight_rules',
        severity: 'high',
        title: '无公函接待',
        description: '三次接待无公函',
        moneyInvolvedYuan: 1200.5,
        unitsConcerned: ['u1', 'u2'],
        peopleConcerned: [{ name: '张三', position: '科长', unitId: null }],
        evidence: ['a'.repeat(64), 'b'.repeat(64)],
        recommendedForm: 'form1',
        isClue: true,
        proposedRectification: { kind: 'immediate', measures: '立即退还', deadline: null },
      },
    });
    expect(draftToFields(emptyDraft())).toMatchObject({ ok: false });
  });

  it('prefills from a failed item with its title and remark', () => {
    const answer = { remark: ' 无公函 ' } as AnswerView;
    expect(draftFromItem({ title: '公务接待是否有公函' }, answer)).toMatchObject({
      title: '公务接待是否有公函',
      description: '无公函',
      severity: 'medium',
      category: '',
    });
  });

  it('round-trips a stored finding and sends only what changed', () => {
    const raw = {
      category: 'funds',
      severity: 'low',
      title: 'T',
      description: 'D',
      moneyInvolvedYuan: 10,
      unitsConcerned: [],
      peopleConcerned: [{ name: '李四', position: '', unitId: null }],
      evidence: [],
      recommendedForm: null,
      isClue: false,
      proposedRectification: null,
    };
    const view = findingView({
      type: 'finding',
      id: 'f',
      planId: 'p',
      version: 4,
      deleted: null,
      fields: raw,
      stamps: {},
    });
    const draft = draftFromFinding(view);
    const same = draftToFields(draft);
    if (!same.ok) throw new Error('invalid');
    expect(changedFields(raw, same.fields)).toEqual({});
    const edited = draftToFields({ ...draft, money: '', title: 'T2' });
    if (!edited.ok) throw new Error('invalid');
    expect(changedFields(raw, edited.fields)).toEqual({ moneyInvolvedYuan: null, title: 'T2' });
    // A photo added: the whole list, on its own.
    const photo = 'c'.repeat(64);
    expect(withEvidence(draft, photo)).toEqual([photo]);
    expect(withEvidence({ ...draft, evidence: [photo] }, photo)).toEqual([photo]);
    const withPhoto = draftToFields({ ...draft, evidence: withEvidence(draft, photo) });
    if (!withPhoto.ok) throw new Error('invalid');
    expect(changedFields(raw, withPhoto.fields)).toEqual({ evidence: [photo] });
    // A finding stored before it had evidence: an empty list is no change.
    const { evidence: _none, ...older } = raw;
    expect(changedFields(older, same.fields)).toEqual({});
  });
});
