import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Code, Id, IsoDateTime, LongText, ShortText } from './common.schema';
import { AnswerKind, CheckMethod, PlanKind } from './enums';

/** One option of a `choice` item; `score` makes the choice count toward the section total. */
export const TemplateChoice = z.object({
  value: Code,
  label: ShortText,
  score: z.number().nonnegative().optional(),
});
export type TemplateChoice = z.infer<typeof TemplateChoice>;

/**
 * A checklist item of the 分项评议表. `weight` multiplies both the item's score and its maximum
 * inside its section (default 1: a plain sum). `veto` is 一票否决: a nonconforming answer fails the
 * whole sheet whatever the total.
 */
export const TemplateItem = z
  .object({
    id: Id,
    code: Code.optional(),
    title: ShortText,
    guidance: LongText.default(''),
    checkMethods: z.array(CheckMethod).default([]),
    answerKind: AnswerKind,
    maxScore: z.number().nonnegative().max(1000),
    weight: z.number().positive().max(100).default(1),
    veto: z.boolean().default(false),
    evidenceRequired: z.boolean().default(false),
    required: z.boolean().default(true),
    choices: z.array(TemplateChoice).optional(),
    /** Unit shown next to a `number` answer, e.g. 元, 辆, 次. */
    numberUnit: z.string().max(20).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.answerKind === 'choice') {
      const choices = item.choices ?? [];
      if (choices.length < 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['choices'],
          message: messageKey('validation.choices_required'),
        });
      }
      if (new Set(choices.map((c) => c.value)).size !== choices.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['choices'],
          message: messageKey('validation.duplicate_ids'),
        });
      }
      choices.forEach((c, i) => {
        if (c.score !== undefined && c.score > item.maxScore) {
          ctx.addIssue({
            code: 'custom',
            path: ['choices', i, 'score'],
            message: messageKey('validation.choice_score_exceeds_max'),
          });
        }
      });
    }
    if (item.veto && item.answerKind !== 'conformity') {
      // Only a conformity answer can say "nonconforming", which is what a veto reacts to.
      ctx.addIssue({
        code: 'custom',
        path: ['veto'],
        message: messageKey('validation.veto_needs_conformity'),
      });
    }
  });
export type TemplateItem = z.infer<typeof TemplateItem>;
export type TemplateItemInput = z.input<typeof TemplateItem>;

export const TemplateSection = z.object({
  id: Id,
  title: ShortText,
  /** Relative weight in the overall score; weights need not sum to 100 (they are normalised). */
  weight: z.number().nonnegative().max(1000),
  items: z.array(TemplateItem).max(500),
});
export type TemplateSection = z.infer<typeof TemplateSection>;

/** Lower bounds (percent of the weighted maximum) of each grade. */
export const GradeThresholds = z
  .object({
    excellent: z.number().min(0).max(100),
    good: z.number().min(0).max(100),
    pass: z.number().min(0).max(100),
  })
  .refine((t) => t.excellent >= t.good && t.good >= t.pass, {
    error: messageKey('validation.thresholds_order'),
  });
export type GradeThresholds = z.infer<typeof GradeThresholds>;

export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { excellent: 90, good: 80, pass: 60 };

const uniqueIds = (t: { sections: TemplateSection[] }, ctx: z.core.$RefinementCtx) => {
  const ids = [
    ...t.sections.map((s) => s.id),
    ...t.sections.flatMap((s) => s.items.map((i) => i.id)),
  ];
  if (new Set(ids).size !== ids.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['sections'],
      message: messageKey('validation.duplicate_ids'),
    });
  }
};

/** What an author writes: a template version without its identity (id, version, time). */
const templateContentShape = {
  title: ShortText,
  description: LongText.default(''),
  planKinds: z.array(PlanKind).default([]),
  sections: z.array(TemplateSection).min(1).max(100),
  gradeThresholds: GradeThresholds.default(DEFAULT_GRADE_THRESHOLDS),
};

export const TemplateContent = z.object(templateContentShape).superRefine(uniqueIds);
export type TemplateContent = z.infer<typeof TemplateContent>;
export type TemplateContentInput = z.input<typeof TemplateContent>;

/**
 * A checklist template version. `(id, version)` identifies it; a new version never changes an
 * old one, so an inspection pinned to a version always renders and scores the same.
 */
export const Template = z
  .object({
    id: Id,
    version: z.int().min(1),
    ...templateContentShape,
    sections: z.array(TemplateSection).min(1),
    createdAt: IsoDateTime,
  })
  .superRefine(uniqueIds);
export type Template = z.infer<typeof Template>;
export type TemplateInput = z.input<typeof Template>;

/** A row of `template.list`. */
export const TemplateSummary = z.object({
  id: Id,
  version: z.int().min(1),
  title: z.string(),
  description: z.string(),
  planKinds: z.array(PlanKind),
  sectionCount: z.int().nonnegative(),
  itemCount: z.int().nonnegative(),
  createdAt: IsoDateTime,
  /** Archived templates are kept (plans pin them) but offered for no new plan. */
  archived: z.boolean(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;

/** `template.get`: without `version`, the latest one. */
export const TemplateGetInput = z.object({ id: Id, version: z.int().min(1).optional() });
export type TemplateGetInput = z.infer<typeof TemplateGetInput>;
