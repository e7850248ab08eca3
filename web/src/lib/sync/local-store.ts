import {
  SYNC_SCHEMA_VERSION,
  readHints,
  recordKey,
  type ApplyContext,
  type ApplyResult,
  type Change,
  isMessageKey,
  claimsFor,
  recordDigest,
  type MessageKey,
  type Mutation,
  type MutationArgsInput,
  type MutationName,
  type MutationResult,
  type RecordView,
  type SyncEntityType,
  type SyncRecord,
} from '@ducha/shared';
import type { EntityTable } from 'dexie';
import { keysOfPlan, type LocalDb, type ThumbnailRow } from '$lib/db/local-db';
import {
  SYNC_STATE_KEY,
  type AttachmentRow,
  type LocalRecord,
  type OutboxRow,
  type RejectedRow,
  type SyncStateRow,
} from '$lib/db/sync-tables';
import { sha256OfBlob } from './attachment-uploader';
import { isQuotaExceeded } from './storage';

type Registry = typeof import('@ducha/shared/sync-schemas');

let registry: Registry | null = null;
let loadingRegistry: Promise<Registry> | null = null;

/**
 * The mutation registry (every mutation's schema and handler), loaded the first time the device
 * changes something or replays a pending change: the first screen builds no schema. A
 * transaction cannot wait for it (IndexedDB commits a transaction that waits on anything else),
 * so it is loaded before one starts; one that finds it missing after all (another tab queued a
 * change meanwhile) throws RegistryNeeded and is run again once it is loaded.
 */
export function loadRegistry(): Promise<Registry> {
  loadingRegistry ??= import('@ducha/shared/sync-schemas').then((r) => (registry = r));
  return loadingRegistry;
}

class RegistryNeeded extends Error {
  constructor() {
    super('mutation registry not loaded yet');
    this.name = 'RegistryNeeded';
  }
}

function loadedRegistry(): Registry {
  if (!registry) throw new RegistryNeeded();
  return registry;
}

/** Runs `work` (a transaction), again with the registry loaded if it needed it. */
async function withRegistry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof RegistryNeeded) && !(e instanceof Error && e.name === 'RegistryNeeded')) {
      throw e;
    }
    await loadRegistry();
    return work();
  }
}

/*
 * The device side of the sync protocol over Dexie (shared/src/sync/README.md; ReferenceDevice in
 * shared is the in-memory model this mirrors). `records` is what the screens read: the server's
 * records with every change still in the outbox replayed on top. A record no outbox entry wrote
 * (a "clean" key) is there exactly as the server last sent it; for a record an outbox entry wrote
 * (a "dirty" key), `confirmed` keeps the server's copy as the base a rebase replays over — or
 * nothing, meaning the server had no such record. So most records are stored once, and a pull
 * writes each record once.
 *
 * The outbox holds every change the server has not yet confirmed. `ackedUpTo` says which of them
 * already have their result (applied, or a duplicate of an applied one); rejected ones move to
 * `rejected` with their reason. An entry leaves the outbox once it has its result and a complete
 * pull reflects it (`lastMutationId >= id`).
 */

/** `remote`: another tab of the same user committed a change to the same database. */
export type StoreChange = 'local' | 'sync' | 'remote';

/** The part of BroadcastChannel the store uses (injectable for tests and old browsers). */
export interface ChangeChannel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export type LocalResult = { ok: true; mutation: Mutation } | { ok: false; reason: MessageKey };

/** `attachment.attach` arguments the file itself does not decide. */
export type AttachInput = Omit<
  MutationArgsInput<'attachment.attach'>,
  'sha256' | 'mimeType' | 'size'
>;

export type AttachResult =
  { ok: true; mutation: Mutation; sha256: string } | { ok: false; reason: MessageKey };

export interface LocalStoreOptions {
  userId: string;
  now?: () => Date;
  /** Makes the device id on first use. */
  newId?: () => string;
  /**
   * Opens the channel other tabs of this user hear changes on; null: none. Defaults to
   * `BroadcastChannel` where it exists.
   */
  channel?: ((name: string) => ChangeChannel) | null;
}

