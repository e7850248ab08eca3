import {
  isInspectionEditable,
  jsonEqual,
  recordKey,
  type JsonValue,
  type SyncRecord,
  type TalkSignProblem,
} from '@ducha/shared';
import type { EvidenceRefusal, EvidenceService } from '$lib/media/evidence.service';
import type { LocalStore } from '$lib/sync/local-store';
import { recordById, unsyncedKeys } from '$lib/sync/local-queries';
import { NO_KEYS } from '$lib/visit/answer-state';
import { LiveSubscriptions } from '$lib/visit/live-subscriptions';
import type { VisitResult } from '$lib/visit/visit.service';
import { inspectionView, type InspectionView } from '$lib/visit/visit-records';
import { fromLocalInput } from './talk-format';
import {
  talkView,
  type CommitmentView,
  type ExchangeView,
  type ParticipantView,
  type TalkField,
  type TalkView,
} from './talk-records';
import {
  MAX_LONG,
  MAX_NAME,
  appendTo,
  commitmentFromDraft,
  exchangeFromDraft,
  isDay,
  isRole,
  participantFromDraft,
  removeAt,
  setIn,
  signIssues,
  type CommitmentDraft,
  type DraftProblem,
  type ExchangeDraft,
  type ListPatch,
  type ParticipantDraft,
} from './talk-rules';
import type { TalkService } from './talk.service';

export interface TalkDeps {
  store: () => LocalStore | null;
  service: TalkService;
  /** Where the signature image goes: the app's attachment flow. */
  signatures: Pick<EvidenceService, 'addSignature' | 'open' | 'download'>;
}

export type TalkResult = VisitResult | { ok: false; reason: 'invalid'; problem: DraftProblem };

export type SignResult =
  | { ok: true }
  | { ok: false; reason: 'incomplete'; problems: TalkSignProblem[] }
  | { ok: false; reason: EvidenceRefusal };

type Overlay = Partial<Record<TalkField, JsonValue>>;
const NO_OVERLAY: Overlay = {};

/**
 * One 约谈 record on the phone (廉政谈话备忘录): read live from the device, every change a local
 * `talk.update` of one field. A change is shown at once (and is what the next change builds on)
 * until the device reads it back, so two quick edits of one list never undo each other.
 */
export class TalkManager {
  #record = $state.raw<SyncRecord | null>(null);
  #overlay = $state.raw<Overlay>(NO_OVERLAY);
  #loaded = $state(false);
  #inspection = $state.raw<InspectionView | null>(null);
  #unitName = $state<string | null>(null);
  #unsynced = $state.raw<ReadonlySet<string>>(NO_KEYS);
  #error = $state<EvidenceRefusal | null>(null);
  #signing = $state(false);
  readonly #subs = new LiveSubscriptions();
  readonly #deps: TalkDeps;

