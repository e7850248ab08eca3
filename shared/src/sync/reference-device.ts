import type { MessageKey } from '../i18n/messages';
import type { ApplyContext } from './mutation-def';
import {
  applyMutation,
  createMutation,
  parseMutationArgs,
  type ApplyResult,
  type MutationArgsInput,
  type MutationName,
  type ParsedArgs,
} from './mutation-registry';
import {
  SYNC_SCHEMA_VERSION,
  type Change,
  type Mutation,
  type MutationResult,
  type MutationStatus,
  type PullOutcome,
  type PullRequestInput,
  type PushOutcome,
  type PushRequest,
} from './protocol';
import { claimsFor, recordDigest } from './record-digest';
import {
  recordKey,
  type RecordFields,
  type RecordView,
  type SyncEntityType,
  type SyncRecord,
} from './sync-record';

/** A record as a device holds it after a pull: no stamps, no tombstones. */
export interface ClientRecord {
  type: SyncEntityType;
  id: string;
  planId: string | null;
  version: number;
  fields: RecordFields;
}

export interface OutboxEntry {
  mutation: Mutation;
  /** The arguments at the current schema version, or why they cannot be applied locally. */
  parsed: ParsedArgs;
  result?: MutationResult;
}

/**
 * A device: pulled records (`confirmed`), the outbox, and the sync position — what the Dexie
 * database persists. What the user sees is `view()`: the confirmed records with every pending
 * mutation replayed on top, so a save shows at once and survives any later pull (rebase).
 */
export class ReferenceDevice {
  readonly confirmed = new Map<string, ClientRecord>();
  cursor: string | null = null;
  /** From the last complete pull: mutations up to here are reflected in `confirmed`. */
  pulledLastMutationId = 0;
  /** Pages of a pull in progress, and the position they reached. */
  private staging: { cursor: string; changes: Change[] } | null = null;
  /** Cleared when an `own` record did not match this device's copy, until a pull succeeds. */
  private elideOwn = true;
  /** Pulls that had to be made again whole because an `own` record did not match. */
  ownMismatches = 0;
  readonly outbox: OutboxEntry[] = [];
  /** Rejected mutations with their reasons, kept to show the user what did not go through. */
  readonly rejected: { mutation: Mutation; reason: MessageKey }[] = [];
  /** Every server result received, by mutation id. */
  readonly settled = new Map<number, MutationStatus>();
  private lastId = 0;
  /** Highest id sent in the current run of pushes; in memory only, lost on restart. */
  private sentUpTo = 0;

  constructor(
    readonly deviceId: string,
    readonly userId: string,
  ) {}

  get lastMutationId(): number {
    return this.lastId;
  }

  get pendingCount(): number {
    return this.outbox.filter((e) => !e.result).length;
  }

  /**
   * The user acts: validate, apply to the local view, number, append to the outbox (one local
   * transaction). An intent the local handler refuses (the visit is already submitted here, the
   * note is gone) is refused at once and never queued: otherwise the user would have typed
   * something the screen never showed, which the server might still apply.
   */
  mutate<N extends MutationName>(
    name: N,
    args: MutationArgsInput<N>,
    clientTime: string,
  ): { ok: true; mutation: Mutation } | { ok: false; reason: MessageKey } {
    const made = createMutation(name, args, { id: this.lastId + 1, clientTime });
    const local = this.applyLocally(name, made, this.view());
    if (local.status === 'rejected') return { ok: false, reason: local.reason };
    // What this run wrote, claimed to the server (this model still checks every `own` digest).
    const digests = claimsFor(local.writes);
    const mutation = digests ? { ...made, digests } : made;
    this.enqueue(mutation);
    return { ok: true, mutation };
  }