function defaultChannel(name: string): ChangeChannel {
  const channel = new BroadcastChannel(name);
  // Node's channel would otherwise keep a test process alive; browsers have no `unref`.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

interface ChangeMessage {
  db: string;
}

/** Thrown out of a handler's synchronous `tx.get` when the record is not loaded yet. */
class NotLoaded extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** Record key → key of its plan, learned from loads: only used to guess what to fetch next. */
class PlanMemo {
  readonly #plans = new Map<string, string>();

  get(key: string): string | undefined {
    return this.#plans.get(key);
  }

  learn(key: string, record: LocalRecord): void {
    if (record.planId === null) return;
    // A guess cache: bounded, and forgetting only costs one more round trip.
    if (this.#plans.size >= 10_000) this.#plans.clear();
    this.#plans.set(key, recordKey('plan', record.planId));
  }
}

/** Serves handler reads from memory, loading from a Dexie table between runs. */
class LoadingView {
  readonly loaded = new Map<string, SyncRecord | null>();
  readonly overlay = new Map<string, SyncRecord>();

  constructor(
    private readonly table: EntityTable<LocalRecord, 'key'>,
    private readonly plans: PlanMemo,
  ) {}

  readonly view: RecordView = {
    get: (type, id) => {
      const key = recordKey(type, id);
      const written = this.overlay.get(key);
      if (written) return written;
      if (!this.loaded.has(key)) throw new NotLoaded(key);
      return this.loaded.get(key) ?? undefined;
    },
  };

  /**
   * Loads the records at `keys` not loaded yet, with the plans they are known to belong to, in
   * one `bulkGet`: each separate read inside the transaction is a round trip to IndexedDB.
   */
  async prefetch(keys: Iterable<string>): Promise<void> {
    const want = new Set<string>();
    const add = (k: string | undefined) => {
      if (k !== undefined && !this.loaded.has(k) && !this.overlay.has(k)) want.add(k);
    };
    for (const k of keys) {
      add(k);
      add(this.plans.get(k));
    }
    if (want.size === 0) return;
    const list = [...want];
    const rows = await this.table.bulkGet(list);
    list.forEach((k, i) => {
      const row = rows[i];
      this.loaded.set(k, row ? toSyncRecord(row) : null);
      if (row) this.plans.learn(k, row);
    });
  }

  /** The records at `keys` as they were before this view's writes (absent ones left out). */
  async shownBefore(keys: readonly string[]): Promise<LocalRecord[]> {
    await this.prefetch(keys.filter((k) => !this.loaded.has(k)));
    return keys.flatMap((k) => {
      const r = this.loaded.get(k);
      return r ? [toLocal(r)] : [];
    });
  }

  /**
   * Runs a handler, loading each record it asks for and running it again: handlers are pure
   * and read only records named by their arguments or by records they read, so this ends.
   * `hints` are fetched along with the first miss.
   */
  async apply(
    name: MutationName,
    args: unknown,
    ctx: Omit<ApplyContext, 'access'>,
    hints: readonly string[] = [],
  ): Promise<ApplyResult> {
    for (;;) {
      try {
        return loadedRegistry().applyMutation(name, args, this.view, {
          ...ctx,
          // The device holds exactly the plans its user may see.
          access: (planId) => (this.view.get('plan', planId) ? 'write' : 'none'),
        });
      } catch (e) {
        if (!(e instanceof NotLoaded)) throw e;
        await this.prefetch([e.key, ...hints]);
      }
    }
  }
}

function toSyncRecord({ key: _key, ...record }: LocalRecord): SyncRecord {
  return record;
}

function toLocal(record: SyncRecord): LocalRecord {
  return { ...record, key: recordKey(record.type, record.id) };
}

export class LocalStore {
  readonly #db: LocalDb;
  readonly #userId: string;
  readonly #now: () => Date;
  readonly #newId: () => string;
  readonly #listeners = new Set<(kind: StoreChange) => void>();
  readonly #plans = new PlanMemo();
  readonly #openChannel: ((name: string) => ChangeChannel) | null;
  #channel: ChangeChannel | null = null;
  #closed = false;

  constructor(db: LocalDb, options: LocalStoreOptions) {
    this.#db = db;
    this.#userId = options.userId;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.#openChannel =
      options.channel !== undefined
        ? options.channel
        : typeof BroadcastChannel === 'function'
          ? defaultChannel
          : null;
  }

  get db(): LocalDb {
    return this.#db;
  }

  /**
   * Called after every committed change: `local` for the user's own (time to push), `sync` for
   * what syncing wrote (time to refresh the status), `remote` for another tab's (refresh too).
   */
  onChange(listener: (kind: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    this.#channelOpen();
    return () => this.#listeners.delete(listener);
  }

  /** Stops hearing other tabs; the store still works. */
  close(): void {
    this.#closed = true;
    this.#channel?.close();
    this.#channel = null;
  }

  #changed(kind: 'local' | 'sync' = 'sync'): void {
    for (const l of this.#listeners) l(kind);
    // Other tabs of this user show the same outbox and records: they refresh at once rather
    // than at their next sync.
    try {
      this.#channelOpen()?.postMessage({ db: this.#db.name } satisfies ChangeMessage);
    } catch {
      // A closed or unavailable channel only delays the other tabs until their next sync.
    }
  }

  #channelOpen(): ChangeChannel | null {
    if (this.#channel || this.#closed || !this.#openChannel) return this.#channel;
    const channel = this.#openChannel(`ducha-sync-${this.#userId}`);
    channel.onmessage = (event) => {
      // Same user, other database (a test, or a renamed one): not this store's change.
      if ((event.data as Partial<ChangeMessage> | null)?.db !== this.#db.name) return;
      for (const l of this.#listeners) l('remote');
    };
    this.#channel = channel;
    return channel;
  }

  /** The sync position, made on first use. */
  async state(): Promise<SyncStateRow> {
    return this.#db.transaction('rw', this.#db.syncState, () => this.#stateIn());
  }

  async #stateIn(): Promise<SyncStateRow> {
    const row = await this.#db.syncState.get(SYNC_STATE_KEY);
    if (row) return row;
    const fresh: SyncStateRow = {
      key: SYNC_STATE_KEY,
      deviceId: this.#newId(),
      lastLocalMutationId: 0,
      ackedUpTo: 0,
      cursor: null,
      lastMutationId: 0,
      lastSuccessAt: null,
      lastError: null,
    };
    await this.#db.syncState.add(fresh);
    return fresh;
  }

  #ctx(state: SyncStateRow, mutation: Mutation): Omit<ApplyContext, 'access'> {
    return {
      userId: this.#userId,
      deviceId: state.deviceId,
      mutationId: mutation.id,
      version: 0,
      at: mutation.clientTime,
      actedAt: mutation.clientTime,
      // Conflicts are the server's to record; the device learns them by pulling.
      recordConflicts: false,
    };
  }

  /** The user acts: see `#mutate`. */
  async mutate<N extends MutationName>(name: N, args: MutationArgsInput<N>): Promise<LocalResult> {
    return this.#mutate(name, args, null);
  }

  /**
   * Stores a file and queues the `attachment.attach` that references it, in one transaction: the
   * outbox never names bytes the device does not hold, and a refused attach stores nothing.
   * Files are kept once per SHA-256; the sync engine uploads them before pushing the attach.
   * `thumbnail` (a small JPEG of an image) is written in the same transaction, for galleries.
   */
  async addAttachment(
    blob: Blob,
    mime: string,
    attach: AttachInput,
    options: { thumbnail?: Omit<ThumbnailRow, 'sha256'> | null } = {},
  ): Promise<AttachResult> {
    // Hashed before the transaction: IndexedDB commits a transaction that waits on anything else.
    const sha256 = await sha256OfBlob(blob);
    const args = { ...attach, sha256, mimeType: mime, size: blob.size };
    const result = await this.#mutate('attachment.attach', args, async () => {
      const db = this.#db;
      const thumb = options.thumbnail;
      const known = await db.attachments.get(sha256);
      if (thumb) await db.thumbnails.put({ ...thumb, sha256 });
      if (known?.blob) return;
      // The server already holds a file the device only knew by its record: now it has both.
      const status = known && known.status !== 'queued-upload' ? 'available' : 'queued-upload';
      const row: AttachmentRow = { sha256, status, blob, size: blob.size, mimeType: mime };
      await db.attachments.put(row);
    });
    return result.ok ? { ...result, sha256 } : result;
  }

  /**
   * The user acts. One Dexie transaction: number the mutation, run its handler against what the
   * screen shows, write the records and append to the outbox. A mutation the handler refuses is
   * not queued (the server could apply what the screen never showed) and nothing is written.
   * A record no pending change had written yet is the server's copy as it stands: it is kept in
   * `confirmed` first, as the base later rebases replay over.
   * `alongside` writes to `attachments` in the same transaction, only once the handler agreed.
   */
  async #mutate<N extends MutationName>(
    name: N,
    args: MutationArgsInput<N>,
    alongside: (() => Promise<void>) | null,
  ): Promise<LocalResult> {
    const db = this.#db;
    const files = alongside ? [db.attachments, db.thumbnails] : [];
    const tables = [db.records, db.confirmed, db.outbox, db.syncState, ...files];
    let result: LocalResult;
    await loadRegistry();
    try {
      result = await db.transaction('rw', tables, async () => {
        const view = new LoadingView(db.records, this.#plans);
        const hints = readHints(name, args);
        const [state] = await Promise.all([this.#stateIn(), view.prefetch(hints)]);
        let mutation: Mutation;
        try {
          mutation = loadedRegistry().createMutation(name, args, {
            id: state.lastLocalMutationId + 1,
            clientTime: this.#now().toISOString(),
          });
        } catch {
          return { ok: false, reason: 'sync.invalid_args' } as const;
        }
        const out = await view.apply(name, mutation.args, this.#ctx(state, mutation), hints);
        if (out.status === 'rejected') return { ok: false, reason: out.reason } as const;
        const keys = out.writes.map((w) => recordKey(w.type, w.id));
        // Which of these records a pending change already wrote: one indexed probe each (a
        // change writes one or two), far cheaper than Dexie's anyOf over the multi-entry index.
        const written = await Promise.all(
          keys.map((k) => db.outbox.where('keys').equals(k).limit(1).primaryKeys()),
        );
        const dirty = new Set(keys.filter((_, i) => written[i]!.length > 0));
        const bases = await view.shownBefore(keys.filter((k) => !dirty.has(k)));
        // Issued together: IndexedDB runs a transaction's requests in order anyway, and any
        // failure aborts all of them.
        await Promise.all([
          bases.length > 0 ? db.confirmed.bulkPut(bases) : null,
          db.records.bulkPut(out.writes.map(toLocal)),
          db.outbox.add({ ...withClaims(mutation, claimsFor(out.writes)), keys }),
          db.syncState.put({ ...state, lastLocalMutationId: mutation.id }),
          alongside?.(),
        ]);
        return { ok: true, mutation } as const;
      });
    } catch (e) {
      // The transaction was aborted as a whole: nothing of this change was written, and nothing
      // written earlier is touched.
      if (isQuotaExceeded(e)) return { ok: false, reason: 'sync.storage_full' };
      throw e;
    }
    if (result.ok) this.#changed('local');
    return result;
  }

  /** A stored file by hash, with its upload state. */
  async attachment(sha256: string): Promise<AttachmentRow | undefined> {
    return this.#db.attachments.get(sha256);
  }

  /** The server holds the bytes now; the Blob stays for thumbnails offline. */
  async markAttachmentUploaded(sha256: string): Promise<void> {
    await this.#db.attachments.update(sha256, { status: 'uploaded', uploadOffset: undefined });
    this.#changed();
  }

  /** The server will never take these bytes; kept with the reason for the user. */
  async markAttachmentRefused(sha256: string, messageKey: string): Promise<void> {
    await this.#db.attachments.update(sha256, { status: 'refused', error: messageKey });
    this.#changed();
  }

  /**
   * The server refused the bytes of the attach `mutationId` for good (too large, wrong type, bad
   * hash) before that attach was ever sent. Pushing it would give the whole team a record whose
   * file never comes, so it is rejected here with the server's reason, exactly like a server
   * rejection: it leaves the view and waits in the "not synced" list. Its number must not become
   * a gap (the server wants consecutive ids), so the mutations after it, unsent too (a push stops
   * before an attach whose file is not uploaded), move down by one. Returns false, changing
   * nothing, if anything from `mutationId` on may have been sent.
   */
  async rejectUnsentAttach(mutationId: number, reason: string): Promise<boolean> {
    const db = this.#db;
    const key: MessageKey = isMessageKey(reason) ? reason : 'upload.unsupported_type';
    const tables = [db.records, db.confirmed, db.outbox, db.rejected, db.syncState];
    const done = await withRegistry(() =>
      db.transaction('rw', tables, async () => {
        const state = await this.#stateIn();
        const row = await db.outbox.get(mutationId);
        if (row?.name !== 'attachment.attach') return false;
        if (mutationId <= state.ackedUpTo || mutationId <= state.lastMutationId) return false;
        const later = await db.outbox.where('id').above(mutationId).toArray();
        await db.outbox.where('id').aboveOrEqual(mutationId).delete();
        await db.outbox.bulkAdd(later.map((r) => ({ ...r, id: r.id - 1 })));
        await db.rejected.add({ ...toMutation(row), keys: row.keys, reason: key });
        const next = { ...state, lastLocalMutationId: state.lastLocalMutationId - 1 };
        await db.syncState.put(next);
        await this.#rebuild(next, new Map(), row.keys);
        return true;
      }),
    );
    if (done) this.#changed();
    return done;
  }

  /**
   * The next push: consecutive outbox entries from the first one without a result (or after
   * `after`, the last one of a push still on the wire), at most `max` of them and, past the
   * first, no more than `maxBytes` of JSON (the server's body limit).
   */
  async nextPush(
    max: number,
    maxBytes = Number.POSITIVE_INFINITY,
    after = 0,
  ): Promise<{ deviceId: string; mutations: Mutation[] } | null> {
    const db = this.#db;
    return db.transaction('rw', [db.outbox, db.syncState], async () => {
      const state = await this.#stateIn();
      const first = Math.max(state.ackedUpTo, after) + 1;
      const run = await db.outbox
        .where('id')
        .between(first, first + max, true, false)
        .toArray();
      if (run.length === 0) return null;
      const mutations: Mutation[] = [];
      let bytes = 0;
      for (const row of run) {
        const prev = mutations[mutations.length - 1];
        if (prev && row.id !== prev.id + 1) break;
        const mutation = toMutation(row);
        bytes += utf8.encode(JSON.stringify(mutation)).length;
        if (prev && bytes > maxBytes) break;
        mutations.push(mutation);
      }
      return { deviceId: state.deviceId, mutations };
    });
  }

  /**
   * Records the server's results: the acknowledged run moves `ackedUpTo` (one write however long
   * the push), a rejection moves its entry to `rejected` with the reason and leaves the view.
   */
  async receivePush(results: readonly MutationResult[]): Promise<void> {
    const db = this.#db;
    const tables = [db.records, db.confirmed, db.outbox, db.rejected, db.syncState];
    await withRegistry(() =>
      db.transaction('rw', tables, async () => {
        const state = await this.#stateIn();
        let acked = state.ackedUpTo;
        const refused = new Map<number, MessageKey>();
        for (const r of [...results].sort((a, b) => a.id - b.id)) {
          // An answer repeated (a duplicated response) changes nothing; one beyond a missing
          // result waits for that result first.
          if (r.id <= acked) continue;
          if (r.id !== acked + 1) break;
          acked = r.id;
          if (r.status === 'rejected') refused.set(r.id, r.reason ?? 'common.internal');
        }
        if (acked === state.ackedUpTo) return;
        const next = { ...state, ackedUpTo: acked };
        await db.syncState.put(next);
        if (refused.size === 0) {
          await this.#prune(next);
          return;
        }
        const rows = (await db.outbox.bulkGet([...refused.keys()])).filter(
          (r): r is OutboxRow => r !== undefined,
        );
        await db.rejected.bulkAdd(
          rows.map((row) => ({ ...toMutation(row), keys: row.keys, reason: refused.get(row.id)! })),
        );
        await db.outbox.bulkDelete(rows.map((r) => r.id));
        await this.#rebuild(
          next,
          new Map(),
          rows.flatMap((r) => r.keys),
        );
      }),
    );
    this.#changed();
  }

  /**
   * The server lacks mutations after `lastMutationId` (a gap): every entry after it is sent
   * again. Returns false when the device no longer holds the next one, which only a server
   * restored from an older backup can cause.
   */
  async reopenAfter(lastMutationId: number): Promise<boolean> {
    const db = this.#db;
    return db.transaction('rw', [db.outbox, db.syncState], async () => {
      const state = await this.#stateIn();
      if (state.ackedUpTo > lastMutationId) {
        await db.syncState.put({ ...state, ackedUpTo: lastMutationId });
      }
      const first = await db.outbox.where('id').above(lastMutationId).first();
      return !first || first.id === lastMutationId + 1;
    });
  }

  /**
   * Applies a complete pull (all staged pages) in one transaction: records, cursor and the
   * server's `lastMutationId` together, then the rebase. `fromCursor` is the committed cursor the
   * pull started from; if another tab moved it meanwhile, this pull is `stale` and dropped. An
   * `own` record (one this device alone wrote, sent as its digest) must match what the device
   * shows, as its changes up to `lastMutationId` made it; if one does not (the server refused
   * one of them, say), nothing is applied and the answer is `mismatch`: pull again whole.
   */
  async applyPull(
    fromCursor: string | null,
    changes: readonly Change[],
    cursor: string,
    lastMutationId: number,
  ): Promise<'applied' | 'stale' | 'mismatch'> {
    const db = this.#db;
    // Pending changes are replayed over the pull: the registry they need, loaded first.
    if (!registry && (await db.outbox.count()) > 0) await loadRegistry();
    const applied = await withRegistry(() =>
      db.transaction('rw', [db.records, db.confirmed, db.outbox, db.syncState], async () => {
        const state = await this.#stateIn();
        if (state.cursor !== fromCursor) return 'stale' as const;
        const last = Math.max(state.lastMutationId, lastMutationId);
        const checked = await this.#ownCopies(changes, state, last);
        if (!checked) return 'mismatch' as const;
        const { copies: own, trusted } = checked;
        // The server's copy of each record this pull speaks of; null: it has none (for us).
        const server = new Map<string, LocalRecord | null>();
        if (fromCursor === null) {
          // A full pull is the whole truth: what it does not list is gone.
          for (const key of await db.records.toCollection().primaryKeys()) server.set(key, null);
          for (const key of await db.confirmed.toCollection().primaryKeys()) server.set(key, null);
        }
        for (const c of changes) {
          if (c.op === 'own') {
            const key = recordKey(c.type, c.id);
            // A trusted copy is the server's as it stands: nothing to write or rebase (unless a
            // later entry of this pull, a revocation, takes it away: see below).
            if (trusted.has(key)) server.delete(key);
            else server.set(key, own.get(key)!);
          } else if (c.op === 'upsert') {
            const { op: _op, ...rest } = c;
            const key = recordKey(c.type, c.id);
            server.set(key, { ...rest, key, deleted: null, stamps: {} });
          } else if (c.op === 'delete' || c.type !== 'plan') {
            server.set(recordKey(c.type, c.id), null);
          } else {
            // A revoked plan takes every record of that plan with it, on screen too.
            const [shown, based] = await Promise.all([
              keysOfPlan(db.records, c.id),
              db.confirmed.where('planId').equals(c.id).primaryKeys(),
            ]);
            for (const k of [...shown, ...based]) server.set(k, null);
            for (const [k, r] of server) if (r?.planId === c.id) server.set(k, null);
          }
        }
        for (const k of server.keys()) trusted.delete(k);
        const next = { ...state, cursor, lastMutationId: last };
        await db.syncState.put(next);
        // Own copies are what the screen shows already (unless a later change replaced them).
        const shown = [...own].filter(([k, copy]) => server.get(k) === copy).map(([k]) => k);
        await this.#rebuild(next, server, [], new Set(shown), trusted);
        return 'applied' as const;
      }),
    );
    if (applied === 'applied') this.#changed();
    return applied;
  }

  /**
   * The device's own copies of the `own` records of a pull, checked against their digests; null
   * if one is missing, is still written by a change the server has not processed (`id > last`),
   * or differs. A copy keeps its local version: versions only tell a delete which of other
   * people's edits its author had seen, and no one else wrote these.
   *
   * `trusted`: records the server `verified` (its copy is what this device claimed for its last
   * write), whose copy here has not changed since that claim (no replay moved it, `distrusted`)
   * and that no entry still in the outbox writes. They are taken as they stand, unread: a day's
   * 10,000 notes would otherwise be read back from IndexedDB (~1 s on a phone) to be hashed.
   */
  async #ownCopies(
    changes: readonly Change[],
    state: SyncStateRow,
    last: number,
  ): Promise<{ copies: Map<string, LocalRecord>; trusted: Set<string> } | null> {
    const db = this.#db;
    const owned = changes.filter((c) => c.op === 'own');
    const copies = new Map<string, LocalRecord>();
    const trusted = new Set<string>();
    if (owned.length === 0) return { copies, trusted };
    const kept = await db.outbox.where('id').above(Math.min(state.ackedUpTo, last)).toArray();
    const unprocessed = new Set(kept.filter((r) => r.id > last).flatMap((r) => r.keys));
    const pending = new Set(kept.flatMap((r) => r.keys));
    const distrusted = new Set(state.distrusted ?? []);
    const candidates = owned.filter((c) => {
      const key = recordKey(c.type, c.id);
      return c.verified && !pending.has(key) && !distrusted.has(key);
    });
    const held = await this.#heldKeys(candidates);
    const checked: typeof owned = [];
    for (const c of owned) {
      const key = recordKey(c.type, c.id);
      if (unprocessed.has(key)) return null;
      if (held.has(key)) trusted.add(key);
      else checked.push(c);
    }
    const keys = checked.map((c) => recordKey(c.type, c.id));
    const mine = await db.records.bulkGet(keys);
    for (const [i, c] of checked.entries()) {
      const copy = mine[i];
      if (!copy || copy.deleted) return null;
      if (recordDigest(c.planId, copy.fields) !== c.digest) return null;
      copies.set(keys[i]!, { ...copy, planId: c.planId });
    }
    return { copies, trusted };
  }

  /**
   * Which of these records the device holds (an earlier pull may have taken them away with their
   * plan): the keys of each one's plan and type, read from the index alone, not the records. One
   * without a plan is not in that index, so never counts as held.
   */
  async #heldKeys(
    wanted: readonly { type: SyncEntityType; planId: string | null }[],
  ): Promise<Set<string>> {
    const groups = new Map<string, [SyncEntityType, string]>();
    for (const w of wanted) {
      if (w.planId !== null) groups.set(`${w.type} ${w.planId}`, [w.type, w.planId]);
    }
    const held = new Set<string>();
    for (const group of groups.values()) {
      const keys = await this.#db.records.where('[type+planId]').equals(group).primaryKeys();
      for (const k of keys) held.add(k);
    }
    return held;
  }

  /** Forgets the pull position (the server answered `sync.cursor_invalid`); keeps the outbox. */
  async resetCursor(): Promise<void> {
    await this.#db.transaction('rw', this.#db.syncState, async () => {
      await this.#stateIn();
      await this.#db.syncState.update(SYNC_STATE_KEY, { cursor: null });
    });
  }

  async recordOutcome(outcome: { at: string } | { error: MessageKey }): Promise<void> {
    await this.#db.transaction('rw', this.#db.syncState, async () => {
      await this.#stateIn();
      await this.#db.syncState.update(
        SYNC_STATE_KEY,
        'at' in outcome
          ? { lastSuccessAt: outcome.at, lastError: null }
          : { lastError: outcome.error },
      );
    });
    this.#changed();
  }

  /**
   * Brings `records` and `confirmed` in line with the server's copies in `updates` (null: none)
   * and with the outbox as `state` leaves it: entries with their result that a complete pull
   * reflects leave it; the rest (`id > lastMutationId`) are replayed in order over the server's
   * copies. `removed`: keys of entries just taken out of the outbox (rejected), whose records
   * go back to the server's copy. `shownAlready`: keys whose update is what the screen already
   * shows (a device's own records, checked by digest), not written again unless a replay
   * changes them.
   */
  async #rebuild(
    state: SyncStateRow,
    updates: ReadonlyMap<string, LocalRecord | null>,
    removed: readonly string[] = [],
    shownAlready: ReadonlySet<string> = new Set(),
    trusted: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const db = this.#db;
    const pruneUpTo = Math.min(state.ackedUpTo, state.lastMutationId);
    // Every key an entry writes, from the index alone: a day's outbox is not read row by row.
    const [written, kept, shadowKeys] = await Promise.all([
      db.outbox.orderBy('keys').uniqueKeys() as Promise<string[]>,
      db.outbox.where('id').above(pruneUpTo).toArray(),
      db.confirmed.toCollection().primaryKeys(),
    ]);
    const live = kept.filter((r) => r.id > state.lastMutationId);
    const distrusted = new Set(state.distrusted ?? []);
    const dirtyBefore = new Set([...written, ...removed]);
    const bases = new Set(shadowKeys);

    // The server's copy of every key that may change: pulled now, or the one kept for a dirty
    // key (none kept: the server has no such record).
    const server = new Map<string, LocalRecord | null>(updates);
    const based = [...dirtyBefore].filter((k) => !server.has(k) && !trusted.has(k) && bases.has(k));
    const shadows = await db.confirmed.bulkGet(based);
    for (const k of dirtyBefore) if (!server.has(k) && !trusted.has(k)) server.set(k, null);
    based.forEach((k, i) => server.set(k, shadows[i] ?? null));

    const view = new LoadingView(db.records, this.#plans);
    for (const [k, r] of server) view.loaded.set(k, r ? toSyncRecord(r) : null);
    await view.prefetch(live.flatMap((row) => readHints(row.name, row.args)));
    const rekeyed: OutboxRow[] = [];
    for (const row of live) {
      const parsed = loadedRegistry().parseMutationArgs(row.name, row.schemaVersion, row.args);
      if (!parsed.ok) continue;
      const out = await view.apply(parsed.name, parsed.args, this.#ctx(state, row));
      // No longer applicable here (a teammate submitted the visit): skipped in the view; the
      // server will reject it and say why.
      const writes = out.status === 'applied' ? out.writes : [];
      for (const w of writes) view.overlay.set(recordKey(w.type, w.id), w);
      const keys = writes.map((w) => recordKey(w.type, w.id));
      const digests = claimsFor(writes);
      const reclaimed = (digests ?? []).join() !== (row.digests ?? []).join();
      if (reclaimed) {
        // The claim may be on its way already: the server may verify the old one, which no
        // longer describes these copies.
        for (const k of [...keys, ...row.keys]) distrusted.add(k);
      }
      if (reclaimed || keys.join('\n') !== row.keys.join('\n')) {
        rekeyed.push({ ...withClaims(row, digests), keys });
      }
    }
    // A replayed change may write a record no entry had written: its base is what was shown.
    for (const k of view.overlay.keys()) {
      if (server.has(k)) continue;
      const shown = view.loaded.get(k);
      server.set(k, shown ? toLocal(shown) : null);
    }
    const rekeyedById = new Map(rekeyed.map((r) => [r.id, r]));
    const dirtyAfter = new Set(kept.flatMap((r) => (rekeyedById.get(r.id) ?? r).keys));

    const putRecords: LocalRecord[] = [];
    const dropRecords: string[] = [];
    const putBases: LocalRecord[] = [];
    const dropBases: string[] = [...trusted].filter((k) => bases.has(k) && !dirtyAfter.has(k));
    // A key no entry writes any more has no claim left to doubt.
    const stillDistrusted = [...distrusted].filter((k) => dirtyAfter.has(k)).sort();
    const distrustChanged = stillDistrusted.join() !== (state.distrusted ?? []).join();
    for (const [k, base] of server) {
      const replayed = dirtyAfter.has(k) ? view.overlay.get(k) : undefined;
      if (replayed) putRecords.push(toLocal(replayed));
      else if (base === null) dropRecords.push(k);
      else if (!shownAlready.has(k)) putRecords.push(base);
      if (!dirtyAfter.has(k) || base === null) {
        if (bases.has(k)) dropBases.push(k);
      } else if (updates.has(k) || !bases.has(k)) {
        putBases.push(base);
      }
    }
    await Promise.all([
      db.records.bulkDelete(dropRecords),
      db.records.bulkPut(putRecords),
      db.confirmed.bulkDelete(dropBases),
      db.confirmed.bulkPut(putBases),
      pruneUpTo > 0 ? db.outbox.where('id').belowOrEqual(pruneUpTo).delete() : null,
      db.outbox.bulkPut(rekeyed),
      distrustChanged ? db.syncState.put({ ...state, distrusted: stillDistrusted }) : null,
    ]);
  }

  /**
   * Entries with their result that a complete pull reflects leave the outbox. Their records are
   * already the server's copies on screen (the pull replayed only later entries), so only the
   * copies kept as bases of keys no entry writes any more are dropped.
   */
  async #prune(state: SyncStateRow): Promise<void> {
    const db = this.#db;
    const upTo = Math.min(state.ackedUpTo, state.lastMutationId);
    if (upTo <= 0) return;
    const gone = await db.outbox.where('id').belowOrEqual(upTo).toArray();
    if (gone.length === 0) return;
    await db.outbox.where('id').belowOrEqual(upTo).delete();
    const keys = [...new Set(gone.flatMap((r) => r.keys))];
    const still = new Set((await db.outbox.orderBy('keys').uniqueKeys()) as string[]);
    await db.confirmed.bulkDelete(keys.filter((k) => !still.has(k)));
  }

  // Reads for screens and status.

  async get(type: SyncEntityType, id: string): Promise<SyncRecord | undefined> {
    const row = await this.#db.records.get(recordKey(type, id));
    return row && !row.deleted ? toSyncRecord(row) : undefined;
  }

  /** Changes not yet confirmed by the server (the status bar's count). */
  async pendingCount(): Promise<number> {
    return this.#db.outbox.count();
  }

  /** Mutations the server refused, with their reasons, for the user to see (oldest first). */
  async rejected(): Promise<RejectedRow[]> {
    return this.#db.rejected.orderBy('seq').toArray();
  }

  /** The user has read a rejection (`seq` of its row): only then may it leave the device. */
  async dismissRejected(seq: number): Promise<void> {
    await this.#db.rejected.delete(seq);
    this.#changed();
  }

  /** The per-record "not yet synced" mark. */
  async isUnsynced(type: SyncEntityType, id: string): Promise<boolean> {
    return (await this.#db.outbox.where('keys').equals(recordKey(type, id)).count()) > 0;
  }
}

const utf8 = new TextEncoder();

function toMutation(row: OutboxRow): Mutation {
  return withClaims(
    {
      id: row.id,
      name: row.name,
      args: row.args,
      schemaVersion: row.schemaVersion,
      clientTime: row.clientTime,
    },
    row.digests,
  );
}

/** The mutation with the claims of what its run here wrote (none: left out). */
function withClaims<M extends Mutation>(mutation: M, digests: string[] | undefined): M {
  const { digests: _old, ...rest } = mutation;
  return (digests ? { ...rest, digests } : rest) as M;
}

/** The schema version new mutations are written under, for status screens. */
export const LOCAL_SCHEMA_VERSION = SYNC_SCHEMA_VERSION;