  readonly #talk = $derived.by((): TalkView | null => {
    const r = this.#record;
    if (!r) return null;
    return talkView({ ...r, fields: { ...r.fields, ...this.#overlay } });
  });

  readonly #issues = $derived(this.#talk ? signIssues(this.#talk) : []);

  constructor(deps: TalkDeps) {
    this.#deps = deps;
  }

  /** The record with this device's changes not yet read back applied. */
  get talk(): TalkView | null {
    return this.#talk;
  }

  /** The first read is done: a missing record is really missing. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get inspection(): InspectionView | null {
    return this.#inspection;
  }

  get unitName(): string | null {
    return this.#unitName;
  }

  get signed(): boolean {
    return this.#talk?.signatureSha256 != null;
  }

  /** Unsigned, in a visit still open: the team may change it. Signed, it is final. */
  get editable(): boolean {
    const t = this.#talk;
    const v = this.#inspection;
    return t !== null && !this.signed && v !== null && isInspectionEditable(v.status);
  }

  /** What keeps it from being signed (empty: it may be). */
  get issues(): readonly TalkSignProblem[] {
    return this.#issues;
  }

  get unsynced(): boolean {
    const t = this.#talk;
    return t !== null && this.#unsynced.has(recordKey('talk', t.id));
  }

  get signing(): boolean {
    return this.#signing;
  }

  /** Why the last change was refused (kept until the next change or `dismissError`). */
  get error(): EvidenceRefusal | null {
    return this.#error;
  }

  dismissError(): void {
    this.#error = null;
  }

  open(talkId: string): () => void {
    this.#subs.stopAll();
    this.#record = null;
    this.#overlay = NO_OVERLAY;
    this.#loaded = false;
    this.#inspection = null;
    this.#unitName = null;
    this.#error = null;
    const store = this.#deps.store();
    if (!store) return () => undefined;
    const db = store.db;
    this.#subs.follow(
      'talk',
      talkId,
      () => recordById(db, 'talk', talkId),
      (r) => {
        this.#take(r ?? null);
        this.#loaded = true;
        const inspectionId =
          typeof r?.fields.inspectionId === 'string' ? r.fields.inspectionId : '';
        const unitId = typeof r?.fields.unitId === 'string' ? r.fields.unitId : '';
        this.#subs.follow(
          'inspection',
          inspectionId,
          () => recordById(db, 'inspection', inspectionId),
          (v) => (this.#inspection = v ? inspectionView(v) : null),
        );
        this.#subs.follow(
          'unit',
          unitId,
          () => recordById(db, 'unit', unitId),
          (u) => (this.#unitName = typeof u?.fields.name === 'string' ? u.fields.name : null),
        );
      },
      () => (this.#loaded = true),
    );
    this.#subs.follow(
      'unsynced',
      '',
      () => unsyncedKeys(db),
      (keys) => (this.#unsynced = keys),
    );
    return () => this.#subs.stopAll();
  }

  /** A record read back: changes of this device it now shows need no overlay any more. */
  #take(r: SyncRecord | null): void {
    this.#record = r;
    if (!r) return;
    const keep: Overlay = {};
    for (const [field, value] of Object.entries(this.#overlay) as [TalkField, JsonValue][]) {
      if (!jsonEqual(r.fields[field], value)) keep[field] = value;
    }
    if (Object.keys(keep).length !== Object.keys(this.#overlay).length) this.#overlay = keep;
  }

  async #patch(field: TalkField, next: JsonValue, base: JsonValue): Promise<TalkResult> {
    const t = this.#talk;
    if (!t) return { ok: false, reason: 'common.not_found' };
    if (!this.editable) return { ok: false, reason: this.#lockedReason() };
    this.#overlay = { ...this.#overlay, [field]: next };
    const out = await this.#deps.service.update(t.id, field, next, base);
    if (!out.ok) {
      if (this.#overlay[field] === next) {
        const { [field]: _dropped, ...rest } = this.#overlay;
        this.#overlay = rest;
      }
      this.#error = out.reason;
    } else {
      this.#error = null;
    }
    return out;
  }

  #lockedReason() {
    return this.signed ? ('sync.talk_signed' as const) : ('sync.inspection_locked' as const);
  }

  #list(field: 'participants' | 'exchanges' | 'commitments', p: ListPatch): Promise<TalkResult> {
    return this.#patch(field, p.next, p.base);
  }

  /* ------------------------------------------------------------ basics */

  /** Autosave of 谈话地点: returns what it stored, or false (too long). */
  savePlace(text: string, base: JsonValue): JsonValue | false {
    if (text.length > MAX_NAME) return false;
    void this.#patch('place', text, base);
    return text;
  }

  /** 谈话时间 from a datetime-local input (the device's time zone). */
  async setHeldAt(localValue: string): Promise<TalkResult> {
    const t = this.#talk;
    const iso = fromLocalInput(localValue);
    if (!t) return { ok: false, reason: 'common.not_found' };
    if (iso === null) return { ok: false, reason: 'common.validation_failed' };
    return this.#patch('heldAt', iso, t.raw.heldAt);
  }

  /* ------------------------------------------------------------ participants */

  async addParticipant(draft: ParticipantDraft): Promise<TalkResult> {
    const t = this.#talk;
    if (!t) return { ok: false, reason: 'common.not_found' };
    const built = participantFromDraft(draft);
    if (!built.ok) return { ok: false, reason: 'invalid', problem: built.problem };
    return this.#list('participants', appendTo(t.participants, t.raw.participants, built.value));
  }

  /** Autosave of a participant's name or position; a name may not be emptied. */
  saveParticipant(
    index: number,
    key: 'name' | 'position',
    text: string,
    seen: JsonValue,
  ): JsonValue | false {
    const t = this.#talk;
    const value = text.trim();
    if (!t || (key === 'name' && value === '') || value.length > MAX_NAME) return false;
    void this.#list(
      'participants',
      setIn(t.participants, t.raw.participants, index, key, value, seen),
    );
    return value;
  }

