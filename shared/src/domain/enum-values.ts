/*
 * The closed vocabularies of the domain as plain values (see enums.ts for their zod schemas and
 * the types). Kept apart from zod so that what only needs the codes (labels, the first screen of
 * the app) does not load and build the schemas.
 */

export const ROLES = ['inspector', 'team_leader', 'supervisor', 'admin'] as const;

export const UNIT_KINDS = [
  'province',
  'city',
  'county',
  'department',
  'soe',
  'university',
  'inspection_group',
] as const;

/** 四不两直, 回头看, 年中督责, 专项检查, 约谈, 明察暗访 */
export const PLAN_KINDS = [
  'unannounced',
  'follow_up',
  'midyear',
  'special',
  'talk',
  'open_covert',
] as const;

export const PLAN_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;

/** 查阅资料、实地察看、抽查账目、个别谈话、听取汇报、述责述廉测评 */
export const CHECK_METHODS = [
  'review_documents',
  'site_inspection',
  'audit_accounts',
  'individual_talk',
  'hear_report',
  'evaluation_survey',
] as const;

export const ANSWER_KINDS = ['conformity', 'score', 'number', 'text', 'choice'] as const;

/** conforms / partly / does not / not applicable */
export const CONFORMITY_VALUES = [
  'conforms',
  'partial',
  'nonconforming',
  'not_applicable',
] as const;

export const INSPECTION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

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

/** 四种形态: 1 批评教育/谈话提醒/函询 … 4 严重违纪立案审查 */
export const DISCIPLINE_FORMS = ['form1', 'form2', 'form3', 'form4'] as const;

/** 即知即改/立行立改, 限期整改, 专项整治 */
export const RECTIFICATION_KINDS = ['immediate', 'deadline', 'campaign'] as const;

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

/** 整改到位 / 部分整改 / 未整改 / 反弹 */
export const FOLLOW_UP_VERDICTS = ['rectified', 'partial', 'not_rectified', 'relapsed'] as const;

export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;

export const LOCALES = ['zh-CN', 'en'] as const;

/** Who is present at a 约谈 (talk.schema.ts). */
export const TALK_PARTICIPANT_ROLES = ['talker', 'subject', 'recorder', 'attendee'] as const;

/** Named events of the 整改台账 state machine (ledger/ledger-events.ts, ledger-machine.ts). */
export const LEDGER_EVENTS = [
  'start',
  'report_progress',
  'submit_for_verification',
  'verify_pass',
  'verify_fail',
  'close',
  'reopen',
] as const;