  /**
   * A mutation as another app version wrote it (an older outbox entry, a buggy client): numbered
   * like any other. Arguments this version understands get the local check of `mutate`; others
   * are queued for the server to judge, and reject.
   */
  enqueueRaw(
    raw: Omit<Mutation, 'id'>,
  ): { ok: true; mutation: Mutation } | { ok: false; reason: MessageKey } {
    const mutation = { ...raw, id: this.lastId + 1 };
    const parsed = parseMutationArgs(mutation.name, mutation.schemaVersion, mutation.args);
    if (parsed.ok) {
      const local = this.applyLocally(parsed.name, { ...mutation, args: parsed.args }, this.view());
      if (local.status === 'rejected') return { ok: false, reason: local.reason };
    }
    this.enqueue(mutation);
    return { ok: true, mutation };
  }

  private enqueue(mutation: Mutation): void {
    this.lastId = mutation.id;
    const parsed = parseMutationArgs(mutation.name, mutation.schemaVersion, mutation.args);
    this.outbox.push({ mutation, parsed });
  }

  private applyLocally(
    name: MutationName,
    mutation: Mutation,
    store: Map<string, SyncRecord>,
  ): ApplyResult {
    const view: RecordView = { get: (type, id) => store.get(recordKey(type, id)) };
    const ctx: ApplyContext = {
      userId: this.userId,
      deviceId: this.deviceId,
      mutationId: mutation.id,
      version: 0,
      at: mutation.clientTime,
      actedAt: mutation.clientTime,
      recordConflicts: false,
      // The device holds exactly the plans its user may see.
      access: (planId) => (store.has(recordKey('plan', planId)) ? 'write' : 'none'),
    };
    return applyMutation(name, mutation.args, view, ctx);
  }

  /** What the user sees: the confirmed records with every pending mutation replayed on top. */
  view(): Map<string, SyncRecord> {
    return this.replay(Number.POSITIVE_INFINITY).store;
  }

  /**
   * The confirmed records with the pending mutations numbered up to `upTo` replayed on top, and
   * the keys the later ones write.
   */
  private replay(upTo: number): { store: Map<string, SyncRecord>; later: Set<string> } {
    const store = new Map<string, SyncRecord>();
    const later = new Set<string>();
    for (const [key, r] of this.confirmed) store.set(key, { ...r, deleted: null, stamps: {} });
    for (const entry of this.outbox) {
      if (entry.mutation.id <= this.pulledLastMutationId || !entry.parsed.ok) continue;
      const out = this.applyLocally(
        entry.parsed.name,
        { ...entry.mutation, args: entry.parsed.args },
        store,
      );
      // No longer applicable here (a teammate submitted the visit): the server will say why.
      if (out.status === 'applied') {
        for (const w of out.writes) {
          store.set(recordKey(w.type, w.id), w);
          if (entry.mutation.id > upTo) later.add(recordKey(w.type, w.id));
        }
      }
    }
    return { store, later };
  }

  /**
   * The next push: a consecutive run of outbox entries from the first one without a result.
   * `pipeline` continues after what is already in flight instead of resending it.
   */
  pushRequest(max: number, pipeline = false): PushRequest | null {
    const firstOpen = this.outbox.findIndex(
      (e) => !e.result && (!pipeline || e.mutation.id > this.sentUpTo),
    );
    if (firstOpen < 0) return null;
    const batch: Mutation[] = [];
    for (let i = firstOpen; i < this.outbox.length && batch.length < max; i++) {
      const m = this.outbox[i]!.mutation;
      const prev = batch[batch.length - 1];
      if (prev && m.id !== prev.id + 1) break;
      batch.push(m);
    }
    this.sentUpTo = Math.max(this.sentUpTo, batch[batch.length - 1]!.id);
    return { deviceId: this.deviceId, mutations: batch };
  }

  receivePush(outcome: PushOutcome): void {
    if (!outcome.ok) {
      // A gap means something sent earlier never arrived: start again from the first open entry.
      this.sentUpTo = 0;
      return;
    }
    for (const r of outcome.value.results) {
      const i = this.outbox.findIndex((e) => e.mutation.id === r.id);
      const entry = this.outbox[i];
      if (!entry || entry.result) continue;
      entry.result = r;
      this.settled.set(r.id, r.status);
      if (r.status === 'rejected') {
        this.rejected.push({ mutation: entry.mutation, reason: r.reason ?? 'common.internal' });
        this.outbox.splice(i, 1);
      }
    }
    this.prune();
  }

