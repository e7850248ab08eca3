import { z } from 'zod';
import {
  ROLES,
  UNIT_KINDS,
  PLAN_KINDS,
  PLAN_STATUSES,
  CHECK_METHODS,
  ANSWER_KINDS,
  CONFORMITY_VALUES,
  INSPECTION_STATUSES,
  SEVERITIES,
  FINDING_CATEGORIES,
  DISCIPLINE_FORMS,
  RECTIFICATION_KINDS,
  LEDGER_STATUSES,
  FOLLOW_UP_VERDICTS,
  GRADES,
  LOCALES,
} from './enum-values';

export {
  ROLES,
  UNIT_KINDS,
  PLAN_KINDS,
  PLAN_STATUSES,
  CHECK_METHODS,
  ANSWER_KINDS,
  CONFORMITY_VALUES,
  INSPECTION_STATUSES,
  SEVERITIES,
  FINDING_CATEGORIES,
  DISCIPLINE_FORMS,
  RECTIFICATION_KINDS,
  LEDGER_STATUSES,
  FOLLOW_UP_VERDICTS,
  GRADES,
  LOCALES,
} from './enum-values';

/*
 * The closed vocabularies of the domain (see ../../../../shared/domain.md).
 * Stored as these ASCII codes in the database and on the wire; the Chinese and English
 * labels live in ../i18n so that a rename of a label never migrates data.
 */

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

export const PlanKind = z.enum(PLAN_KINDS);
export type PlanKind = z.infer<typeof PlanKind>;

export const PlanStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const CheckMethod = z.enum(CHECK_METHODS);
export type CheckMethod = z.infer<typeof CheckMethod>;

export const AnswerKind = z.enum(ANSWER_KINDS);
export type AnswerKind = z.infer<typeof AnswerKind>;

export const ConformityValue = z.enum(CONFORMITY_VALUES);
export type ConformityValue = z.infer<typeof ConformityValue>;

export const InspectionStatus = z.enum(INSPECTION_STATUSES);
export type InspectionStatus = z.infer<typeof InspectionStatus>;

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const FindingCategory = z.enum(FINDING_CATEGORIES);
export type FindingCategory = z.infer<typeof FindingCategory>;

export const DisciplineForm = z.enum(DISCIPLINE_FORMS);
export type DisciplineForm = z.infer<typeof DisciplineForm>;

export const RectificationKind = z.enum(RECTIFICATION_KINDS);
export type RectificationKind = z.infer<typeof RectificationKind>;

export const LedgerStatus = z.enum(LEDGER_STATUSES);
export type LedgerStatus = z.infer<typeof LedgerStatus>;

export const FollowUpVerdict = z.enum(FOLLOW_UP_VERDICTS);
export type FollowUpVerdict = z.infer<typeof FollowUpVerdict>;

export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
