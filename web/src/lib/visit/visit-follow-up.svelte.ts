import {
  verdictRecordId,
  type FollowUpVerdict,
  type JsonValue,
  type SyncEntityType,
  type SyncRecord,
} from '@ducha/shared';
import {
  NO_VERDICTS,
  NO_VERDICT_TAPS,
  detachedVerdicts,
  emptyVerdict,
  followUpProgress,
  followUpTargets,
  missingVerdicts,
  readVerdicts,
  settleVerdictTaps,
  tapVerdict,
  targetKey,
  untapVerdict,
  withVerdictTaps,
  type FollowUpProgress,
  type FollowUpTarget,
  type VerdictIssue,
  type VerdictMap,
  type VerdictTaps,
  type VerdictView,
} from './follow-up';
import type { VisitResult, VisitService } from './visit.service';

const NO_TARGETS: readonly FollowUpTarget[] = [];

export interface VisitFollowUpDeps {
  service: Pick<VisitService, 'verdict'>;
  /** The open visit's id (null while none is open). */
  inspectionId: () => string | null;
  /** Whether the visit may be changed (a draft or returned). */
  editable: () => boolean;
  /** The "not yet synced" mark of one record. */
  unsynced: (type: SyncEntityType, id: string) => boolean;
  /** Each change's outcome, for the screen's error line. */
  report: (out: VisitResult) => void;
}

/**
 * The 回头看 of one visit: the targets its plan lists, this visit's verdict on each, and the
 * changes to them as local mutations (`followup.verdict` field patches, each with the value the
 * screen showed as its base). Verdicts and photos tapped but not read back yet show at once.
 * Fed by `VisitManager` from the plan record and the plan's verdict records.
 */
export class VisitFollowUp {
  #active = $state(false);
  #targets = $state.raw<readonly FollowUpTarget[]>(NO_TARGETS);
  #verdicts = $state.raw<VerdictMap>(NO_VERDICTS);
  #taps = $state.raw<VerdictTaps>(NO_VERDICT_TAPS);
  readonly #deps: VisitFollowUpDeps;

  readonly #shown = $derived(withVerdictTaps(this.#verdicts, this.#taps));
  readonly #progress = $derived(followUpProgress(this.#targets, this.#shown));
  readonly #missing = $derived(missingVerdicts(this.#targets, this.#shown));
  readonly #detached = $derived(detachedVerdicts(this.#targets, this.#shown));

  constructor(deps: VisitFollowUpDeps) {
    this.#deps = deps;
  }

  /** The visit's plan record (undefined: not on the device). */
  takePlan(plan: SyncRecord | null | undefined): void {
    this.#active = plan?.fields.kind === 'follow_up';
    const targets = followUpTargets(plan);
    this.#targets = targets.length === 0 ? NO_TARGETS : targets;
  }

  /** The plan's verdict records (every visit's); this visit's are kept. */
  takeVerdicts(rows: readonly SyncRecord[], inspectionId: string): void {
    this.#verdicts = readVerdicts(rows, inspectionId);
    this.#taps = settleVerdictTaps(this.#taps, this.#verdicts);
  }

  reset(): void {
    this.#active = false;
    this.#targets = NO_TARGETS;
    this.#verdicts = NO_VERDICTS;
    this.#taps = NO_VERDICT_TAPS;
  }

  /** The visit belongs to a 回头看 plan: the screen shows the 回头看 section. */
  get active(): boolean {
    return this.#active;
  }

  /** What to judge, in the server's order: ledger items first, then findings. */
  get targets(): readonly FollowUpTarget[] {
    return this.#targets;
  }

  get progress(): FollowUpProgress {
    return this.#progress;
  }

  /** Targets without a verdict yet: each blocks submission. */
  get missing(): readonly VerdictIssue[] {
    return this.#missing;
  }

  /** Verdicts of this visit on targets the plan no longer lists (closed meanwhile, say). */
  get detached(): readonly VerdictView[] {
    return this.#detached;
  }

  /** The evidence lists of this visit's verdicts, as shown. */
  get evidenceLists(): string[][] {
    return [...this.#shown.values()].map((v) => v.evidence);
  }

  verdictOf(target: FollowUpTarget): VerdictView {
    return this.#shown.get(targetKey(target)) ?? emptyVerdict(target);
  }

  /** The verdict record of a target has changes the server has not confirmed yet. */
  isUnsynced(target: FollowUpTarget): boolean {
    const id = this.#deps.inspectionId();
    return (
      id !== null && this.#deps.unsynced('verdict', verdictRecordId(id, target.kind, target.id))
    );
  }

  #where(target: FollowUpTarget) {
    const inspectionId = this.#deps.inspectionId();
    return inspectionId ? { inspectionId, targetKind: target.kind, targetId: target.id } : null;
  }

  #tapped<K extends 'verdict' | 'evidence'>(target: FollowUpTarget, field: K) {
    const tap = this.#taps.get(targetKey(target));
    return tap && field in tap ? { value: tap[field] } : null;
  }

  /** 整改到位 / 部分整改 / 未整改 / 反弹, or null to clear the verdict. */
  async judge(target: FollowUpTarget, verdict: FollowUpVerdict | null): Promise<VisitResult> {
    const where = this.#where(target);
    if (!where || !this.#deps.editable())
      return this.#report({ ok: false, reason: 'sync.inspection_locked' });
    const tapped = this.#tapped(target, 'verdict');
    const base: JsonValue = tapped
      ? (tapped.value ?? null)
      : (this.#verdicts.get(targetKey(target))?.raw.verdict ?? null);
    const key = targetKey(target);
    this.#taps = tapVerdict(this.#taps, key, { verdict });
    const out = await this.#deps.service.verdict(where, { verdict }, { verdict: base });
    if (!out.ok) this.#taps = untapVerdict(this.#taps, key, 'verdict');
    return this.#report(out);
  }

  /** The comment as typed (autosaved), with the base its field kept. */
  saveComment(target: FollowUpTarget, text: string, base: JsonValue): void {
    const where = this.#where(target);
    if (!where) return;
    void this.#deps.service
      .verdict(where, { comment: text }, { comment: base })
      .then((out) => this.#report(out));
  }

  /** A photo or file just stored on the device becomes evidence of the verdict. */
  async addEvidence(target: FollowUpTarget, sha256: string): Promise<VisitResult> {
    const where = this.#where(target);
    if (!where) return this.#report({ ok: false, reason: 'common.not_found' });
    const key = targetKey(target);
    const tapped = this.#tapped(target, 'evidence');
    const stored = this.#verdicts.get(key);
    const current = tapped ? (tapped.value ?? []) : (stored?.evidence ?? []);
    if (current.includes(sha256)) return { ok: true };
    const base: JsonValue = tapped ? current : (stored?.raw.evidence ?? null);
    const evidence = [...current, sha256];
    this.#taps = tapVerdict(this.#taps, key, { evidence });
    const out = await this.#deps.service.verdict(where, { evidence }, { evidence: base });
    if (!out.ok) this.#taps = untapVerdict(this.#taps, key, 'evidence');
    return this.#report(out);
  }

  #report(out: VisitResult): VisitResult {
    this.#deps.report(out);
    return out;
  }
}
