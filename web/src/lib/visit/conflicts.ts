import {
  AnswerValue,
  DisciplineForm,
  FieldConflict,
  FindingCategory,
  PersonConcerned,
  ProposedRectification,
  Severity,
  label,
  recordKey,
  type ConflictKind,
  type JsonValue,
  type Locale,
  type SyncRecord,
  type TemplateItem,
} from '@ducha/shared';
import { numberFormat } from '$lib/format/intl-cache';
import { byCodeUnit } from '$lib/format/compare';

/*
 * Offline conflicts on the visit screen (see shared/src/sync/README.md §6): the server keeps
 * every value a write overwrote without its author having seen it, as a `conflict` record of the
 * plan. Here: which of them to show, next to which record, in whose voice, and how the lost
 * value reads. No I/O; the state lives in visit-conflicts.svelte.ts.
 */

/** The records of a visit screen a conflict can be shown next to. */
export type ConflictEntity = 'answer' | 'note' | 'finding';

/**
 * The fields a user typed, by entity, with the message naming each. Bookkeeping fields (who
 * created it, when, which visit) are left out: a deletion "swallowing" them loses nothing anyone
 * typed, and there is nothing to show.
 */
const FIELD_LABELS = {
  answer: {
    answer: 'visit_conflict_field_answer',
    remark: 'visit_remark',
    evidence: 'visit_conflict_field_evidence',
  },
  note: {
    text: 'visit_conflict_field_note',
    itemId: 'visit_conflict_field_note_item',
  },
  finding: {
    category: 'visit_finding_category',
    severity: 'visit_finding_severity',
    title: 'visit_finding_title',
    description: 'visit_finding_description',
    moneyInvolvedYuan: 'visit_finding_money',
    moneyRecoveredYuan: 'visit_conflict_field_money_recovered',
    unitsConcerned: 'visit_finding_units',
    peopleConcerned: 'visit_finding_people',
    evidence: 'visit_conflict_field_evidence',
    recommendedForm: 'visit_finding_form',
    isClue: 'visit_finding_clue_badge',
    proposedRectification: 'visit_finding_rectification',
  },
} as const;

type FieldLabels = typeof FIELD_LABELS;
export type ConflictFieldKey =
  | {
      [E in ConflictEntity]: FieldLabels[E][keyof FieldLabels[E]];
    }[ConflictEntity]
  | 'visit_conflict_field_other';

/** The noun of each entity, for "X deleted this finding". */
const ENTITY_NOUNS = {
  answer: 'visit_conflict_entity_answer',
  note: 'visit_conflict_entity_note',
  finding: 'visit_conflict_entity_finding',
} as const satisfies Record<ConflictEntity, string>;
export type ConflictEntityKey = (typeof ENTITY_NOUNS)[ConflictEntity];

function isEntity(v: string): v is ConflictEntity {
  return Object.hasOwn(FIELD_LABELS, v);
}

/** An unsettled conflict on a field of a visit record. */
export interface ConflictView {
  /** The conflict record's id (what `conflict.resolve` names). */
  id: string;
  kind: ConflictKind;
  entity: ConflictEntity;
  /** The record the conflict is about. */
  recordId: string;
  field: string;
  overwrittenValue: JsonValue;
  overwrittenBy: string | null;
  overwrittenAt: string | null;
  winnerValue: JsonValue;
  winnerBy: string;
  winnerAt: string;
}

/**
 * A conflict record as the visit screen shows it; null when it is settled, does not parse, or
 * concerns something this screen does not show (another entity, a bookkeeping field).
 */
export function conflictView(r: SyncRecord): ConflictView | null {
  if (r.type !== 'conflict' || r.deleted) return null;
  const parsed = FieldConflict.safeParse(r.fields);
  if (!parsed.success) return null;
  const c = parsed.data;
  if (c.resolution !== null || !isEntity(c.entity)) return null;
  if (!Object.hasOwn(FIELD_LABELS[c.entity], c.field)) return null;
  return {
    id: r.id,
    kind: c.kind,
    entity: c.entity,
    recordId: c.id,
    field: c.field,
    overwrittenValue: c.overwrittenValue,
    overwrittenBy: c.overwrittenBy,
    overwrittenAt: c.overwrittenAt,
    winnerValue: c.winnerValue,
    winnerBy: c.winnerBy,
    winnerAt: c.winnerAt,
  };
}

