import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFORMITY_VALUES, type ConformityValue } from '../domain/enums';
import type { AnswerValue } from '../domain/inspection.schema';
import {
  answerValues,
  gradeFor,
  itemMaximum,
  round2,
  scoreItem,
  scoreSheet,
  type AnswerMap,
  type ScorableItem,
  type ScorableSection,
  type ScorableTemplate,
} from './scoring';

function item(id: string, over: Partial<ScorableItem> = {}): ScorableItem {
  return {
    id,
    title: id,
    answerKind: 'conformity',
    maxScore: 10,
    weight: 1,
    veto: false,
    required: true,
    ...over,
  };
}
const conf = (value: ConformityValue): AnswerValue => ({ kind: 'conformity', value });

describe('scoreItem', () => {
  it('gives conforms full marks, partial half, nonconforming none', () => {
    const it10 = item('a');
    expect(scoreItem(it10, 's', conf('conforms'))).toMatchObject({
      score: 10,
      max: 10,
      status: 'scored',
    });
    expect(scoreItem(it10, 's', conf('partial'))).toMatchObject({ score: 5, max: 10 });
    expect(scoreItem(it10, 's', conf('nonconforming'))).toMatchObject({ score: 0, max: 10 });
  });

  it('excludes not-applicable from score and maximum', () => {
    expect(scoreItem(item('a'), 's', conf('not_applicable'))).toMatchObject({
      status: 'not_applicable',
      score: 0,
      max: 0,
      weightedMax: 0,
    });
  });

  it('clamps a given score into [0, max]', () => {
    const s = item('a', { answerKind: 'score', maxScore: 8 });
    expect(scoreItem(s, 's', { kind: 'score', value: 6.5 }).score).toBe(6.5);
    expect(scoreItem(s, 's', { kind: 'score', value: 12 }).score).toBe(8);
    expect(scoreItem(s, 's', { kind: 'score', value: Number.NaN }).score).toBe(0);
  });

  it('scores a choice by its own score, and leaves unscored choices out', () => {
    const scored = item('c', {
      answerKind: 'choice',
      maxScore: 4,
      choices: [
        { value: 'full', label: '全部公示', score: 4 },
        { value: 'some', label: '部分公示', score: 2 },
        { value: 'none', label: '未公示' },
      ],
    });
    expect(scoreItem(scored, 's', { kind: 'choice', value: 'some' })).toMatchObject({
      score: 2,
      max: 4,
    });
    expect(scoreItem(scored, 's', { kind: 'choice', value: 'none' })).toMatchObject({
      score: 0,
      max: 4,
    });
    expect(scoreItem(scored, 's', { kind: 'choice', value: 'other' }).status).toBe('invalid');

    const plain = item('d', {
      answerKind: 'choice',
      choices: [
        { value: 'x', label: '甲' },
        { value: 'y', label: '乙' },
      ],
    });
    expect(itemMaximum(plain)).toBe(0);
    expect(scoreItem(plain, 's', { kind: 'choice', value: 'x' })).toMatchObject({
      status: 'unscored',
      max: 0,
    });
  });

  it('leaves numbers and text unscored', () => {
    expect(
      scoreItem(item('n', { answerKind: 'number' }), 's', { kind: 'number', value: 3 }),
    ).toMatchObject({
      status: 'unscored',
      max: 0,
    });
    expect(
      scoreItem(item('t', { answerKind: 'text' }), 's', { kind: 'text', value: '无' }),
    ).toMatchObject({
      status: 'unscored',
      max: 0,
    });
  });

  it('keeps the maximum of an unanswered item and of an answer of the wrong kind', () => {
    expect(scoreItem(item('a'), 's', undefined)).toMatchObject({
      status: 'unanswered',
      score: 0,
      max: 10,
    });
    expect(scoreItem(item('a'), 's', { kind: 'score', value: 10 })).toMatchObject({
      status: 'invalid',
      score: 0,
      max: 10,
    });
  });

  it('weights score and maximum alike', () => {
    expect(scoreItem(item('a', { weight: 3 }), 's', conf('partial'))).toMatchObject({
      weightedScore: 15,
      weightedMax: 30,
    });
  });

  it('triggers a veto only on nonconforming', () => {
    const v = item('v', { veto: true });
    for (const value of CONFORMITY_VALUES) {
      expect(scoreItem(v, 's', conf(value)).vetoTriggered).toBe(value === 'nonconforming');
    }
    expect(scoreItem(item('a'), 's', conf('nonconforming')).vetoTriggered).toBe(false);
  });
});

