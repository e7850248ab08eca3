import {
  ANSWER_KINDS,
  CHECK_METHODS,
  CONFORMITY_VALUES,
  DISCIPLINE_FORMS,
  FINDING_CATEGORIES,
  FOLLOW_UP_VERDICTS,
  GRADES,
  INSPECTION_STATUSES,
  LEDGER_STATUSES,
  LOCALES,
  PLAN_KINDS,
  PLAN_STATUSES,
  RECTIFICATION_KINDS,
  ROLES,
  SEVERITIES,
  UNIT_KINDS,
  TALK_PARTICIPANT_ROLES,
  LEDGER_EVENTS,
} from '../domain/enum-values';
import type { Locale } from '../domain/enums';

type Label = Readonly<Record<Locale, string>>;
type Labels<T extends string> = Readonly<Record<T, Label>>;

const role: Labels<(typeof ROLES)[number]> = {
  inspector: { 'zh-CN': '检查员', en: 'Inspector' },
  team_leader: { 'zh-CN': '组长', en: 'Team leader' },
  supervisor: { 'zh-CN': '督查员', en: 'Supervisor' },
  admin: { 'zh-CN': '管理员', en: 'Administrator' },
};

const unitKind: Labels<(typeof UNIT_KINDS)[number]> = {
  province: { 'zh-CN': '省', en: 'Province' },
  city: { 'zh-CN': '市（州）', en: 'City / prefecture' },
  county: { 'zh-CN': '县（市、区）', en: 'County / district' },
  department: { 'zh-CN': '省直部门', en: 'Provincial department' },
  soe: { 'zh-CN': '国有企业', en: 'State-owned enterprise' },
  university: { 'zh-CN': '高等院校', en: 'University' },
  inspection_group: { 'zh-CN': '派驻纪检组', en: 'Dispatched inspection group' },
};

const planKind: Labels<(typeof PLAN_KINDS)[number]> = {
  unannounced: { 'zh-CN': '四不两直', en: 'Unannounced visit' },
  follow_up: { 'zh-CN': '回头看', en: 'Follow-up check' },
  midyear: { 'zh-CN': '年中督责', en: 'Mid-year responsibility check' },
  special: { 'zh-CN': '专项检查', en: 'Special check' },
  talk: { 'zh-CN': '约谈', en: 'Formal talk' },
  open_covert: { 'zh-CN': '明察暗访', en: 'Open and covert check' },
};

