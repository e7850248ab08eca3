import {
  FollowUpTarget,
  FollowUpVerdict,
  jsonEqual,
  verdictTarget,
  type FollowUpTargetKind,
  type JsonValue,
  type LedgerStatus,
  type SyncRecord,
} from '@ducha/shared';

/*
 * 回头看 on the phone, the pure part: the targets a follow-up plan carries
 * (`plan.fields.followUp.items`, computed by the server), this visit's verdict records on them,
 * verdicts tapped but not yet read back, progress, what blocks submission, and what a 反弹 will
 * do to a ledger item once it reaches the server.
 */

export type { FollowUpTarget } from '@ducha/shared';

/** `rectification:<id>` / `finding:<id>`: one target, whatever its kind. */
export type TargetKey = `${FollowUpTargetKind}:${string}`;

export function targetKey(t: { kind: FollowUpTargetKind; id: string }): TargetKey {
  return `${t.kind}:${t.id}`;
}

/**
 * The targets of a 回头看 plan record, in the server's order. Each is parsed on its own, so one
 * target written by a newer server in a shape this app does not know hides only itself.
 */
export function followUpTargets(plan: SyncRecord | null | undefined): FollowUpTarget[] {
  if (plan?.fields.kind !== 'follow_up') return [];
  const followUp = plan.fields.followUp;
  const items =
    typeof followUp === 'object' && followUp !== null && !Array.isArray(followUp)
      ? (followUp as Record<string, unknown>).items
      : undefined;
  if (!Array.isArray(items)) return [];
  const out: FollowUpTarget[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const parsed = FollowUpTarget.safeParse(item);
    if (!parsed.success) continue;
    const key = targetKey(parsed.data);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(parsed.data);
  }
  return out;
}

