import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, IsoDate, IsoDateTime, LongText, NamedRef, ShortText } from './common.schema';
import { PlanKind, PlanStatus } from './enums';

const windowInOrder = (
  p: { windowStart: string; windowEnd: string },
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
};

/**
 * An inspection plan: who (team) visits what (target unit) when (a window of calendar days) with
 * which checklist (template id + version). `confidential` (always set for 四不两直) means the
 * target may be known only to the assigned team until the visit.
 */
export const Plan = z
  .object({
    id: Id,
    title: ShortText,
    kind: PlanKind,
    status: PlanStatus,
    confidential: z.boolean(),
    targetUnitId: Id,
    teamId: Id,
    windowStart: IsoDate,
    windowEnd: IsoDate,
    templateId: Id,
    templateVersion: z.int().min(1),
    description: LongText.default(''),
    /** For a 回头看: the earlier plan whose findings are re-checked. */
    followUpOfPlanId: Id.nullable().default(null),
    createdBy: Id,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .superRefine(windowInOrder);
export type Plan = z.infer<typeof Plan>;

/** A row of `plan.list` (and the body of `plan.get`, which adds the description). */
export const PlanListItem = z.object({
  id: Id,
  title: z.string(),
  kind: PlanKind,
  status: PlanStatus,
  confidential: z.boolean(),
  targetUnit: NamedRef,
  team: NamedRef,
  /**
   * The team's members (users, by display name), so a device can say who changed what, offline.
   * Optional: copies cached on a device by an older app version lack it.
   */
  teamMembers: z.array(NamedRef).optional(),
  windowStart: IsoDate,
  windowEnd: IsoDate,
  templateId: Id,
  templateVersion: z.int().min(1),
});
export type PlanListItem = z.infer<typeof PlanListItem>;

export const PlanDetail = PlanListItem.extend({
  description: z.string(),
  followUpOfPlanId: Id.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type PlanDetail = z.infer<typeof PlanDetail>;

export const PlanCreateInput = z
  .object({
    title: ShortText,
    kind: PlanKind,
    confidential: z.boolean().optional(),
    targetUnitId: Id,
    teamId: Id,
    windowStart: IsoDate,
    windowEnd: IsoDate,
    templateId: Id,
    templateVersion: z.int().min(1),
    description: LongText.default(''),
    followUpOfPlanId: Id.nullable().default(null),
  })
  .superRefine(windowInOrder)
  // 四不两直 is confidential by definition; other kinds default to open.
  .transform((p) => ({
    ...p,
    confidential: p.kind === 'unannounced' || (p.confidential ?? false),
  }));
export type PlanCreateInput = z.infer<typeof PlanCreateInput>;
