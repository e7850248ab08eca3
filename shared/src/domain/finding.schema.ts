import { z } from 'zod';
import {
  Id,
  IsoDate,
  IsoDateTime,
  MoneyYuan,
  RequiredLongText,
  Sha256Hex,
  ShortText,
} from './common.schema';
import { DisciplineForm, FindingCategory, RectificationKind, Severity } from './enums';

/** A person concerned by a finding. Usually not an app user, hence free text. */
export const PersonConcerned = z.object({
  name: ShortText,
  position: z.string().max(200).default(''),
  unitId: Id.nullable().default(null),
});
export type PersonConcerned = z.infer<typeof PersonConcerned>;

/** What the inspector proposes; it becomes a ledger item when a supervisor approves the finding. */
export const ProposedRectification = z.object({
  measures: RequiredLongText,
  kind: RectificationKind,
  deadline: IsoDate.nullable().default(null),
});
export type ProposedRectification = z.infer<typeof ProposedRectification>;

/** A problem found (发现问题); `isClue` marks a 问题线索 to hand to case handling. */
export const Finding = z.object({
  id: Id,
  planId: Id,
  inspectionId: Id.nullable(),
  /** The checklist item that failed, when the finding came from one. */
  itemId: Id.nullable(),
  /** The unit where the problem was found. */
  unitId: Id,
  category: FindingCategory,
  severity: Severity,
  title: ShortText,
  description: RequiredLongText,
  moneyInvolvedYuan: MoneyYuan.nullable(),
  moneyRecoveredYuan: MoneyYuan.nullable(),
  unitsConcerned: z.array(Id),
  peopleConcerned: z.array(PersonConcerned),
  evidence: z.array(Sha256Hex),
  recommendedForm: DisciplineForm.nullable(),
  isClue: z.boolean(),
  proposedRectification: ProposedRectification.nullable(),
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Finding = z.infer<typeof Finding>;