/** The message naming the conflict's field ("问题描述"). */
export function conflictFieldKey(c: Pick<ConflictView, 'entity' | 'field'>): ConflictFieldKey {
  const labels: Readonly<Record<string, ConflictFieldKey>> = FIELD_LABELS[c.entity];
  // conflictView only lets known fields through; the fallback guards hand-made views.
  return labels[c.field] ?? 'visit_conflict_field_other';
}

export function conflictEntityKey(entity: ConflictEntity): ConflictEntityKey {
  return ENTITY_NOUNS[entity];
}

/** The key a conflict is shown under: the record it concerns. */
export function conflictRecordKey(c: Pick<ConflictView, 'entity' | 'recordId'>): string {
  return recordKey(c.entity, c.recordId);
}

/**
 * Whose point of view the sentence takes: `mine` — the signed-in user's value was overwritten;
 * `theirs` — the user's write overwrote someone's; `self` — both were the user (two devices);
 * `others` — two teammates.
 */
export type ConflictVoice = 'mine' | 'theirs' | 'self' | 'others';

export function conflictVoice(
  c: Pick<ConflictView, 'overwrittenBy' | 'winnerBy'>,
  me: string | null,
): ConflictVoice {
  const lost = me !== null && c.overwrittenBy === me;
  const won = me !== null && c.winnerBy === me;
  if (lost && won) return 'self';
  if (lost) return 'mine';
  if (won) return 'theirs';
  return 'others';
}

const KIND_WORDS = {
  concurrent_edit: 'edit',
  edit_after_delete: 'late_edit',
  deleted_while_edited: 'deleted',
} as const satisfies Record<ConflictKind, string>;

export type ConflictMessageKey =
  `visit_conflict_${(typeof KIND_WORDS)[ConflictKind]}_${ConflictVoice}`;

/** The sentence of a conflict: one message per kind and voice. */
export function conflictMessageName(kind: ConflictKind, voice: ConflictVoice): ConflictMessageKey {
  return `visit_conflict_${KIND_WORDS[kind]}_${voice}`;
}

/** A team member's name from the device's directory; null when unknown (say "another member"). */
export function personName(
  userId: string | null,
  directory: ReadonlyMap<string, string>,
): string | null {
  if (userId === null) return null;
  const name = directory.get(userId)?.trim();
  return name ? name : null;
}

/**
 * The team of a plan as the device holds it: the cached `plan.list` row (`teamMembers`), read
 * leniently since a copy cached by an older app version has none.
 */
export function teamDirectory(cachedPlan: unknown): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (typeof cachedPlan !== 'object' || cachedPlan === null) return out;
  const members: unknown = (cachedPlan as { teamMembers?: unknown }).teamMembers;
  if (!Array.isArray(members)) return out;
  for (const m of members as unknown[]) {
    if (typeof m !== 'object' || m === null) continue;
    const { id, name } = m as { id?: unknown; name?: unknown };
    if (typeof id === 'string' && typeof name === 'string') out.set(id, name);
  }
  return out;
}

/** Where the visit's records are, for placing conflicts. */
export interface ConflictScope {
  inspectionId: string;
  /** Keys (`type/id`) of this visit's notes and findings on the device. */
  here: ReadonlySet<string>;
  /** Keys of the plan's notes and findings that belong to another visit (or to none). */
  elsewhere: ReadonlySet<string>;
}

export interface ConflictPlacement {
  /** By record key: shown next to that answer, note or finding. */
  byRecord: ReadonlyMap<string, readonly ConflictView[]>;
  /**
   * Conflicts whose note or finding is no longer on the device (it was deleted): shown with the
   * visit's summary, since there is no record to show them next to.
   */
  detached: readonly ConflictView[];
  /** Every conflict of this visit: placed and detached. */
  all: readonly ConflictView[];
}

const byTime = (a: ConflictView, b: ConflictView) =>
  byCodeUnit(a.winnerAt, b.winnerAt) || byCodeUnit(a.id, b.id);

/** Picks this visit's conflicts among the plan's and puts each next to its record. */
export function placeConflicts(
  conflicts: readonly ConflictView[],
  scope: ConflictScope,
): ConflictPlacement {
  const byRecord = new Map<string, ConflictView[]>();
  const detached: ConflictView[] = [];
  const all: ConflictView[] = [];
  for (const c of [...conflicts].sort(byTime)) {
    const key = conflictRecordKey(c);
    if (c.entity === 'answer') {
      // An answer's id is `inspectionId:itemId`: it says which visit it belongs to.
      if (!c.recordId.startsWith(`${scope.inspectionId}:`)) continue;
    } else if (!scope.here.has(key)) {
      if (scope.elsewhere.has(key)) continue;
      detached.push(c);
      all.push(c);
      continue;
    }
    const list = byRecord.get(key) ?? [];
    list.push(c);
    byRecord.set(key, list);
    all.push(c);
  }
  return { byRecord, detached, all };
}