describe('gradeFor', () => {
  it('applies the default boundaries inclusively', () => {
    expect(gradeFor(100)).toBe('excellent');
    expect(gradeFor(90)).toBe('excellent');
    expect(gradeFor(89.99)).toBe('good');
    expect(gradeFor(80)).toBe('good');
    expect(gradeFor(60)).toBe('pass');
    expect(gradeFor(59.99)).toBe('fail');
    expect(gradeFor(0)).toBe('fail');
  });

  it('uses a template’s own thresholds', () => {
    const strict = { excellent: 95, good: 85, pass: 70 };
    expect(gradeFor(92, strict)).toBe('good');
    expect(gradeFor(65, strict)).toBe('fail');
  });
});

/** Two sections in the manner of the 年中督责 sheet. */
const midyear: ScorableTemplate = {
  sections: [
    {
      id: 'political',
      title: '政治建设',
      weight: 60,
      items: [item('p1'), item('p2'), item('p3', { answerKind: 'score', maxScore: 20 })],
    },
    {
      id: 'conduct',
      title: '作风建设',
      weight: 40,
      items: [item('c1', { veto: true }), item('c2', { maxScore: 30, required: false })],
    },
  ],
};

describe('scoreSheet', () => {
  it('totals sections and weights them into an overall score and grade', () => {
    const sheet = scoreSheet(midyear, {
      p1: conf('conforms'),
      p2: conf('partial'),
      p3: { kind: 'score', value: 15 },
      c1: conf('conforms'),
      c2: conf('conforms'),
    });
    const [pol, con] = sheet.sections;
    expect(pol).toMatchObject({
      score: 30,
      max: 40,
      percent: 75,
      effectiveWeight: 0.6,
      contribution: 45,
    });
    expect(con).toMatchObject({
      score: 40,
      max: 40,
      percent: 100,
      effectiveWeight: 0.4,
      contribution: 40,
    });
    expect(sheet.overall).toBe(85);
    expect(sheet.grade).toBe('good');
    expect(sheet.vetoed).toBe(false);
    expect(sheet.unansweredItemIds).toEqual([]);
  });

  it('fails the sheet on a nonconforming veto item whatever the score, and says which', () => {
    const sheet = scoreSheet(midyear, {
      p1: conf('conforms'),
      p2: conf('conforms'),
      p3: { kind: 'score', value: 20 },
      c1: conf('nonconforming'),
      c2: conf('conforms'),
    });
    expect(sheet.overall).toBe(90);
    expect(sheet.gradeBeforeVeto).toBe('excellent');
    expect(sheet.grade).toBe('fail');
    expect(sheet.vetoItemIds).toEqual(['c1']);
    expect(sheet.nonconformingItemIds).toEqual(['c1']);
  });

  it('reports unanswered items, counts them as 0 and keeps their maximum', () => {
    const sheet = scoreSheet(midyear, { p1: conf('conforms'), c1: conf('conforms') });
    expect(sheet.unansweredItemIds).toEqual(['p2', 'p3', 'c2']);
    expect(sheet.missingRequiredItemIds).toEqual(['p2', 'p3']);
    expect(sheet.sections[0]).toMatchObject({ score: 10, max: 40, percent: 25 });
    expect(sheet.sections[0]?.counts).toEqual({
      total: 3,
      answered: 1,
      unanswered: 2,
      notApplicable: 0,
      nonconforming: 0,
    });
  });

  it('drops an all-N/A section and renormalises the other weights', () => {
    const sheet = scoreSheet(midyear, {
      p1: conf('conforms'),
      p2: conf('conforms'),
      p3: { kind: 'score', value: 10 },
      c1: conf('not_applicable'),
      c2: conf('not_applicable'),
    });
    expect(sheet.sections[1]).toMatchObject({
      max: 0,
      percent: null,
      effectiveWeight: 0,
      contribution: 0,
    });
    expect(sheet.sections[0]?.effectiveWeight).toBe(1);
    expect(sheet.overall).toBe(75);
    expect(sheet.grade).toBe('pass');
  });

  it('has no overall score or grade when nothing is measurable', () => {
    const t: ScorableTemplate = {
      sections: [{ id: 's', title: 's', weight: 1, items: [item('t', { answerKind: 'text' })] }],
    };
    const sheet = scoreSheet(t, { t: { kind: 'text', value: '情况说明' } });
    expect(sheet.overall).toBeNull();
    expect(sheet.grade).toBeNull();
  });

  it('leaves a zero-weight section out of the overall score but still totals it', () => {
    const t: ScorableTemplate = {
      sections: [
        { id: 'a', title: 'a', weight: 1, items: [item('a1')] },
        { id: 'b', title: 'b', weight: 0, items: [item('b1')] },
      ],
    };
    const sheet = scoreSheet(t, { a1: conf('conforms'), b1: conf('nonconforming') });
    expect(sheet.sections[1]).toMatchObject({ percent: 0, effectiveWeight: 0 });
    expect(sheet.overall).toBe(100);
    expect(sheet.grade).toBe('excellent');
  });

  it('grades on the printed (rounded) value', () => {
    // 29 of 100 in float is 28.999999999999996; the sheet prints and grades 29 … and 89.995 → 90.
    const t: ScorableTemplate = {
      sections: [
        {
          id: 's',
          title: 's',
          weight: 1,
          items: [item('a', { answerKind: 'score', maxScore: 200000 })],
        },
      ],
    };
    const sheet = scoreSheet(t, { a: { kind: 'score', value: 179990 } });
    expect(sheet.overall).toBe(90);
    expect(sheet.grade).toBe('excellent');
    expect(round2(0.29 * 100)).toBe(29);
  });

  it('uses the template thresholds', () => {
    const sheet = scoreSheet(
      { ...midyear, gradeThresholds: { excellent: 99, good: 95, pass: 90 } },
      {
        p1: conf('conforms'),
        p2: conf('partial'),
        p3: { kind: 'score', value: 15 },
        c1: conf('conforms'),
        c2: conf('conforms'),
      },
    );
    expect(sheet.grade).toBe('fail');
  });

  it('ignores answers to items not in the template', () => {
    const base = scoreSheet(midyear, { p1: conf('conforms') });
    const extra = scoreSheet(midyear, { p1: conf('conforms'), zz: conf('nonconforming') });
    expect(extra).toEqual(base);
  });

  it('reads stored inspection answers', () => {
    const stored = {
      p1: { answer: conf('conforms'), remark: '' },
      p2: undefined,
    };
    expect(answerValues(stored)).toEqual({ p1: conf('conforms') });
  });
});

