import {
  isInspectionEditable,
  templateRecordId,
  recordKey,
  type AnswerValue,
  type JsonValue,
  type MessageKey,
  type ScoreSheet,
  type SyncEntityType,
  type SyncRecord,
  type TemplateItem,
} from '@ducha/shared';
import type { LocalStore } from '$lib/sync/local-store';
import { recordById, recordsOfPlan, unsyncedKeys } from '$lib/sync/local-queries';
import { splitByVisit, teamDirectory, visitScope, type ConflictScope } from './conflicts';
import { cachedPlanRow } from './team-directory';
import { VisitConflicts } from './visit-conflicts.svelte';
import { VisitFollowUp } from './visit-follow-up.svelte';
import {
  changedFields,
  draftToFields,
  type FindingDraft,
  type FindingProblem,
} from './finding-draft';
import {
  NO_ANSWERS,
  NO_CACHE,
  NO_EVIDENCE_TAPS,
  NO_KEYS,
  NO_TAPS,
  evidencePatch,
  readAnswers,
  removeEvidencePatch,
  settleEvidenceTaps,
  settleTaps,
  tap,
  tapEvidence,
  untap,
  untapEvidence,
  withEvidenceTaps,
  withTaps,
  type AnswerCache,
  type EvidenceTaps,
  type Taps,
} from './answer-state';
import type { NoPlaceReason } from './geolocation';
import { LiveSubscriptions } from './live-subscriptions';
import type { CreatedResult, VisitResult, VisitService } from './visit.service';
import {
  findingView,
  inspectionView,
  newestFirst,
  noteView,
  planView,
  templateView,
  unitView,
  type AnswerView,
  type FindingView,
  type InspectionView,
  type NoteView,
  type PlanView,
  type TemplateView,
  type UnitView,
} from './visit-records';
import {
  commentCountBySection,
  commentedItems,
  commentsByItem,
  itemIndex,
  nextUnanswered,
  referencedEvidence,
  sheetFor,
  submitIssues,
  type CommentedItem,
  type SubmitIssue,
} from './visit-rules';
import { byChineseName } from '$lib/format/compare';

export interface VisitDeps {
  store: () => LocalStore | null;
  service: VisitService;
  /** The signed-in user's id: whose work a conflict notice speaks of as "yours". */
  me?: () => string | null;
}

export type FindingSaveResult =
  CreatedResult | { ok: false; reason: 'invalid'; problems: FindingProblem[] };

/**
 * One visit (检查) on the phone: everything it shows is read live from the device's records, and
 * every change is a local mutation. Answers tapped but not yet read back are shown at once (and
 * are the base of a second tap), so a quick change of mind is never a false conflict.
 */
export class VisitManager {
  #inspection = $state.raw<InspectionView | null>(null);
  #loaded = $state(false);
  #plan = $state.raw<PlanView | null>(null);
  #unit = $state.raw<UnitView | null>(null);
  #template = $state.raw<TemplateView | null>(null);
  #templateLoaded = $state(false);
  #answers = $state.raw<ReadonlyMap<string, AnswerView>>(NO_ANSWERS);
  #tapped = $state.raw<Taps>(NO_TAPS);
  #evidenceTapped = $state.raw<EvidenceTaps>(NO_EVIDENCE_TAPS);
  #notes = $state.raw<NoteView[]>([]);
  #findings = $state.raw<FindingView[]>([]);
  /** SHA-256s of the signatures of this visit's 约谈 records. */
  #signatures = $state.raw<string[]>([]);
  #units = $state.raw<UnitView[]>([]);
  /** Keys of the plan's notes and findings that are not this visit's. */
  #otherNotes = $state.raw<ReadonlySet<string>>(NO_KEYS);
  #otherFindings = $state.raw<ReadonlySet<string>>(NO_KEYS);
  #unsynced = $state.raw<ReadonlySet<string>>(NO_KEYS);
  #error = $state<MessageKey | null>(null);
  #submitting = $state(false);
  #noPlace = $state<{ inspectionId: string; reason: NoPlaceReason } | null>(null);
  #answerCache: AnswerCache = NO_CACHE;
  readonly #subs = new LiveSubscriptions();
  readonly #deps: VisitDeps;

