import { z } from 'zod';

/*
 * The closed vocabularies of the domain (see ../../../../shared/domain.md).
 * Stored as these ASCII codes in the database and on the wire; the Chinese and English
 * labels live in ../i18n so that a rename of a label never migrates data.
 */

export const ROLES = ['inspector', 'team_leader', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const UNIT_KINDS = [
  'province',
  'city',
  'county',
  'department',
  'soe',
  'university',
  'inspection_group',
] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

/** 四不两直, 回头看, 年中督责, 专项检查, 约谈, 明察暗访 */
export const PLAN_KINDS = [
  'unannounced',
  'follow_up',
  'midyear',
  'special',
  'talk',
  'open_covert',
] as const;
export const PlanKind = z.enum(PLAN_KINDS);
export type PlanKind = z.infer<typeof PlanKind>;

export const PLAN_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const PlanStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** 查阅资料、实地察看、抽查账目、个别谈话、听取汇报、述责述廉测评 */
export const CHECK_METHODS = [
  'review_documents',
  'site_inspection',
  'audit_accounts',
  'individual_talk',
  'hear_report',
  'evaluation_survey',
] as const;
export const CheckMethod = z.enum(CHECK_METHODS);
export type CheckMethod = z.infer<typeof CheckMethod>;

export const ANSWER_KINDS = ['conformity', 'score', 'number', 'text', 'choice'] as const;
export const AnswerKind = z.enum(ANSWER_KINDS);
export type AnswerKind = z.infer<typeof AnswerKind>;

/** conforms / partly / does not / not applicable */
export const CONFORMITY_VALUES = [
  'conforms',
  'partial',
  'nonconforming',
  'not_applicable',
] as const;
export const ConformityValue = z.enum(CONFORMITY_VALUES);
export type ConformityValue = z.infer<typeof ConformityValue>;

export const INSPECTION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const InspectionStatus = z.enum(INSPECTION_STATUSES);
export type InspectionStatus = z.infer<typeof InspectionStatus>;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Problem categories drawn from the six 建设 headings plus the 八项规定 special areas. */
export const FINDING_CATEGORIES = [
  'political',
  'ideological',
  'organisational',
  'conduct',
  'discipline',
  'institutional',
  'eight_rules',
  'funds',
  'other',
] as const;
export const FindingCategory = z.enum(FINDING_CATEGORIES);
export type FindingCategory = z.infer<typeof FindingCategory>;

/** 四种形态: 1 批评教育/谈话提醒/函询 … 4 严重违纪立案审查 */
export const DISCIPLINE_FORMS = ['form1', 'form2', 'form3', 'form4'] as const;
export const DisciplineForm = z.enum(DISCIPLINE_FORMS);
export type DisciplineForm = z.infer<typeof DisciplineForm>;

/** 即知即改/立行立改, 限期整改, 专项整治 */
export const RECTIFICATION_KINDS = ['immediate', 'deadline', 'campaign'] as const;
export const RectificationKind = z.enum(RECTIFICATION_KINDS);
export type RectificationKind = z.infer<typeof RectificationKind>;

/**
 * 整改台账 item lifecycle. `closed` is 销号. `reopened` is entered from `closed` (or `verified`)
 * when a 回头看 finds the problem came back (反弹); it then behaves like `in_progress`.
 */
export const LEDGER_STATUSES = [
  'open',
  'in_progress',
  'reported',
  'verified',
  'closed',
  'reopened',
] as const;
export const LedgerStatus = z.enum(LEDGER_STATUSES);
export type LedgerStatus = z.infer<typeof LedgerStatus>;

/** 整改到位 / 部分整改 / 未整改 / 反弹 */
export const FOLLOW_UP_VERDICTS = ['rectified', 'partial', 'not_rectified', 'relapsed'] as const;
export const FollowUpVerdict = z.enum(FOLLOW_UP_VERDICTS);
export type FollowUpVerdict = z.infer<typeof FollowUpVerdict>;

export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

export const LOCALES = ['zh-CN', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