/** A plan's records of one visit, and the keys of the others (another visit's, or none). */
export function splitByVisit<R extends Pick<SyncRecord, 'type' | 'id' | 'fields'>>(
  rows: readonly R[],
  inspectionId: string,
): { mine: R[]; others: ReadonlySet<string> } {
  const mine: R[] = [];
  const others = new Set<string>();
  for (const r of rows) {
    if (r.fields.inspectionId === inspectionId) mine.push(r);
    else others.add(recordKey(r.type, r.id));
  }
  return { mine, others };
}

/** The scope of a visit: its notes and findings, and the plan's others. */
export function visitScope(
  inspectionId: string,
  notes: readonly { id: string }[],
  findings: readonly { id: string }[],
  elsewhere: readonly ReadonlySet<string>[],
): ConflictScope {
  const here = new Set<string>();
  for (const n of notes) here.add(recordKey('note', n.id));
  for (const f of findings) here.add(recordKey('finding', f.id));
  const other = new Set<string>();
  for (const keys of elsewhere) for (const k of keys) other.add(k);
  return { inspectionId, here, elsewhere: other };
}

/** One conflict as a notice: who, in whose voice, and what the user may do about it. */
export interface ConflictNotice {
  conflict: ConflictView;
  voice: ConflictVoice;
  /** Display names; null when the device does not know the person ("another member"). */
  winnerName: string | null;
  loserName: string | null;
  /** The record is on the device and may be changed: 恢复 is offered. */
  restorable: boolean;
  /** The record was deleted and is no longer on the device. */
  detached: boolean;
}

export interface ConflictNotices {
  /** Oldest first. */
  all: readonly ConflictNotice[];
  byRecord: ReadonlyMap<string, readonly ConflictNotice[]>;
  detached: readonly ConflictNotice[];
}

export const NO_NOTICES: ConflictNotices = { all: [], byRecord: new Map(), detached: [] };

/**
 * The notices of a visit: its conflicts placed, in the signed-in user's voice, with names from
 * the team directory. Answers and notes are locked with a submitted visit, so 恢复 is offered
 * for them only while it is editable; findings stay editable in review.
 */
export function conflictNotices(
  open: readonly ConflictView[],
  scope: ConflictScope | null,
  who: { me: string | null; names: ReadonlyMap<string, string>; editable: boolean },
): ConflictNotices {
  if (!scope || open.length === 0) return NO_NOTICES;
  const placed = placeConflicts(open, scope);
  const detachedIds = new Set(placed.detached.map((c) => c.id));
  const byId = new Map<string, ConflictNotice>();
  const all = placed.all.map((c): ConflictNotice => {
    const detached = detachedIds.has(c.id);
    const notice = {
      conflict: c,
      voice: conflictVoice(c, who.me),
      winnerName: personName(c.winnerBy, who.names),
      loserName: personName(c.overwrittenBy, who.names),
      // A deleted record the device no longer holds is restored by the server, then pulled.
      restorable: c.entity === 'finding' || who.editable,
      detached,
    };
    byId.set(c.id, notice);
    return notice;
  });
  const byRecord = new Map<string, ConflictNotice[]>();
  for (const [key, list] of placed.byRecord) {
    byRecord.set(
      key,
      list.flatMap((c) => byId.get(c.id) ?? []),
    );
  }
  return { all, byRecord, detached: all.filter((n) => n.detached) };
}

/** The checklist item an answer conflict is about (`inspectionId:itemId`). */
export function answerItemId(c: Pick<ConflictView, 'entity' | 'recordId'>): string | null {
  if (c.entity !== 'answer') return null;
  const at = c.recordId.indexOf(':');
  return at < 0 ? null : c.recordId.slice(at + 1);
}

/** Words the value formatter needs from the message catalogue. */
export interface ValueWords {
  empty: string;
  yes: string;
  no: string;
  wholeVisit: string;
  files: (count: number) => string;
  yuan: (amount: string) => string;
}

