import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, IsoDate, LongText, NamedRef, ShortText } from './common.schema';
import { PlanKind, PlanStatus } from './enums';
import { PlanListItem } from './plan.schema';

/*
 * Planning in the console: create, edit while planned, reassign, cancel, and a paged list. The
 * template version is never chosen: a new plan (or an edit that changes the template) pins the
 * template's latest version at that moment.
 */

const checkPlanFields = (
  p: {
    kind?: PlanKind;
    windowStart: string;
    windowEnd: string;
    followUpOfPlanId?: string | null;
  },
  ctx: z.core.$RefinementCtx,
) => {
  // YYYY-MM-DD strings compare correctly as text.
  if (p.windowStart > p.windowEnd) {
    ctx.addIssue({
      code: 'custom',
      path: ['windowEnd'],
      message: messageKey('validation.window_order'),
    });
  }
  if (p.kind !== undefined && p.kind !== 'follow_up' && p.followUpOfPlanId) {
    ctx.addIssue({
      code: 'custom',
      path: ['followUpOfPlanId'],
      message: messageKey('plan.follow_up_only'),
    });
  }
};

const editable = {
  title: ShortText,
  /** Ignored for 四不两直, which is always confidential. */
  confidential: z.boolean().default(false),
  targetUnitId: Id,
  windowStart: IsoDate,
  windowEnd: IsoDate,
  templateId: Id,
  description: LongText.default(''),
  /** 回头看: the earlier plan whose findings and ledger items this visit re-checks. */
  followUpOfPlanId: Id.nullable().default(null),
};

export const PlanManageCreateInput = z
  .object({ kind: PlanKind, teamId: Id, ...editable })
  .superRefine(checkPlanFields);
export type PlanManageCreateInput = z.infer<typeof PlanManageCreateInput>;

/** Replaces the editable fields of a plan still `planned`; its kind and team stay. */
export const PlanManageUpdateInput = z.object({ id: Id, ...editable }).superRefine(checkPlanFields);
export type PlanManageUpdateInput = z.infer<typeof PlanManageUpdateInput>;

export const PlanAssignInput = z.object({ id: Id, teamId: Id });
export type PlanAssignInput = z.infer<typeof PlanAssignInput>;

export const PLAN_PAGE_SIZE_MAX = 100;

export const PlanManageListInput = z
  .object({
    page: z.int().min(1).max(100_000).default(1),
    pageSize: z.int().min(1).max(PLAN_PAGE_SIZE_MAX).default(20),
    kind: PlanKind.optional(),
    status: PlanStatus.optional(),
    /** Plans targeting this unit or a unit below it. */
    unitId: Id.optional(),
    teamId: Id.optional(),
    /** Plans whose window overlaps [windowFrom, windowTo]. */
    windowFrom: IsoDate.optional(),
    windowTo: IsoDate.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.windowFrom && f.windowTo && f.windowFrom > f.windowTo) {
      ctx.addIssue({
        code: 'custom',
        path: ['windowTo'],
        message: messageKey('validation.window_order'),
      });
    }
  });
export type PlanManageListInput = z.infer<typeof PlanManageListInput>;
export type PlanManageListFilter = z.input<typeof PlanManageListInput>;

export const PlanManageRow = PlanListItem.extend({
  description: z.string(),
  followUpOfPlanId: Id.nullable(),
  templateTitle: z.string(),
  createdBy: NamedRef,
  /** Whether the caller may edit, reassign and cancel it (authz/policy.ts planManageableBy). */
  canManage: z.boolean(),
});
export type PlanManageRow = z.infer<typeof PlanManageRow>;

export const PlanManagePage = z.object({
  rows: z.array(PlanManageRow),
  total: z.int().nonnegative(),
  page: z.int().min(1),
  pageSize: z.int().min(1),
});
export type PlanManagePage = z.infer<typeof PlanManagePage>;

/** A team the caller may plan for. */
export const PlanningTeam = z.object({
  id: Id,
  name: z.string(),
  leaderName: z.string().nullable(),
  memberNames: z.array(z.string()),
});
export type PlanningTeam = z.infer<typeof PlanningTeam>;

/** An earlier plan a 回头看 may re-check, with what it left to check. */
export const FollowUpCandidate = z.object({
  id: Id,
  title: z.string(),
  kind: PlanKind,
  status: PlanStatus,
  targetUnit: NamedRef,
  windowEnd: IsoDate,
  findingCount: z.int().nonnegative(),
  openItemCount: z.int().nonnegative(),
});
export type FollowUpCandidate = z.infer<typeof FollowUpCandidate>;

export const FollowUpCandidatesInput = z.object({ unitId: Id.optional() });
export type FollowUpCandidatesInput = z.infer<typeof FollowUpCandidatesInput>;