/** A verdict record (`inspectionId:targetKind:targetId`) as the screen shows it. */
export interface VerdictView {
  targetKind: FollowUpTargetKind;
  targetId: string;
  verdict: FollowUpVerdict | null;
  comment: string;
  evidence: string[];
  /** The raw stored values: the `base` of the next patch of each field. */
  raw: { verdict: JsonValue; comment: JsonValue; evidence: JsonValue };
  judgedBy: string | null;
  version: number;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** One verdict record, leniently: an unknown verdict reads as "not judged" (and is the base). */
export function verdictView(r: SyncRecord): VerdictView | null {
  const f = r.fields;
  const kind = f.targetKind;
  if ((kind !== 'rectification' && kind !== 'finding') || typeof f.targetId !== 'string') {
    return null;
  }
  const verdict = FollowUpVerdict.safeParse(f.verdict);
  return {
    targetKind: kind,
    targetId: f.targetId,
    verdict: verdict.success ? verdict.data : null,
    comment: typeof f.comment === 'string' ? f.comment : '',
    evidence: strings(f.evidence),
    raw: {
      verdict: f.verdict ?? null,
      comment: f.comment ?? null,
      evidence: f.evidence ?? null,
    },
    judgedBy: typeof f.judgedBy === 'string' ? f.judgedBy : null,
    version: r.version,
  };
}

export function emptyVerdict(t: { kind: FollowUpTargetKind; id: string }): VerdictView {
  return {
    targetKind: t.kind,
    targetId: t.id,
    verdict: null,
    comment: '',
    evidence: [],
    raw: { verdict: null, comment: null, evidence: null },
    judgedBy: null,
    version: 0,
  };
}

export type VerdictMap = ReadonlyMap<TargetKey, VerdictView>;
export const NO_VERDICTS: VerdictMap = new Map();

/** This visit's verdict records (the plan's records hold every visit's), by target. */
export function readVerdicts(rows: readonly SyncRecord[], inspectionId: string): VerdictMap {
  const out = new Map<TargetKey, VerdictView>();
  for (const r of rows) {
    if (r.fields.inspectionId !== inspectionId) continue;
    const v = verdictView(r);
    if (v) out.set(targetKey({ kind: v.targetKind, id: v.targetId }), v);
  }
  return out.size === 0 ? NO_VERDICTS : out;
}

/**
 * What the screen changed and the device has not read back yet: shown at once, and the base of
 * the next change of the same field (so a quick change of mind is never a false conflict).
 */
export interface VerdictTap {
  verdict?: FollowUpVerdict | null;
  evidence?: string[];
}

export type VerdictTaps = ReadonlyMap<TargetKey, VerdictTap>;
export const NO_VERDICT_TAPS: VerdictTaps = new Map();

export function tapVerdict(taps: VerdictTaps, key: TargetKey, tap: VerdictTap): VerdictTaps {
  return new Map(taps).set(key, { ...taps.get(key), ...tap });
}

/** Forgets a tap the device refused. */
export function untapVerdict(
  taps: VerdictTaps,
  key: TargetKey,
  field: keyof VerdictTap,
): VerdictTaps {
  const tap = taps.get(key);
  if (!tap || !(field in tap)) return taps;
  const { [field]: _gone, ...rest } = tap;
  const out = new Map(taps);
  if (Object.keys(rest).length === 0) out.delete(key);
  else out.set(key, rest);
  return out;
}

/** Verdicts with the taps applied on top. */
export function withVerdictTaps(verdicts: VerdictMap, taps: VerdictTaps): VerdictMap {
  if (taps.size === 0) return verdicts;
  const out = new Map(verdicts);
  for (const [key, tap] of taps) {
    const [kind, ...rest] = key.split(':');
    const base =
      out.get(key) ?? emptyVerdict({ kind: kind as FollowUpTargetKind, id: rest.join(':') });
    out.set(key, { ...base, ...tap });
  }
  return out;
}

/** Taps the records now show are read back: they go. */
export function settleVerdictTaps(taps: VerdictTaps, verdicts: VerdictMap): VerdictTaps {
  if (taps.size === 0) return taps;
  let out: Map<TargetKey, VerdictTap> | null = null;
  for (const [key, tap] of taps) {
    const v = verdicts.get(key);
    const left: VerdictTap = {};
    if ('verdict' in tap && !jsonEqual(v?.verdict ?? null, tap.verdict ?? null)) {
      left.verdict = tap.verdict;
    }
    if ('evidence' in tap && !jsonEqual(v?.evidence ?? [], tap.evidence ?? [])) {
      left.evidence = tap.evidence;
    }
    if (Object.keys(left).length === Object.keys(tap).length) continue;
    out ??= new Map(taps);
    if (Object.keys(left).length === 0) out.delete(key);
    else out.set(key, left);
  }
  return out ?? taps;
}

export interface FollowUpProgress {
  judged: number;
  total: number;
}

/** How many of the plan's targets this visit has judged. */
export function followUpProgress(
  targets: readonly FollowUpTarget[],
  verdicts: VerdictMap,
): FollowUpProgress {
  let judged = 0;
  for (const t of targets) if ((verdicts.get(targetKey(t))?.verdict ?? null) !== null) judged++;
  return { judged, total: targets.length };
}

/** A target still without a verdict: submitting the visit needs one on every target. */
export interface VerdictIssue {
  kind: 'verdict';
  targetKind: FollowUpTargetKind;
  targetId: string;
  title: string;
}

export function missingVerdicts(
  targets: readonly FollowUpTarget[],
  verdicts: VerdictMap,
): VerdictIssue[] {
  return targets
    .filter((t) => (verdicts.get(targetKey(t))?.verdict ?? null) === null)
    .map((t) => ({ kind: 'verdict', targetKind: t.kind, targetId: t.id, title: t.title }));
}

/**
 * Verdicts given in this visit on targets the plan no longer lists (the item was closed, or the
 * finding got a ledger item, while the team was on site). They stay recorded and go to review.
 */
export function detachedVerdicts(
  targets: readonly FollowUpTarget[],
  verdicts: VerdictMap,
): VerdictView[] {
  const listed = new Set(targets.map(targetKey));
  return [...verdicts.entries()]
    .filter(([key, v]) => v.verdict !== null && !listed.has(key))
    .map(([, v]) => v);
}

/**
 * What a 反弹 verdict does once the server receives it (api/src/sync/sync-effects.ts applies the
 * shared ledger machine in the same transaction):
 * - `reopen`: a verified (or closed) ledger item is reopened (反弹重开) and its relapse count grows;
 * - `back_to_work`: an open or reported item goes back to 整改中, like 未整改;
 * - `stays`: an item under rectification stays so, with the relapse in its history;
 * - `recorded`: a finding without a ledger item: only recorded, the supervisor acts in review.
 */
export type RelapseEffect = 'reopen' | 'back_to_work' | 'stays' | 'recorded';

export function relapseEffect(target: FollowUpTarget): RelapseEffect {
  if (target.kind === 'finding') return 'recorded';
  // The role only matters for 整改到位; any role that may judge gives the same answer here.
  const to = verdictTarget(target.status, 'relapsed', 'inspector');
  if (to === 'reopened' && target.status !== 'reopened') return 'reopen';
  return to === target.status ? 'stays' : 'back_to_work';
}

/** Whether choosing 反弹 changes the 整改台账 (and so is confirmed before it is recorded). */
export function relapseChangesLedger(target: FollowUpTarget): boolean {
  return target.kind === 'rectification';
}

/** A ledger item's deadline day (CST) has passed and it is not yet verified or closed. */
export function pastDeadline(target: FollowUpTarget, today: string): boolean {
  if (target.kind !== 'rectification' || target.deadline === null) return false;
  const done: readonly LedgerStatus[] = ['verified', 'closed'];
  return target.deadline < today && !done.includes(target.status);
}

/** The unit a target concerns: the ledger item's responsible unit, or the finding's unit. */
export function targetUnitId(target: FollowUpTarget): string {
  return target.kind === 'rectification' ? target.responsibleUnitId : target.unitId;
}