export interface ValueContext {
  locale: Locale;
  words: ValueWords;
  unitName: (id: string) => string | undefined;
  item: (id: string) => Pick<TemplateItem, 'title' | 'choices'> | undefined;
}

function listOf(parts: string[], locale: Locale): string {
  return parts.join(locale === 'zh-CN' ? '、' : ', ');
}

function numberText(n: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

function enumLabel(
  group: 'findingCategory' | 'severity' | 'disciplineForm',
  value: JsonValue,
  locale: Locale,
): string | null {
  switch (group) {
    case 'findingCategory': {
      const p = FindingCategory.safeParse(value);
      return p.success ? label(group, p.data, locale) : null;
    }
    case 'severity': {
      const p = Severity.safeParse(value);
      return p.success ? label(group, p.data, locale) : null;
    }
    case 'disciplineForm': {
      const p = DisciplineForm.safeParse(value);
      return p.success ? label(group, p.data, locale) : null;
    }
  }
}

function answerText(value: JsonValue, itemId: string | null, ctx: ValueContext): string | null {
  const p = AnswerValue.safeParse(value);
  if (!p.success) return null;
  const a = p.data;
  switch (a.kind) {
    case 'conformity':
      return label('conformity', a.value, ctx.locale);
    case 'score':
    case 'number':
      return numberText(a.value, ctx.locale);
    case 'text':
      return a.value;
    case 'choice': {
      const choices = itemId ? (ctx.item(itemId)?.choices ?? []) : [];
      return choices.find((c) => c.value === a.value)?.label ?? a.value;
    }
  }
}

function fallbackText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * How a field's value reads in a sentence: labels for codes, unit names for ids, amounts in 元,
 * counts for attachments. Whatever does not parse (another app version's data) is shown raw
 * rather than hidden: it is what the user may want back.
 */
export function formatConflictValue(
  c: Pick<ConflictView, 'entity' | 'field' | 'recordId'>,
  value: JsonValue,
  ctx: ValueContext,
): string {
  const { words, locale } = ctx;
  if (c.entity === 'note' && c.field === 'itemId') {
    if (value === null) return words.wholeVisit;
    return typeof value === 'string' ? (ctx.item(value)?.title ?? value) : fallbackText(value);
  }
  if (value === null || value === '') return words.empty;
  if (Array.isArray(value) && value.length === 0) return words.empty;
  switch (c.field) {
    case 'answer':
      if (c.entity === 'answer') return answerText(value, answerItemId(c), ctx) ?? words.empty;
      break;
    case 'evidence':
      if (Array.isArray(value)) return words.files(value.length);
      break;
    case 'category':
      return enumLabel('findingCategory', value, locale) ?? fallbackText(value);
    case 'severity':
      return enumLabel('severity', value, locale) ?? fallbackText(value);
    case 'recommendedForm':
      return enumLabel('disciplineForm', value, locale) ?? fallbackText(value);
    case 'moneyInvolvedYuan':
    case 'moneyRecoveredYuan':
      if (typeof value === 'number') return words.yuan(numberText(value, locale));
      break;
    case 'isClue':
      if (typeof value === 'boolean') return value ? words.yes : words.no;
      break;
    case 'unitsConcerned':
      if (Array.isArray(value)) {
        const names = value.map((id) =>
          typeof id === 'string' ? (ctx.unitName(id) ?? id) : fallbackText(id),
        );
        return listOf(names, locale);
      }
      break;
    case 'peopleConcerned': {
      const p = PersonConcerned.array().safeParse(value);
      if (p.success) {
        const people = p.data.map((x) => (x.position ? `${x.name}（${x.position}）` : x.name));
        return listOf(people, locale);
      }
      break;
    }
    case 'proposedRectification': {
      const p = ProposedRectification.safeParse(value);
      if (p.success) {
        const kind = label('rectificationKind', p.data.kind, locale);
        const when = p.data.deadline ? ` · ${p.data.deadline}` : '';
        return `${kind}${when}：${p.data.measures}`;
      }
      break;
    }
  }
  return fallbackText(value);
}

/** A value cut for a sentence: long texts show their start, and the whole on request. */
export function clipValue(text: string, max = 120): { text: string; clipped: boolean } {
  const chars = Array.from(text);
  if (chars.length <= max) return { text, clipped: false };
  return { text: `${chars.slice(0, max).join('').trimEnd()}…`, clipped: true };
}

/** A sentence that starts with a name ("another member …") starts with a capital in English. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