  async setParticipantRole(index: number, role: string): Promise<TalkResult> {
    const t = this.#talk;
    const current = t?.participants[index];
    if (!t || !current) return { ok: false, reason: 'common.not_found' };
    if (!isRole(role)) return { ok: false, reason: 'common.validation_failed' };
    return this.#list(
      'participants',
      setIn<ParticipantView>(t.participants, t.raw.participants, index, 'role', role, current.role),
    );
  }

  /** Someone leaves the list; the record keeps at least one person. */
  async removeParticipant(index: number): Promise<TalkResult> {
    const t = this.#talk;
    if (!t || !t.participants[index]) return { ok: false, reason: 'common.not_found' };
    if (t.participants.length <= 1) return { ok: false, reason: 'common.validation_failed' };
    return this.#list('participants', removeAt(t.participants, t.raw.participants, index));
  }

  /* ------------------------------------------------------------ 问答 */

  async addExchange(draft: ExchangeDraft): Promise<TalkResult> {
    const t = this.#talk;
    if (!t) return { ok: false, reason: 'common.not_found' };
    const built = exchangeFromDraft(draft);
    if (!built.ok) return { ok: false, reason: 'invalid', problem: built.problem };
    return this.#list(
      'exchanges',
      appendTo<ExchangeView>(t.exchanges, t.raw.exchanges, built.value),
    );
  }

  /** Autosave of a question or an answer; a question may not be emptied. */
  saveExchange(
    index: number,
    key: 'question' | 'answer',
    text: string,
    seen: JsonValue,
  ): JsonValue | false {
    const t = this.#talk;
    if (!t || (key === 'question' && text.trim() === '') || text.length > MAX_LONG) return false;
    void this.#list(
      'exchanges',
      setIn<ExchangeView>(t.exchanges, t.raw.exchanges, index, key, text, seen),
    );
    return text;
  }

  async removeExchange(index: number): Promise<TalkResult> {
    const t = this.#talk;
    if (!t || !t.exchanges[index]) return { ok: false, reason: 'common.not_found' };
    return this.#list('exchanges', removeAt(t.exchanges, t.raw.exchanges, index));
  }

  /* ------------------------------------------------------------ 表态 */

  async addCommitment(draft: CommitmentDraft): Promise<TalkResult> {
    const t = this.#talk;
    if (!t) return { ok: false, reason: 'common.not_found' };
    const built = commitmentFromDraft(draft, this.#deps.service.newId());
    if (!built.ok) return { ok: false, reason: 'invalid', problem: built.problem };
    return this.#list(
      'commitments',
      appendTo<CommitmentView>(t.commitments, t.raw.commitments, built.value),
    );
  }

  /** Autosave of a 表态's text; it may not be emptied. */
  saveCommitmentText(index: number, text: string, seen: JsonValue): JsonValue | false {
    const t = this.#talk;
    if (!t || text.trim() === '' || text.length > MAX_LONG) return false;
    void this.#list(
      'commitments',
      setIn<CommitmentView>(t.commitments, t.raw.commitments, index, 'text', text, seen),
    );
    return text;
  }

  /** A 表态's deadline from a date input; empty: none. */
  async setCommitmentDeadline(index: number, day: string): Promise<TalkResult> {
    const t = this.#talk;
    const current = t?.commitments[index];
    if (!t || !current) return { ok: false, reason: 'common.not_found' };
    if (day !== '' && !isDay(day)) return { ok: false, reason: 'invalid', problem: 'deadline' };
    return this.#list(
      'commitments',
      setIn<CommitmentView>(
        t.commitments,
        t.raw.commitments,
        index,
        'deadline',
        day === '' ? null : day,
        current.deadline,
      ),
    );
  }

  async removeCommitment(index: number): Promise<TalkResult> {
    const t = this.#talk;
    if (!t || !t.commitments[index]) return { ok: false, reason: 'common.not_found' };
    return this.#list('commitments', removeAt(t.commitments, t.raw.commitments, index));
  }

  /* ------------------------------------------------------------ signing */

  /**
   * The person talked to signed on the phone: the image is stored like any attachment of the
   * visit (uploaded by the sync engine before the mutations that need it) and `talk.sign` makes
   * the record final. Refused, with what is missing, until the record may be signed.
   */
  async sign(png: Blob): Promise<SignResult> {
    const t = this.#talk;
    const visit = this.#inspection;
    if (!t || !visit) return { ok: false, reason: 'common.not_found' };
    if (!this.editable) return { ok: false, reason: this.#lockedReason() };
    const problems = signIssues(t);
    if (problems.length > 0) return { ok: false, reason: 'incomplete', problems };
    this.#signing = true;
    try {
      const stored = await this.#deps.signatures.addSignature(png, {
        inspectionId: visit.id,
        itemId: null,
      });
      if (!stored.ok) {
        this.#error = stored.reason;
        return stored;
      }
      const out = await this.#deps.service.sign(t.id, stored.sha256);
      this.#error = out.ok ? null : out.reason;
      return out;
    } finally {
      this.#signing = false;
    }
  }

  /** The signature image: from this device, else downloaded (null when neither works). */
  async signatureImage(): Promise<Blob | null> {
    const sha = this.#talk?.signatureSha256;
    if (!sha) return null;
    const local = await this.#deps.signatures.open(sha);
    if (local) return local;
    const fetched = await this.#deps.signatures.download(sha);
    return fetched.ok ? fetched.blob : null;
  }
}