  /** Answers with taps not yet read back applied on top. */
  readonly #shown = $derived(
    withTaps(withEvidenceTaps(this.#answers, this.#evidenceTapped), this.#tapped),
  );

  readonly #sheet = $derived.by(() =>
    this.#template ? sheetFor(this.#template, this.#shown) : null,
  );

  readonly #issues = $derived.by(() =>
    this.#inspection
      ? submitIssues({
          status: this.#inspection.status,
          template: this.#template,
          answers: this.#shown,
          findings: this.#findings,
          unjudged: this.followUp.missing,
        })
      : [],
  );

  readonly #items = $derived(this.#template ? itemIndex(this.#template) : null);

  readonly #referenced = $derived.by(() =>
    referencedEvidence([
      ...[...this.#shown.values()].map((a) => a.evidence),
      ...this.#findings.map((f) => f.evidence),
      ...this.followUp.evidenceLists,
      this.#signatures,
    ]),
  );

  readonly #comments = $derived.by(() =>
    commentsByItem(this.#inspection?.status === 'returned' ? this.#inspection.reviewComments : []),
  );

  readonly #commented = $derived.by(() =>
    this.#template ? commentedItems(this.#template, this.#comments) : [],
  );

  readonly #sectionComments = $derived(commentCountBySection(this.#commented));

  readonly #conflictScope = $derived.by((): ConflictScope | null => {
    const inspection = this.#inspection;
    if (!inspection) return null;
    return visitScope(inspection.id, this.#notes, this.#findings, [
      this.#otherNotes,
      this.#otherFindings,
    ]);
  });

  /** Offline conflicts of this visit's answers, notes and findings, with 恢复 / 保留当前. */
  readonly conflicts: VisitConflicts;

  /** 回头看: the targets of a follow-up plan and this visit's verdicts on them. */
  readonly followUp: VisitFollowUp;

  constructor(deps: VisitDeps) {
    this.#deps = deps;
    this.conflicts = new VisitConflicts({
      service: deps.service,
      me: deps.me ?? (() => null),
      scope: () => this.#conflictScope,
      editable: () => this.editable,
      report: (out) => (this.#error = out.ok ? null : out.reason),
    });
    this.followUp = new VisitFollowUp({
      service: deps.service,
      inspectionId: () => this.#inspection?.id ?? null,
      editable: () => this.editable,
      unsynced: (type, id) => this.isUnsynced(type, id),
      report: (out) => (this.#error = out.ok ? null : out.reason),
    });
  }

  get inspection(): InspectionView | null {
    return this.#inspection;
  }

  /** The first read from the device is done: a missing visit is really missing. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get plan(): PlanView | null {
    return this.#plan;
  }

  get unit(): UnitView | null {
    return this.#unit;
  }

  get template(): TemplateView | null {
    return this.#template;
  }

  /** The template was looked for on the device (null `template` then means: not synced yet). */
  get templateLoaded(): boolean {
    return this.#templateLoaded;
  }

  get answers(): ReadonlyMap<string, AnswerView> {
    return this.#shown;
  }

  answerOf(itemId: string): AnswerView | undefined {
    return this.#shown.get(itemId);
  }

  get sheet(): ScoreSheet | null {
    return this.#sheet;
  }

  /** What blocks submission; empty when the visit may be submitted. */
  get issues(): readonly SubmitIssue[] {
    return this.#issues;
  }

  /** Notes on the visit and on items, newest first. */
  get notes(): readonly NoteView[] {
    return this.#notes;
  }

  notesOf(itemId: string | null): NoteView[] {
    return this.#notes.filter((n) => n.itemId === itemId);
  }

  /** This visit's findings, newest first. */
  get findings(): readonly FindingView[] {
    return this.#findings;
  }

  /**
   * Files already evidence of something in the visit (an item, a finding, a verdict, a 约谈's
   * signature); the visit's other attachments are its own photos and files.
   */
  get referencedEvidence(): ReadonlySet<string> {
    return this.#referenced;
  }

  /** Units known on the device, for "units concerned". */
  get units(): readonly UnitView[] {
    return this.#units;
  }

  /** A checklist item of the visit's template, with its section. */
  itemOf(itemId: string): { sectionId: string; item: TemplateItem } | undefined {
    return this.#items?.get(itemId);
  }

  /** A unit's name, when the device knows the unit. */
  unitName(unitId: string): string | undefined {
    return this.#units.find((u) => u.id === unitId)?.name;
  }

  /** A returned visit's reviewer comments by item id (null: the visit as a whole). */
  commentsOf(itemId: string | null): readonly string[] {
    return this.#comments.get(itemId) ?? [];
  }

  /** A returned visit's commented items, in checklist order, with their comments. */
  get commentedItems(): readonly CommentedItem[] {
    return this.#commented;
  }

  /** How many reviewer comments the items of a section have. */
  sectionComments(sectionId: string): number {
    return this.#sectionComments.get(sectionId) ?? 0;
  }

  /** Draft or returned: the team may change it. Submitted visits are read-only until returned. */
  get editable(): boolean {
    return this.#inspection !== null && isInspectionEditable(this.#inspection.status);
  }

  /**
   * The visit was just started without a position: why (told once on the visit screen). Set by
   * the plan screen before it navigates here.
   */
  get noPlaceReason(): NoPlaceReason | null {
    const n = this.#noPlace;
    return n && n.inspectionId === this.#inspection?.id ? n.reason : null;
  }

  announceNoPlace(inspectionId: string, reason: NoPlaceReason | null): void {
    this.#noPlace = reason ? { inspectionId, reason } : null;
  }

  get submitting(): boolean {
    return this.#submitting;
  }

  /** The reason of the last change the device refused (shown until the next change). */
  get error(): MessageKey | null {
    return this.#error;
  }

  dismissError(): void {
    this.#error = null;
  }

  /** The "not yet synced" mark of one record. */
  isUnsynced(type: SyncEntityType, id: string): boolean {
    return this.#unsynced.has(recordKey(type, id));
  }

  /** The answer record of an item: `answer/${inspectionId}:${itemId}`. */
  isAnswerUnsynced(itemId: string): boolean {
    const id = this.#inspection?.id;
    return id !== undefined && this.#unsynced.has(recordKey('answer', `${id}:${itemId}`));
  }

  nextUnanswered(afterItemId: string | null = null): { itemId: string; sectionId: string } | null {
    return this.#template ? nextUnanswered(this.#template, this.#shown, afterItemId) : null;
  }

  open(inspectionId: string): () => void {
    this.#subs.stopAll();
    this.#reset();
    const store = this.#deps.store();
    if (!store) return () => undefined;
    const db = store.db;
    this.#subs.follow(
      'inspection',
      inspectionId,
      () => recordById(db, 'inspection', inspectionId),
      (r) => {
        const inspection = r ? inspectionView(r) : null;
        this.#inspection = inspection;
        this.#loaded = true;
        if (inspection) this.#followPlan(store, inspection);
      },
      () => (this.#loaded = true),
    );
    this.#subs.follow(
      'unsynced',
      '',
      () => unsyncedKeys(db),
      (keys) => (this.#unsynced = keys),
    );
    this.#subs.follow(
      'units',
      '',
      () => recordsOfPlan(db, 'unit', null),
      (rows) => (this.#units = rows.map(unitView).sort((a, b) => byChineseName(a.name, b.name))),
    );
    return () => this.#subs.stopAll();
  }

  #reset(): void {
    this.#inspection = null;
    this.#loaded = false;
    this.#plan = null;
    this.#unit = null;
    this.#template = null;
    this.#templateLoaded = false;
    this.#answers = NO_ANSWERS;
    this.#answerCache = NO_CACHE;
    this.#tapped = NO_TAPS;
    this.#evidenceTapped = NO_EVIDENCE_TAPS;
    this.#notes = [];
    this.#findings = [];
    this.#signatures = [];
    this.#otherNotes = NO_KEYS;
    this.#otherFindings = NO_KEYS;
    this.#error = null;
    this.conflicts.reset();
    this.followUp.reset();
  }

  #followPlan(store: LocalStore, inspection: InspectionView): void {
    const db = store.db;
    const planId = inspection.planId;
    const id = inspection.id;
    this.#subs.follow(
      'plan',
      planId,
      () => recordById(db, 'plan', planId),
      (r) => {
        this.#plan = r ? planView(r) : null;
        this.followUp.takePlan(r);
        const unitId = this.#plan?.targetUnitId ?? null;
        if (unitId) {
          this.#subs.follow(
            'unit',
            unitId,
            () => recordById(db, 'unit', unitId),
            (u) => (this.#unit = u ? unitView(u) : null),
          );
        }
      },
    );
    const templateId = templateRecordId(inspection.templateId, inspection.templateVersion);
    this.#subs.follow(
      'template',
      templateId,
      () => recordById(db, 'template', templateId),
      (r) => {
        this.#template = r ? templateView(r) : null;
        this.#templateLoaded = true;
      },
    );
    this.#subs.follow(
      'answers',
      planId,
      () => recordsOfPlan(db, 'answer', planId),
      (rows) => this.#takeAnswers(rows.filter((r) => r.fields.inspectionId === id)),
    );
    this.#subs.follow(
      'notes',
      planId,
      () => recordsOfPlan(db, 'note', planId),
      (rows) => {
        const { mine, others } = splitByVisit(rows, id);
        this.#notes = newestFirst(mine.map(noteView), (n) => n.createdAt);
        this.#otherNotes = others;
      },
    );
    this.#subs.follow(
      'findings',
      planId,
      () => recordsOfPlan(db, 'finding', planId),
      (rows) => {
        const { mine, others } = splitByVisit(rows, id);
        this.#findings = newestFirst(mine.map(findingView), (f) => f.createdAt);
        this.#otherFindings = others;
      },
    );
    this.#subs.follow(
      'talks',
      planId,
      () => recordsOfPlan(db, 'talk', planId),
      (rows) =>
        (this.#signatures = rows.flatMap((r) =>
          r.fields.inspectionId === id && typeof r.fields.signatureSha256 === 'string'
            ? [r.fields.signatureSha256]
            : [],
        )),
    );
    this.#subs.follow(
      'verdicts',
      planId,
      () => recordsOfPlan(db, 'verdict', planId),
      (rows) => this.followUp.takeVerdicts(rows, id),
    );
    this.#subs.follow(
      'conflicts',
      planId,
      () => recordsOfPlan(db, 'conflict', planId),
      (rows) => this.conflicts.take(rows),
    );
    this.#subs.follow(
      'team',
      planId,
      () => cachedPlanRow(db, planId),
      (row) => this.conflicts.takeNames(teamDirectory(row)),
    );
  }

  #takeAnswers(rows: SyncRecord[]): void {
    const { cache, answers } = readAnswers(this.#answerCache, rows);
    this.#answerCache = cache;
    this.#answers = answers;
    this.#tapped = settleTaps(this.#tapped, answers);
    this.#evidenceTapped = settleEvidenceTaps(this.#evidenceTapped, answers);
  }

  async #run<T extends VisitResult | CreatedResult>(work: Promise<T>): Promise<T> {
    const out = await work;
    this.#error = out.ok ? null : out.reason;
    return out;
  }

  /** Sets (or clears, with null) an item's answer; the base is what the screen showed. */
  async answer(itemId: string, value: AnswerValue | null): Promise<VisitResult> {
    const id = this.#inspection?.id;
    if (!id) return { ok: false, reason: 'common.not_found' };
    const shown = this.#shown.get(itemId);
    const base: JsonValue = this.#tapped.has(itemId)
      ? (this.#tapped.get(itemId) ?? null)
      : ((shown?.raw.answer as JsonValue) ?? null);
    this.#tapped = tap(this.#tapped, itemId, value);
    const out = await this.#run(this.#deps.service.answer(id, itemId, { value, base }));
    if (!out.ok) this.#tapped = untap(this.#tapped, itemId);
    return out;
  }

  /** Saves a typed answer (text, number, score) with the base the text field kept. */
  saveTypedAnswer(itemId: string, value: AnswerValue | null, base: JsonValue): void {
    const id = this.#inspection?.id;
    if (!id) return;
    void this.#run(this.#deps.service.answer(id, itemId, { value, base }));
  }

  /** A photo or file just stored on the device becomes evidence of the item's answer. */
  async addEvidence(itemId: string, sha256: string): Promise<VisitResult> {
    const id = this.#inspection?.id;
    if (!id) return { ok: false, reason: 'common.not_found' };
    const patch = evidencePatch(
      this.#answers.get(itemId),
      this.#evidenceTapped.get(itemId),
      sha256,
    );
    if (!patch) return { ok: true };
    this.#evidenceTapped = tapEvidence(this.#evidenceTapped, itemId, patch.evidence);
    const out = await this.#run(
      this.#deps.service.evidence(id, itemId, { value: patch.evidence, base: patch.base }),
    );
    if (!out.ok) this.#evidenceTapped = untapEvidence(this.#evidenceTapped, itemId);
    return out;
  }

  /** Takes a file off the item's evidence; the attachment itself stays on the device. */
  async removeEvidence(itemId: string, sha256: string): Promise<VisitResult> {
    const id = this.#inspection?.id;
    if (!id) return { ok: false, reason: 'common.not_found' };
    const patch = removeEvidencePatch(
      this.#answers.get(itemId),
      this.#evidenceTapped.get(itemId),
      sha256,
    );
    if (!patch) return { ok: true };
    this.#evidenceTapped = tapEvidence(this.#evidenceTapped, itemId, patch.evidence);
    const out = await this.#run(
      this.#deps.service.evidence(id, itemId, { value: patch.evidence, base: patch.base }),
    );
    if (!out.ok) this.#evidenceTapped = untapEvidence(this.#evidenceTapped, itemId);
    return out;
  }

  saveRemark(itemId: string, text: string, base: JsonValue): void {
    const id = this.#inspection?.id;
    if (!id) return;
    void this.#run(this.#deps.service.remark(id, itemId, { value: text, base }));
  }

  async addNote(itemId: string | null, text: string): Promise<CreatedResult> {
    const id = this.#inspection?.id;
    if (!id) return { ok: false, reason: 'common.not_found' };
    if (text.trim() === '') return { ok: false, reason: 'common.validation_failed' };
    return this.#run(this.#deps.service.addNote(id, itemId, text.trim()));
  }

  async updateNote(note: NoteView, text: string, base: JsonValue): Promise<VisitResult> {
    if (text.trim() === '') return { ok: false, reason: 'common.validation_failed' };
    return this.#run(this.#deps.service.updateNote(note.id, { value: text.trim(), base }));
  }

  async deleteNote(note: NoteView): Promise<VisitResult> {
    return this.#run(this.#deps.service.deleteNote(note.id, note.version));
  }

  /** A finding of this visit, from a failed item (`itemId`) or on its own (null). */
  async createFinding(draft: FindingDraft, itemId: string | null): Promise<FindingSaveResult> {
    const inspection = this.#inspection;
    const unitId = this.#plan?.targetUnitId;
    if (!inspection || !unitId) return { ok: false, reason: 'common.not_found' };
    const parsed = draftToFields(draft);
    if (!parsed.ok) return { ok: false, reason: 'invalid', problems: parsed.problems };
    return this.#run(
      this.#deps.service.createFinding(
        { planId: inspection.planId, inspectionId: inspection.id, itemId, unitId },
        parsed.fields,
      ),
    );
  }

  /** Sends only what changed, each field with the value this screen showed. */
  async updateFinding(finding: FindingView, draft: FindingDraft): Promise<FindingSaveResult> {
    const parsed = draftToFields(draft);
    if (!parsed.ok) return { ok: false, reason: 'invalid', problems: parsed.problems };
    const set = changedFields(finding.raw, parsed.fields);
    if (Object.keys(set).length === 0) return { ok: true, id: finding.id };
    const out = await this.#run(this.#deps.service.updateFinding(finding.id, set, finding.raw));
    return out.ok ? { ok: true, id: finding.id } : out;
  }

  async deleteFinding(finding: FindingView): Promise<VisitResult> {
    return this.#run(this.#deps.service.deleteFinding(finding.id, finding.version));
  }

  /** Submits for review when nothing blocks it; the visit is then read-only until returned. */
  async submit(): Promise<VisitResult | { ok: false; reason: 'incomplete' }> {
    const inspection = this.#inspection;
    if (!inspection) return { ok: false, reason: 'common.not_found' };
    if (this.#issues.length > 0) return { ok: false, reason: 'incomplete' };
    this.#submitting = true;
    try {
      return await this.#run(this.#deps.service.submit(inspection.id));
    } finally {
      this.#submitting = false;
    }
  }
}