  /** Entries leave the outbox once their result is known and a complete pull reflects them. */
  private prune(): void {
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const e = this.outbox[i]!;
      if (e.result && e.mutation.id <= this.pulledLastMutationId) this.outbox.splice(i, 1);
    }
  }

  pullRequest(limit: number): PullRequestInput {
    return {
      deviceId: this.deviceId,
      cursor: this.staging ? this.staging.cursor : this.cursor,
      limit,
      schemaVersion: SYNC_SCHEMA_VERSION,
      elideOwn: this.elideOwn,
    };
  }

  /**
   * Pages are staged and applied together once the last one arrives: the records of one server
   * transaction may straddle two pages (an answer without its inspection, a note without its
   * plan), and a device that showed such a half state would apply its pending mutations to it
   * differently from the server.
   */
  /**
   * A pull is under way: pages are staged, or the last answer's digests did not match and the
   * device must pull again with every record whole (the web engine does so at once).
   */
  get pullPending(): boolean {
    return this.staging !== null || !this.elideOwn;
  }

  receivePull(request: PullRequestInput, outcome: PullOutcome): void {
    if (!outcome.ok) {
      if (outcome.failure.messageKey === 'sync.cursor_invalid') {
        this.cursor = null;
        this.staging = null;
      }
      return;
    }
    // A response to another position (delayed, duplicated) would move the cursor backwards.
    if (request.cursor !== (this.staging ? this.staging.cursor : this.cursor)) return;
    const res = outcome.value;
    const changes = [...(this.staging?.changes ?? []), ...res.changes];
    if (res.hasMore) {
      this.staging = { cursor: res.cursor, changes };
      return;
    }
    // A record this device alone wrote came back as its digest: the device's own copy, as its
    // changes up to the server's lastMutationId made it, must match, or the pull is made again
    // with every record whole.
    const own = new Map<string, ClientRecord>();
    if (changes.some((c) => c.op === 'own')) {
      const { store, later } = this.replay(res.lastMutationId);
      for (const c of changes) {
        if (c.op !== 'own') continue;
        const key = recordKey(c.type, c.id);
        const mine = store.get(key);
        if (!mine || later.has(key) || recordDigest(c.planId, mine.fields) !== c.digest) {
          this.ownMismatches++;
          this.elideOwn = false;
          this.staging = null;
          return;
        }
        own.set(key, {
          type: c.type,
          id: c.id,
          planId: c.planId,
          version: c.version,
          fields: mine.fields,
        });
      }
    }
    // One local transaction: records, cursor and the confirmed mutation number together.
    if (this.cursor === null) this.confirmed.clear();
    for (const c of changes) {
      if (c.op === 'own') {
        this.confirmed.set(recordKey(c.type, c.id), own.get(recordKey(c.type, c.id))!);
      } else if (c.op === 'upsert') {
        const { op: _op, ...record } = c;
        this.confirmed.set(recordKey(c.type, c.id), record);
      } else if (c.op === 'delete' || c.type !== 'plan') {
        this.confirmed.delete(recordKey(c.type, c.id));
      } else {
        for (const [key, r] of this.confirmed) if (r.planId === c.id) this.confirmed.delete(key);
      }
    }
    this.cursor = res.cursor;
    this.staging = null;
    this.elideOwn = true;
    this.pulledLastMutationId = Math.max(this.pulledLastMutationId, res.lastMutationId);
    this.prune();
  }

  /** Gives up waiting for in-flight pushes (a timeout). */
  forgetInFlight(): void {
    this.sentUpTo = 0;
  }

  /**
   * The page was closed and reopened: what was only in memory is gone. (Staged pages could as
   * well be persisted and resumed; dropping them restarts the pull from the committed cursor.)
   */
  restart(): void {
    this.sentUpTo = 0;
    this.staging = null;
  }
}