const planStatus: Labels<(typeof PLAN_STATUSES)[number]> = {
  planned: { 'zh-CN': '待开展', en: 'Planned' },
  in_progress: { 'zh-CN': '进行中', en: 'In progress' },
  done: { 'zh-CN': '已完成', en: 'Done' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

const checkMethod: Labels<(typeof CHECK_METHODS)[number]> = {
  review_documents: { 'zh-CN': '查阅资料', en: 'Review documents' },
  site_inspection: { 'zh-CN': '实地察看', en: 'Site inspection' },
  audit_accounts: { 'zh-CN': '抽查账目', en: 'Spot-check accounts' },
  individual_talk: { 'zh-CN': '个别谈话', en: 'Individual talks' },
  hear_report: { 'zh-CN': '听取汇报', en: 'Hear a report' },
  evaluation_survey: { 'zh-CN': '述责述廉测评', en: 'Accountability and integrity rating' },
};

const answerKind: Labels<(typeof ANSWER_KINDS)[number]> = {
  conformity: { 'zh-CN': '符合性判断', en: 'Conformity' },
  score: { 'zh-CN': '评分', en: 'Score' },
  number: { 'zh-CN': '数值', en: 'Number' },
  text: { 'zh-CN': '文字', en: 'Text' },
  choice: { 'zh-CN': '选择', en: 'Choice' },
};

const conformity: Labels<(typeof CONFORMITY_VALUES)[number]> = {
  conforms: { 'zh-CN': '符合', en: 'Conforms' },
  partial: { 'zh-CN': '部分符合', en: 'Partly conforms' },
  nonconforming: { 'zh-CN': '不符合', en: 'Does not conform' },
  not_applicable: { 'zh-CN': '不适用', en: 'Not applicable' },
};

const inspectionStatus: Labels<(typeof INSPECTION_STATUSES)[number]> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  submitted: { 'zh-CN': '已提交', en: 'Submitted' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
  approved: { 'zh-CN': '已通过', en: 'Approved' },
};

const severity: Labels<(typeof SEVERITIES)[number]> = {
  low: { 'zh-CN': '轻微', en: 'Low' },
  medium: { 'zh-CN': '一般', en: 'Medium' },
  high: { 'zh-CN': '较重', en: 'High' },
  critical: { 'zh-CN': '严重', en: 'Critical' },
};

const findingCategory: Labels<(typeof FINDING_CATEGORIES)[number]> = {
  political: { 'zh-CN': '政治建设', en: 'Political development' },
  ideological: { 'zh-CN': '思想建设', en: 'Ideological development' },
  organisational: { 'zh-CN': '组织建设', en: 'Organisational development' },
  conduct: { 'zh-CN': '作风建设', en: 'Conduct' },
  discipline: { 'zh-CN': '纪律建设', en: 'Discipline' },
  institutional: { 'zh-CN': '制度建设', en: 'Institutions and rules' },
  eight_rules: { 'zh-CN': '中央八项规定精神', en: 'Eight-point rules' },
  funds: { 'zh-CN': '资金管理', en: 'Funds management' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

const disciplineForm: Labels<(typeof DISCIPLINE_FORMS)[number]> = {
  form1: {
    'zh-CN': '第一种形态（批评教育、谈话提醒、函询）',
    en: 'First form (criticism, reminder talk, written inquiry)',
  },
  form2: {
    'zh-CN': '第二种形态（党纪轻处分、组织调整）',
    en: 'Second form (light Party discipline, organisational adjustment)',
  },
  form3: {
    'zh-CN': '第三种形态（党纪重处分、重大职务调整）',
    en: 'Third form (heavy Party discipline, major job adjustment)',
  },
  form4: {
    'zh-CN': '第四种形态（严重违纪立案审查）',
    en: 'Fourth form (serious violation, case opened)',
  },
};

const rectificationKind: Labels<(typeof RECTIFICATION_KINDS)[number]> = {
  immediate: { 'zh-CN': '立行立改', en: 'Immediate' },
  deadline: { 'zh-CN': '限期整改', en: 'By a deadline' },
  campaign: { 'zh-CN': '专项整治', en: 'Campaign' },
};

const ledgerStatus: Labels<(typeof LEDGER_STATUSES)[number]> = {
  open: { 'zh-CN': '待整改', en: 'Open' },
  in_progress: { 'zh-CN': '整改中', en: 'In progress' },
  reported: { 'zh-CN': '待验收', en: 'Awaiting verification' },
  verified: { 'zh-CN': '已验收', en: 'Verified' },
  closed: { 'zh-CN': '已销号', en: 'Closed' },
  reopened: { 'zh-CN': '反弹重开', en: 'Reopened' },
};

const ledgerEvent: Labels<(typeof LEDGER_EVENTS)[number]> = {
  start: { 'zh-CN': '开始整改', en: 'start' },
  report_progress: { 'zh-CN': '报告进展', en: 'report progress on' },
  submit_for_verification: { 'zh-CN': '提请验收', en: 'submit for verification' },
  verify_pass: { 'zh-CN': '验收通过', en: 'pass verification of' },
  verify_fail: { 'zh-CN': '验收不通过', en: 'fail verification of' },
  close: { 'zh-CN': '销号', en: 'close' },
  reopen: { 'zh-CN': '反弹重开', en: 'reopen' },
};

const followUpVerdict: Labels<(typeof FOLLOW_UP_VERDICTS)[number]> = {
  rectified: { 'zh-CN': '整改到位', en: 'Rectified' },
  partial: { 'zh-CN': '部分整改', en: 'Partly rectified' },
  not_rectified: { 'zh-CN': '未整改', en: 'Not rectified' },
  relapsed: { 'zh-CN': '反弹', en: 'Relapsed' },
};

const grade: Labels<(typeof GRADES)[number]> = {
  excellent: { 'zh-CN': '优秀', en: 'Excellent' },
  good: { 'zh-CN': '良好', en: 'Good' },
  pass: { 'zh-CN': '合格', en: 'Pass' },
  fail: { 'zh-CN': '不合格', en: 'Fail' },
};

const locale: Labels<(typeof LOCALES)[number]> = {
  'zh-CN': { 'zh-CN': '中文', en: '中文' },
  en: { 'zh-CN': 'English', en: 'English' },
};

const talkParticipantRole: Labels<(typeof TALK_PARTICIPANT_ROLES)[number]> = {
  talker: { 'zh-CN': '谈话人', en: 'Interviewer' },
  subject: { 'zh-CN': '谈话对象', en: 'Interviewee' },
  recorder: { 'zh-CN': '记录人', en: 'Recorder' },
  attendee: { 'zh-CN': '列席人员', en: 'Attendee' },
};

/** Labels of every closed vocabulary, grouped by vocabulary. */
export const LABELS = {
  role,
  unitKind,
  planKind,
  planStatus,
  checkMethod,
  answerKind,
  conformity,
  inspectionStatus,
  severity,
  findingCategory,
  disciplineForm,
  rectificationKind,
  ledgerStatus,
  ledgerEvent,
  followUpVerdict,
  grade,
  locale,
  talkParticipantRole,
} as const;

export type LabelGroup = keyof typeof LABELS;
export type LabelValue<G extends LabelGroup> = keyof (typeof LABELS)[G] & string;

/** The vocabulary each label group covers, so tests can prove none is missing. */
export const LABEL_VOCABULARIES: Readonly<Record<LabelGroup, readonly string[]>> = {
  role: ROLES,
  unitKind: UNIT_KINDS,
  planKind: PLAN_KINDS,
  planStatus: PLAN_STATUSES,
  checkMethod: CHECK_METHODS,
  answerKind: ANSWER_KINDS,
  conformity: CONFORMITY_VALUES,
  inspectionStatus: INSPECTION_STATUSES,
  severity: SEVERITIES,
  findingCategory: FINDING_CATEGORIES,
  disciplineForm: DISCIPLINE_FORMS,
  rectificationKind: RECTIFICATION_KINDS,
  ledgerStatus: LEDGER_STATUSES,
  ledgerEvent: LEDGER_EVENTS,
  followUpVerdict: FOLLOW_UP_VERDICTS,
  grade: GRADES,
  locale: LOCALES,
  talkParticipantRole: TALK_PARTICIPANT_ROLES,
};

/** `label('planKind', 'unannounced', 'zh-CN')` → 四不两直 */
export function label<G extends LabelGroup>(group: G, value: LabelValue<G>, loc: Locale): string {
  const entry = (LABELS[group] as Record<string, Label>)[value];
  // Unreachable for typed callers; guards values that arrive untyped from old data.
  return entry ? entry[loc] : String(value);
}