/* ------------------------------------------------------------ properties */

const arbItem = (id: string) =>
  fc.record({
    id: fc.constant(id),
    title: fc.constant(id),
    answerKind: fc.constantFrom('conformity' as const, 'score' as const),
    maxScore: fc.integer({ min: 0, max: 50 }),
    weight: fc.integer({ min: 1, max: 5 }),
    veto: fc.boolean(),
    required: fc.boolean(),
  });

const arbTemplate: fc.Arbitrary<ScorableTemplate> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 6 })), {
    minLength: 1,
    maxLength: 5,
  })
  .chain((shape) =>
    fc
      .tuple(
        ...shape.map(([weight, n], s) =>
          fc
            .tuple(...Array.from({ length: n }, (_, i) => arbItem(`s${s}i${i}`)))
            .map((items): ScorableSection => ({ id: `s${s}`, title: `s${s}`, weight, items })),
        ),
      )
      .map((sections) => ({ sections })),
  );

const arbAnswer = (it: ScorableItem): fc.Arbitrary<AnswerValue | undefined> =>
  it.answerKind === 'conformity'
    ? fc.option(fc.constantFrom(...CONFORMITY_VALUES).map(conf), { nil: undefined })
    : fc.option(
        fc
          .double({ min: 0, max: 60, noNaN: true })
          .map((value): AnswerValue => ({ kind: 'score', value })),
        { nil: undefined },
      );

