import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, IsoDateTime, LongText, RequiredLongText, ShortText } from './common.schema';

/*
 * 一书双卡 (seed 003): a unit's 全面从严治党责任书 for a year (the responsibility book), with its
 * two cards — 党风廉政建设责任点提示卡 (responsibility points: what the leadership must do) and
 * 风险点提示卡 (risk points: where integrity is at risk, and how it is guarded). The points are
 * what the 年中督责 check verifies, so a checklist can be generated from them.
 */

export const RESPONSIBILITY_CARDS = ['responsibility', 'risk'] as const;
export const ResponsibilityCard = z.enum(RESPONSIBILITY_CARDS);
export type ResponsibilityCard = z.infer<typeof ResponsibilityCard>;

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const ResponsibilityPoint = z.object({
  id: Id,
  card: ResponsibilityCard,
  /** The heading the point falls under: a 建设 area, a post (岗位) or a line of work. */
  category: ShortText,
  /** The responsibility, or the risk, in the unit's words. */
  content: RequiredLongText.max(2000),
  /** How it is fulfilled (履责措施) or guarded against (防控措施). */
  measures: LongText.max(4000).default(''),
  /** Who carries it: a person or a post. */
  owner: z.string().trim().max(200).default(''),
  /** Risk points only: how serious the risk is. */
  riskLevel: RiskLevel.nullable().default(null),
});
export type ResponsibilityPoint = z.infer<typeof ResponsibilityPoint>;
export type ResponsibilityPointInput = z.input<typeof ResponsibilityPoint>;

export const BookYear = z.int().min(2000).max(2100);

const bookContent = {
  title: ShortText,
  /** The book's own commitments (the 责任书 text), free text. */
  commitments: LongText.max(20_000).default(''),
  points: z
    .array(ResponsibilityPoint)
    .max(500)
    .superRefine((points, ctx) => {
      if (new Set(points.map((p) => p.id)).size !== points.length) {
        ctx.addIssue({ code: 'custom', message: messageKey('validation.duplicate_ids') });
      }
    }),
};

export const ResponsibilityBook = z.object({
  id: Id,
  unitId: Id,
  year: BookYear,
  ...bookContent,
  /** Grows with every save; a save names the version it edited (optimistic concurrency). */
  version: z.int().min(1),
  updatedAt: IsoDateTime,
  updatedByName: z.string().nullable(),
});
export type ResponsibilityBook = z.infer<typeof ResponsibilityBook>;

/** A unit's books, newest year first. */
export const BookSummary = z.object({
  id: Id,
  unitId: Id,
  year: BookYear,
  title: z.string(),
  responsibilityCount: z.int().nonnegative(),
  riskCount: z.int().nonnegative(),
  updatedAt: IsoDateTime,
});
export type BookSummary = z.infer<typeof BookSummary>;

export const BookListInput = z.object({ unitId: Id });
export type BookListInput = z.infer<typeof BookListInput>;

export const BookGetInput = z.object({ unitId: Id, year: BookYear });
export type BookGetInput = z.infer<typeof BookGetInput>;

/** Saves the whole book. `baseVersion` null creates it; otherwise it must be the current one. */
export const BookSaveInput = z.object({
  unitId: Id,
  year: BookYear,
  baseVersion: z.int().min(1).nullable(),
  ...bookContent,
});
export type BookSaveInput = z.infer<typeof BookSaveInput>;
