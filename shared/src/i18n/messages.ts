import type { Locale } from '../domain/enums';
import { LABELS, type LabelGroup } from './labels';

type Entry = Readonly<Record<Locale, string>>;

/**
 * Every user-facing message shared/ and api/ can produce, keyed by a stable code that travels
 * in tRPC error data as `messageKey`. `{name}` placeholders are filled by `translate`; a
 * parameter may name an enum value (`{ label: 'ledgerStatus', value: 'open' }`) so that the
 * whole sentence, not only its frame, reads in the caller's language.
 */
export const MESSAGES = {
  'sync.talk_signed': {
    'zh-CN': '谈话记录已签字确认，不能再修改或重新签字',
    en: 'The talk record has been signed; it can no longer be changed or signed again',
  },
  'sync.talk_incomplete': {
    'zh-CN': '谈话记录还不完整：需有谈话人、谈话对象和至少一个问题，才能签字',
    en: 'The talk record is not complete: it needs an interviewer, an interviewee and at least one question before it is signed',
  },
  'sync.not_follow_up': {
    'zh-CN': '只有“回头看”检查才能作出整改复查结论',
    en: 'Only a follow-up visit can record a rectification verdict',
  },
  'sync.inspection_not_submitted': {
    'zh-CN': '只能退回已提交审核的检查',
    en: 'Only an inspection submitted for review can be returned',
  },
  'auth.invalid_credentials': { 'zh-CN': '用户名或密码错误', en: 'Incorrect username or password' },
  'auth.rate_limited': {
    'zh-CN': '尝试次数过多，请 {retryAfterSeconds} 秒后再试',
    en: 'Too many attempts. Try again in {retryAfterSeconds} seconds',
  },
  'auth.unauthenticated': { 'zh-CN': '请先登录', en: 'Please sign in first' },
  'auth.forbidden': { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  'auth.disabled': { 'zh-CN': '该账号已停用', en: 'This account has been disabled' },
  'auth.session_expired': {
    'zh-CN': '登录已过期，请重新登录',
    en: 'Your session has expired. Please sign in again',
  },
  'common.not_found': { 'zh-CN': '记录不存在', en: 'Record not found' },
  'common.bad_request': { 'zh-CN': '请求无效', en: 'Invalid request' },
  'common.validation_failed': {
    'zh-CN': '输入有误，请检查后重试',
    en: 'Some input is invalid. Please check and try again',
  },
  'common.payload_too_large': { 'zh-CN': '请求内容过大', en: 'The request is too large' },
  'common.conflict': {
    'zh-CN': '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else. Refresh and try again',
  },
  'common.internal': {
    'zh-CN': '服务器内部错误，请稍后再试',
    en: 'Internal server error. Please try again later',
  },
  'common.unavailable': {
    'zh-CN': '服务暂不可用，请稍后再试',
    en: 'The service is unavailable. Please try again later',
  },
  'user.username_taken': { 'zh-CN': '用户名已被使用', en: 'This username is already taken' },
  'user.cannot_disable_self': {
    'zh-CN': '不能停用自己的账号',
    en: 'You cannot disable your own account',
  },
  'team.name_taken': { 'zh-CN': '检查组名称已存在', en: 'A team with this name already exists' },
  'plan.not_editable': {
    'zh-CN': '只有待开展的计划可以修改或改派',
    en: 'Only a plan that has not started can be changed or reassigned',
  },
  'plan.not_cancellable': {
    'zh-CN': '已完成或已取消的计划不能取消',
    en: 'A plan that is done or cancelled cannot be cancelled',
  },
  'plan.unit_out_of_scope': {
    'zh-CN': '检查对象不在您的督查范围内',
    en: 'The target unit is outside your scope',
  },
  'plan.team_not_led': {
    'zh-CN': '组长只能为自己带领的检查组安排计划',
    en: 'A team leader can plan only for a team they lead',
  },
  'plan.follow_up_only': {
    'zh-CN': '只有“回头看”计划可以指定被复查的计划',
    en: 'Only a follow-up plan can name an earlier plan to re-check',
  },
  'plan.follow_up_self': {
    'zh-CN': '计划不能复查它自己',
    en: 'A plan cannot re-check itself',
  },
  'template.archived': {
    'zh-CN': '该模板已归档，不能用于新计划',
    en: 'This template is archived and cannot be used for a new plan',
  },
  'template.stale_version': {
    'zh-CN': '模板已被他人修改（现为第 {version} 版），请刷新后再编辑',
    en: 'Someone changed this template since (it is now version {version}). Refresh and edit again',
  },
  'template.import_invalid': {
    'zh-CN': '模板文件有误，未导入任何内容。请修改以下位置后重试',
    en: 'The template file has errors; nothing was imported. Fix the places below and try again',
  },
  'template.import_too_large': {
    'zh-CN': '文件过大（上限 {maxKb} KB）',
    en: 'The file is too large (at most {maxKb} KB)',
  },
  'template.import_unreadable': {
    'zh-CN': '无法读取文件：不是有效的 {format} 文件',
    en: 'The file cannot be read: it is not a valid {format} file',
  },
  'template.import_wrong_format': {
    'zh-CN': '不是督查检查表模板文件，或其格式版本不受支持',
    en: 'This is not a Ducha checklist template file, or its format version is not supported',
  },
  'template.import_missing_sheet': {
    'zh-CN': '缺少工作表“{sheet}”',
    en: 'The sheet “{sheet}” is missing',
  },
  'template.import_missing_column': { 'zh-CN': '缺少此列', en: 'This column is missing' },
  'template.import_required': { 'zh-CN': '必须填写', en: 'Required' },
  'template.import_not_number': { 'zh-CN': '须为数字', en: 'Must be a number' },
  'template.import_not_yes_no': {
    'zh-CN': '须填写“是”或“否”',
    en: 'Must be “Yes” or “No”',
  },
  'template.import_unknown_value': {
    'zh-CN': '无法识别“{value}”',
    en: '“{value}” is not recognised',
  },
  'template.import_choices_format': {
    'zh-CN': '选项须每行一个，写作“值=名称:分值”（分值可省略）',
    en: 'Write one choice a line as “value=label:score” (the score is optional)',
  },
  'template.import_section_weight_mismatch': {
    'zh-CN': '同一章节各行的章节权重须一致',
    en: 'Every row of a section must give the same section weight',
  },
  'template.import_no_items': {
    'zh-CN': '没有任何章节或检查项',
    en: 'There are no sections or items',
  },
  'template.import_at_cell': {
    'zh-CN': '“{sheet}”第 {row} 行“{column}”',
    en: '“{sheet}” row {row}, “{column}”',
  },
  'template.import_at_column': {
    'zh-CN': '“{sheet}”的“{column}”',
    en: '“{sheet}”, “{column}”',
  },
  'unit.code_taken': { 'zh-CN': '单位代码已被使用', en: 'This unit code is already in use' },
  'unit.move_cycle': {
    'zh-CN': '不能把单位移到它自己或其下级单位之下',
    en: 'A unit cannot move under itself or one of its own sub-units',
  },
  'book.stale': {
    'zh-CN': '责任书已被他人修改，请刷新后重试',
    en: 'Someone changed this responsibility book since. Refresh and try again',
  },
  'ledger.transition_not_allowed': {
    'zh-CN': '当前状态为“{status}”，不能执行“{event}”',
    en: 'Cannot {event} an item whose status is “{status}”',
  },
  'ledger.role_not_allowed': {
    'zh-CN': '{role}无权对整改事项执行“{event}”',
    en: 'Role “{role}” may not {event} a rectification item',
  },
  'ledger.follow_up_not_allowed': {
    'zh-CN': '{role}无权录入回头看结论',
    en: 'Role “{role}” may not record follow-up verdicts',
  },
  'ledger.commitment_not_allowed': {
    'zh-CN': '{role}无权将约谈表态列入整改台账',
    en: 'Role “{role}” may not put talk commitments on the rectification ledger',
  },
  'ledger.note_required': {
    'zh-CN': '请填写说明',
    en: 'Please add an explanation',
  },
  'ledger.evidence_required': {
    'zh-CN': '请上传整改佐证材料',
    en: 'Please attach evidence of the rectification',
  },
  'ledger.assign_not_allowed': {
    'zh-CN': '{role}无权交办整改事项',
    en: 'Role “{role}” may not assign rectification items',
  },
  'ledger.assign_settled': {
    'zh-CN': '当前状态为“{status}”，不能再交办',
    en: 'An item whose status is “{status}” can no longer be assigned',
  },
  'ledger.verdict_not_rectified': {
    'zh-CN': '只能依据本事项“整改到位”的回头看结论验收',
    en: 'Only a follow-up verdict of “rectified” on this item can verify it',
  },
  'ledger.stale': {
    'zh-CN': '该整改事项已被他人修改，请刷新后重试',
    en: 'Someone changed this item since. Refresh and try again',
  },
  'ledger.typical_case_no_finding': {
    'zh-CN': '该整改事项没有来源问题，不能以案促改',
    en: 'This item has no finding to push to other units as a typical case',
  },
  'ledger.spot_check_ratio': {
    'zh-CN': '抽查比例不得低于 10%',
    en: 'The spot-check ratio must be at least 10 %',
  },
  'sampling.empty_population': {
    'zh-CN': '没有可抽查的事项',
    en: 'There is nothing to sample',
  },
  'validation.invalid_type': {
    'zh-CN': '无效输入：期望{expected}',
    en: 'Invalid input: expected {expected}',
  },
  'validation.string_too_short': {
    'zh-CN': '至少需要 {minimum} 个字符',
    en: 'Must be at least {minimum} characters',
  },
  'validation.string_too_long': {
    'zh-CN': '不能超过 {maximum} 个字符',
    en: 'Must be at most {maximum} characters',
  },
  'validation.username_chars': {
    'zh-CN': '用户名只能包含字母、数字、下划线、点和连字符',
    en: 'Usernames may contain only letters, digits, underscores, dots and hyphens',
  },
  'validation.password_weak': {
    'zh-CN': '密码至少 10 位，且须同时包含字母和数字',
    en: 'Passwords need at least 10 characters, with both letters and digits',
  },
  'validation.sha256': {
    'zh-CN': '文件摘要格式无效（应为 64 位十六进制 SHA-256）',
    en: 'Invalid file digest (expected 64 hex characters of SHA-256)',
  },
  'validation.code': {
    'zh-CN': '编码只能包含字母、数字、下划线、点和连字符，最长 64 位',
    en: 'Codes may contain only letters, digits, underscores, dots and hyphens (64 at most)',
  },
  'validation.mime_type': { 'zh-CN': '文件类型无效', en: 'Invalid file type' },
  'validation.scope_required': {
    'zh-CN': '督查员必须指定督查范围',
    en: 'A supervisor needs a scope unit',
  },
  'validation.leader_not_member': {
    'zh-CN': '组长必须是检查组成员',
    en: 'The team leader must be a member of the team',
  },
  'validation.duplicate_ids': { 'zh-CN': '存在重复项', en: 'Duplicate entries' },
  'validation.choices_required': {
    'zh-CN': '选择题至少需要两个选项',
    en: 'A choice item needs at least two choices',
  },
  'validation.choice_score_exceeds_max': {
    'zh-CN': '选项分值不能超过该项满分',
    en: 'A choice may not score more than the item maximum',
  },
  'validation.veto_needs_conformity': {
    'zh-CN': '一票否决项必须采用“符合/不符合”作答方式',
    en: 'A veto item must be answered as conforms / does not conform',
  },
  'validation.thresholds_order': {
    'zh-CN': '等级分数线须满足 优秀 ≥ 良好 ≥ 合格',
    en: 'Grade thresholds must satisfy excellent ≥ good ≥ pass',
  },
  'validation.window_order': {
    'zh-CN': '结束日期不能早于开始日期',
    en: 'The end date cannot be before the start date',
  },
  'validation.follow_up_target': {
    'zh-CN': '请选择要复查的整改事项或问题',
    en: 'Choose the rectification item or finding being re-checked',
  },
  'validation.audit_action': { 'zh-CN': '审计动作名称无效', en: 'Invalid audit action name' },
  'sync.mutation_gap': {
    'zh-CN': '同步序号不连续，将从第 {lastMutationId} 条之后重新发送',
    en: 'Changes arrived out of order; resending after number {lastMutationId}',
  },
  'sync.mutation_ids_not_consecutive': {
    'zh-CN': '一次提交的修改序号必须连续',
    en: 'The changes in one push must be numbered consecutively',
  },
  'sync.device_mismatch': {
    'zh-CN': '此设备已绑定其他用户，无法同步',
    en: 'This device is registered to another user and cannot sync',
  },
  'sync.client_outdated': {
    'zh-CN': '应用版本过旧，请刷新页面完成更新后再同步',
    en: 'This version of the app is too old. Reload to update, then sync again',
  },
  'sync.server_outdated': {
    'zh-CN': '服务器正在更新，稍后将自动重试同步',
    en: 'The server is being updated. Sync will retry automatically',
  },
  'sync.cursor_invalid': {
    'zh-CN': '同步位置已失效，将重新下载数据（未同步的修改不受影响）',
    en: 'The sync position is no longer valid. Data will be downloaded again; unsynced changes are kept',
  },
  'sync.invalid_message_key': { 'zh-CN': '未知的消息代码', en: 'Unknown message code' },
  'sync.invalid_args': {
    'zh-CN': '修改内容无效，服务器未接受',
    en: 'The change was invalid and the server did not accept it',
  },
  'sync.unknown_mutation': {
    'zh-CN': '服务器不支持此类修改',
    en: 'The server does not support this kind of change',
  },
  'sync.schema_unsupported': {
    'zh-CN': '此修改的数据版本不受支持',
    en: 'This change was made with an unsupported data version',
  },
  'sync.already_exists': { 'zh-CN': '记录已存在', en: 'The record already exists' },
  'sync.inspection_locked': {
    'zh-CN': '检查已提交审核，不能再修改',
    en: 'This inspection has been submitted for review and can no longer be changed',
  },
  'sync.inspection_incomplete': {
    'zh-CN': '还有必答项未作答，检查不能提交审核',
    en: 'Some required items are not answered yet; the inspection cannot be submitted for review',
  },
  'sync.inspection_evidence_missing': {
    'zh-CN': '还有需要佐证材料的项目没有照片或文件，检查不能提交审核',
    en: 'Some items that need evidence have no photo or file yet; the inspection cannot be submitted for review',
  },
  'sync.template_missing': {
    'zh-CN': '服务器上找不到此检查所用的检查表版本',
    en: 'The checklist version this inspection uses is not on the server',
  },
  'sync.empty_patch': { 'zh-CN': '没有要修改的内容', en: 'There is nothing to change' },
  'sync.base_required': {
    'zh-CN': '缺少修改前的原值',
    en: 'The value seen before the change is missing',
  },
  'sync.conflict_concurrent_edit': {
    'zh-CN': '{name} 在离线期间也修改了此处，被覆盖的内容已保留，可以恢复',
    en: '{name} also changed this while offline; the overwritten value is kept and can be restored',
  },
  'sync.conflict_edit_after_delete': {
    'zh-CN': '此记录已被 {name} 删除，您的修改已保留，可以恢复',
    en: 'This record was deleted by {name}; your changes are kept and can be restored',
  },
  'sync.conflict_deleted_while_edited': {
    'zh-CN': '{name} 删除了此记录，删除前未看到的修改已保留，可以恢复',
    en: '{name} deleted this record without seeing the latest changes; they are kept and can be restored',
  },
  'sync.storage_full': {
    'zh-CN': '设备存储空间已满，此次修改未保存；已保存的内容不受影响。请清理空间后重试',
    en: 'The device storage is full, so this change was not saved; everything saved earlier is kept. Free some space and try again',
  },
  'sync.network_failed': {
    'zh-CN': '无法连接服务器，修改已保存在本机，将自动重试同步',
    en: 'Cannot reach the server. Your changes are saved on this device and sync will retry automatically',
  },
  // Resumable uploads (api/src/attachments): sent as `messageKey` + `message` like tRPC errors.
  'upload.too_large': {
    'zh-CN': '文件过大，单个文件不能超过 {maxMiB} MB',
    en: 'The file is too large: at most {maxMiB} MB per file',
  },
  'upload.unsupported_type': {
    'zh-CN': '不支持该文件类型，仅支持 JPEG、PNG、WebP、HEIC 图片和 PDF 文档',
    en: 'Unsupported file type: only JPEG, PNG, WebP, HEIC images and PDF documents are accepted',
  },
  'upload.type_mismatch': {
    'zh-CN': '文件内容与声明的类型不符，已拒收',
    en: 'The file content does not match its declared type and was refused',
  },
  'upload.hash_mismatch': {
    'zh-CN': '文件校验失败（SHA-256 不一致），已丢弃已上传部分，请重新上传',
    en: 'File verification failed (SHA-256 mismatch); the partial upload was discarded. Please upload again',
  },
  'upload.offset_mismatch': {
    'zh-CN': '上传位置不一致，请从服务器记录的位置继续上传',
    en: 'Upload offset mismatch: resume from the offset the server reports',
  },
  'upload.chunk_too_large': {
    'zh-CN': '单次上传的数据块过大（不超过 1 MB）',
    en: 'The chunk is too large (at most 1 MB per request)',
  },
  'upload.exceeds_declared_size': {
    'zh-CN': '上传的数据超出了声明的文件大小',
    en: 'The uploaded bytes exceed the declared file size',
  },
  'review.approve_not_allowed': {
    'zh-CN': '{role}无权审核通过检查',
    en: 'Role “{role}” may not approve a visit',
  },
  'review.not_submitted': {
    'zh-CN': '只有已提交待审核的检查才能退回或审核通过',
    en: 'Only a visit submitted for review can be returned or approved',
  },
  'review.comment_required': {
    'zh-CN': '退回修改须填写退回原因或至少一条意见',
    en: 'Give a reason or at least one comment to return the visit',
  },
  'review.own_visit': {
    'zh-CN': '不能审核本人开展或提交的检查',
    en: 'You cannot review a visit you started or submitted yourself',
  },
  'dashboard.range_order': {
    'zh-CN': '结束日期不能早于开始日期',
    en: 'The end date cannot be before the start date',
  },
  'dashboard.range_too_long': {
    'zh-CN': '统计区间过长，最多三年',
    en: 'The date range is too long: at most three years',
  },
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof MESSAGES;

/** A parameter naming an enum value, rendered with that value's label in the target locale. */
export interface LabelParam {
  readonly label: LabelGroup;
  readonly value: string;
}

export type MessageParam = string | number | LabelParam;
export type MessageParams = Readonly<Record<string, MessageParam>>;

function renderParam(param: MessageParam, locale: Locale): string {
  if (typeof param !== 'object') return String(param);
  const entry = (LABELS[param.label] as Record<string, Readonly<Record<Locale, string>>>)[
    param.value
  ];
  return entry ? entry[locale] : param.value;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/**
 * The message for `key` in `locale`, with `{name}` placeholders replaced from `params`.
 * A placeholder without a value is left as written, so a missing parameter shows up in review
 * rather than silently producing a sentence with a hole.
 */
export function translate(key: MessageKey, locale: Locale, params?: MessageParams): string {
  const template: string = MESSAGES[key][locale];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? renderParam(params[name] as MessageParam, locale) : whole,
  );
}