const arbSheet = arbTemplate.chain((template) => {
  const items = template.sections.flatMap((s) => s.items);
  return fc.tuple(...items.map(arbAnswer)).map((values) => {
    const answers: Record<string, AnswerValue> = {};
    items.forEach((it, i) => {
      const v = values[i];
      if (v) answers[it.id] = v;
    });
    return { template, answers: answers as AnswerMap };
  });
});

describe('scoring properties', () => {
  it('keeps every score within its maximum and the overall within 0–100', () => {
    fc.assert(
      fc.property(arbSheet, ({ template, answers }) => {
        const sheet = scoreSheet(template, answers);
        for (const s of sheet.sections) {
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(s.max + 1e-9);
          for (const i of s.items) expect(i.score).toBeLessThanOrEqual(i.max);
        }
        if (sheet.overall !== null) {
          expect(sheet.overall).toBeGreaterThanOrEqual(0);
          expect(sheet.overall).toBeLessThanOrEqual(100);
        }
        const weights = sheet.sections.reduce((a, s) => a + s.effectiveWeight, 0);
        expect(weights === 0 || Math.abs(weights - 1) < 1e-9).toBe(true);
      }),
    );
  });

  it('grades by the score unless a veto item is nonconforming', () => {
    fc.assert(
      fc.property(arbSheet, ({ template, answers }) => {
        const sheet = scoreSheet(template, answers);
        const vetoHit = template.sections
          .flatMap((s) => s.items)
          .some(
            (i) =>
              i.veto &&
              answers[i.id]?.kind === 'conformity' &&
              answers[i.id]?.value === 'nonconforming',
          );
        expect(sheet.vetoed).toBe(vetoHit);
        if (vetoHit) expect(sheet.grade).toBe('fail');
        else expect(sheet.grade).toBe(sheet.overall === null ? null : gradeFor(sheet.overall));
      }),
    );
  });

  it('never lowers the overall score when an answer improves', () => {
    const better: Record<ConformityValue, ConformityValue | null> = {
      nonconforming: 'partial',
      partial: 'conforms',
      conforms: null,
      not_applicable: null,
    };
    fc.assert(
      fc.property(arbSheet, fc.nat(), ({ template, answers }, pick) => {
        const ids = Object.keys(answers).filter((id) => answers[id]?.kind === 'conformity');
        const id = ids[pick % Math.max(ids.length, 1)];
        const a = id === undefined ? undefined : answers[id];
        if (!id || a?.kind !== 'conformity' || !better[a.value]) return;
        const before = scoreSheet(template, answers);
        const after = scoreSheet(template, { ...answers, [id]: conf(better[a.value]!) });
        if (before.overall === null) {
          expect(after.overall).toBeNull();
        } else {
          expect(after.overall! + 1e-9).toBeGreaterThanOrEqual(before.overall);
        }
      }),
    );
  });

  it('does not depend on section order or on the scale of section weights', () => {
    fc.assert(
      fc.property(arbSheet, fc.integer({ min: 2, max: 9 }), ({ template, answers }, k) => {
        const base = scoreSheet(template, answers).overall;
        const reversed = scoreSheet(
          { sections: [...template.sections].reverse() },
          answers,
        ).overall;
        const scaled = scoreSheet(
          { sections: template.sections.map((s) => ({ ...s, weight: s.weight * k })) },
          answers,
        ).overall;
        if (base === null) {
          expect(reversed).toBeNull();
          expect(scaled).toBeNull();
        } else {
          expect(Math.abs(reversed! - base)).toBeLessThanOrEqual(0.01);
          expect(Math.abs(scaled! - base)).toBeLessThanOrEqual(0.01);
        }
      }),
    );
  });

  it('is unaffected by adding a not-applicable item', () => {
    fc.assert(
      fc.property(arbSheet, ({ template, answers }) => {
        const [first, ...rest] = template.sections;
        if (!first) return;
        const withNa: ScorableTemplate = {
          sections: [{ ...first, items: [...first.items, item('na', { maxScore: 99 })] }, ...rest],
        };
        const a = scoreSheet(template, answers);
        const b = scoreSheet(withNa, { ...answers, na: conf('not_applicable') });
        expect(b.overall).toBe(a.overall);
        expect(b.sections[0]?.max).toBe(a.sections[0]?.max);
      }),
    );
  });
});
