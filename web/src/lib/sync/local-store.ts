import {
  SYNC_SCHEMA_VERSION,
  applyMutation,
  createMutation,
  parseMutationArgs,
  readHints,
  recordKey,
  type ApplyContext,
  type ApplyResult,
  type Change,
  isMessageKey,
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
import type { LocalDb, ThumbnailRow } from '$lib/db/local-db';
import {
  SYNC_STATE_KEY,
  type AttachmentRow,
  type LocalRecord,
  type OutboxRow,
  type SyncStateRow,
} from '$lib/db/sync-tables';
import { sha256OfBlob } from './attachment-uploader';
import { isQuotaExceeded } from './storage';

/*
 * The device side of the sync protocol over Dexie (shared/src/sync/README.md; ReferenceDevice in
 * shared is the in-memory model this mirrors). Two record tables: `confirmed` holds what the
 * last complete pull said; `records`, what the screens read, is `confirmed` with every pending
 * mutation replayed on top. They differ only at the keys pending mutations wrote (`OutboxRow.keys`),
 * which is what lets a rebase touch only those keys instead of the whole store.
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
        return applyMutation(name, args, this.view, {
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
   * `alongside` writes to `attachments` in the same transaction, only once the handler agreed.
   */
  async #mutate<N extends MutationName>(
    name: N,
    args: MutationArgsInput<N>,
    alongside: (() => Promise<void>) | null,
  ): Promise<LocalResult> {
    const db = this.#db;
    const files = alongside ? [db.attachments, db.thumbnails] : [];
    const tables = [db.records, db.outbox, db.syncState, ...files];
    let result: LocalResult;
    try {
      result = await db.transaction('rw', tables, async () => {
        const view = new LoadingView(db.records, this.#plans);
        const hints = readHints(name, args);
        const [state] = await Promise.all([this.#stateIn(), view.prefetch(hints)]);
        let mutation: Mutation;
        try {
          mutation = createMutation(name, args, {
            id: state.lastLocalMutationId + 1,
            clientTime: this.#now().toISOString(),
          });
        } catch {
          return { ok: false, reason: 'sync.invalid_args' } as const;
        }
        const out = await view.apply(name, mutation.args, this.#ctx(state, mutation), hints);
        if (out.status === 'rejected') return { ok: false, reason: out.reason } as const;
        // Issued together: IndexedDB runs a transaction's requests in order anyway, and any
        // failure aborts all of them.
        await Promise.all([
          db.records.bulkPut(out.writes.map(toLocal)),
          db.outbox.add({
            ...mutation,
            status: 'pending',
            keys: out.writes.map((w) => recordKey(w.type, w.id)),
          }),
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
   * rejection: it leaves the view and waits in the "not synced" list under a negative id. Its
   * number must not become a gap (the server wants consecutive ids), so the pending mutations
   * after it, unsent too (a push stops before an attach whose file is not uploaded), move down by
   * one. Returns false, changing nothing, if anything from `mutationId` on may have been sent.
   */
  async rejectUnsentAttach(mutationId: number, reason: string): Promise<boolean> {
    const db = this.#db;
    const key: MessageKey = isMessageKey(reason) ? reason : 'upload.unsupported_type';
    const tables = [db.records, db.confirmed, db.outbox, db.syncState];
    const done = await db.transaction('rw', tables, async () => {
      const state = await this.#stateIn();
      const row = await db.outbox.get(mutationId);
      if (row?.status !== 'pending' || row.name !== 'attachment.attach') return false;
      if (mutationId <= state.lastMutationId) return false;
      const later = await db.outbox.where('id').above(mutationId).sortBy('id');
      if (later.some((r) => r.status !== 'pending')) return false;
      const lowest = (await db.outbox.orderBy('id').first())?.id ?? 0;
      await db.outbox.where('id').aboveOrEqual(mutationId).delete();
      await db.outbox.bulkAdd([
        { ...row, id: Math.min(0, lowest) - 1, status: 'rejected', reason: key },
        ...later.map((r) => ({ ...r, id: r.id - 1 })),
      ]);
      const next = { ...state, lastLocalMutationId: state.lastLocalMutationId - 1 };
      await db.syncState.put(next);
      await this.#rebase(next, row.keys);
      return true;
    });
    if (done) this.#changed();
    return done;
  }

  /**
   * The next push: consecutive outbox entries from the first one without a result, at most `max`
   * of them and, past the first, no more than `maxBytes` of JSON (the server's body limit).
   */
  async nextPush(
    max: number,
    maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<{ deviceId: string; mutations: Mutation[] } | null> {
    const db = this.#db;
    return db.transaction('rw', [db.outbox, db.syncState], async () => {
      const state = await this.#stateIn();
      // The index on status holds entries in id order: the first pending one is one read, however
      // long the outbox (a day offline can queue thousands).
      const first = await db.outbox.where('status').equals('pending').first();
      if (!first) return null;
      // Entries after the first open one may already have results (a lost response re-asked);
      // they are resent too so the ids stay consecutive, and the server answers them duplicate.
      const run = await db.outbox
        .where('id')
        .between(first.id, first.id + max, true, false)
        .toArray();
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

  /** Records the server's results; a rejection is kept with its reason and leaves the view. */
  async receivePush(results: readonly MutationResult[]): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.records, db.confirmed, db.outbox, db.syncState], async () => {
      const state = await this.#stateIn();
      const rows = await db.outbox.bulkGet(results.map((r) => r.id));
      const rejectedKeys: string[] = [];
      const updated: OutboxRow[] = [];
      results.forEach((r, i) => {
        const row = rows[i];
        if (!row || row.status !== 'pending') return;
        if (r.status === 'rejected') {
          rejectedKeys.push(...row.keys);
          updated.push({ ...row, status: 'rejected', reason: r.reason ?? 'common.internal' });
        } else {
          updated.push({ ...row, status: 'applied' });
        }
      });
      await db.outbox.bulkPut(updated);
      if (rejectedKeys.length > 0) await this.#rebase(state, rejectedKeys);
      await this.#prune(state.lastMutationId);
    });
    this.#changed();
  }

  /**
   * The server lacks mutations after `lastMutationId` (a gap): every entry after it is open
   * again. Returns false when the device no longer holds the next one, which only a server
   * restored from an older backup can cause.
   */
  async reopenAfter(lastMutationId: number): Promise<boolean> {
    const db = this.#db;
    return db.transaction('rw', db.outbox, async () => {
      await db.outbox
        .where('id')
        .above(lastMutationId)
        .and((row) => row.status === 'applied')
        .modify({ status: 'pending' });
      const first = await db.outbox
        .where('id')
        .above(lastMutationId)
        .and((row) => row.status !== 'rejected')
        .first();
      return !first || first.id === lastMutationId + 1;
    });
  }

  /**
   * Applies a complete pull (all staged pages) in one transaction: records, cursor and the
   * server's `lastMutationId` together, then the rebase. `fromCursor` is the committed cursor the
   * pull started from; if another tab moved it meanwhile, this pull is stale and dropped.
   */
  async applyPull(
    fromCursor: string | null,
    changes: readonly Change[],
    cursor: string,
    lastMutationId: number,
  ): Promise<boolean> {
    const db = this.#db;
    const applied = await db.transaction(
      'rw',
      [db.records, db.confirmed, db.outbox, db.syncState],
      async () => {
        const state = await this.#stateIn();
        if (state.cursor !== fromCursor) return false;
        const touched = new Set<string>();
        if (fromCursor === null) {
          // A full pull is the whole truth: what it does not list is gone.
          for (const key of await db.confirmed.toCollection().primaryKeys()) touched.add(key);
          await db.confirmed.clear();
        }
        // Upserts and deletes are gathered and written in bulk (one IndexedDB request each, not
        // one per change); a plan's revocation works on what is stored, so it flushes them first.
        const puts = new Map<string, LocalRecord>();
        const deletes = new Set<string>();
        const flush = async () => {
          await Promise.all([
            db.confirmed.bulkDelete([...deletes]),
            db.confirmed.bulkPut([...puts.values()]),
          ]);
          puts.clear();
          deletes.clear();
        };
        for (const c of changes) {
          if (c.op === 'upsert') {
            const { op: _op, ...rest } = c;
            const key = recordKey(c.type, c.id);
            deletes.delete(key);
            puts.set(key, { ...rest, key, deleted: null, stamps: {} });
            touched.add(key);
          } else if (c.op === 'delete' || c.type !== 'plan') {
            const key = recordKey(c.type, c.id);
            puts.delete(key);
            deletes.add(key);
            touched.add(key);
          } else {
            await flush();
            // A revoked plan takes every record of that plan with it, on screen too.
            const keys = await db.confirmed.where('planId').equals(c.id).primaryKeys();
            const shown = await db.records.where('planId').equals(c.id).primaryKeys();
            for (const k of [...keys, ...shown]) touched.add(k);
            await db.confirmed.bulkDelete(keys);
          }
        }
        await flush();
        const next = {
          ...state,
          cursor,
          lastMutationId: Math.max(state.lastMutationId, lastMutationId),
        };
        await db.syncState.put(next);
        await this.#rebase(next, [...touched]);
        await this.#prune(next.lastMutationId);
        return true;
      },
    );
    if (applied) this.#changed();
    return applied;
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
   * Makes `records` equal to `confirmed` at `dirty` and at every key a live mutation wrote, then
   * replays the live mutations (not rejected, not yet reflected by a complete pull) in order.
   * Elsewhere the two tables already agree, since only pending mutations make them differ.
   */
  async #rebase(state: SyncStateRow, dirty: readonly string[]): Promise<void> {
    const db = this.#db;
    const kept = (await db.outbox.orderBy('id').toArray()).filter((r) => r.status !== 'rejected');
    const live = kept.filter((row) => row.id > state.lastMutationId);
    const reset = new Set(dirty);
    // Including entries a pull has just come to reflect: their local writes are replaced now.
    for (const row of kept) for (const k of row.keys) reset.add(k);
    const keys = [...reset];
    const base = await db.confirmed.bulkGet(keys);
    await db.records.bulkDelete(keys.filter((_, i) => !base[i]));
    await db.records.bulkPut(base.filter((r): r is LocalRecord => r !== undefined));

    const view = new LoadingView(db.records, this.#plans);
    await view.prefetch(live.flatMap((row) => readHints(row.name, row.args)));
    for (const row of live) {
      const parsed = parseMutationArgs(row.name, row.schemaVersion, row.args);
      if (!parsed.ok) continue;
      const out = await view.apply(parsed.name, parsed.args, this.#ctx(state, row));
      // No longer applicable here (a teammate submitted the visit): skipped in the view; the
      // server will reject it and say why.
      const writes = out.status === 'applied' ? out.writes : [];
      for (const w of writes) view.overlay.set(recordKey(w.type, w.id), w);
      const rowKeys = writes.map((w) => recordKey(w.type, w.id));
      if (rowKeys.join('\n') !== row.keys.join('\n'))
        await db.outbox.update(row.id, { keys: rowKeys });
    }
    await db.records.bulkPut([...view.overlay.values()].map(toLocal));
  }

  /** An entry leaves once it has a result and a complete pull reflects it. */
  async #prune(lastMutationId: number): Promise<void> {
    await this.#db.outbox
      .where('id')
      .belowOrEqual(lastMutationId)
      .and((row) => row.status === 'applied')
      .delete();
  }

  // Reads for screens and status.

  async get(type: SyncEntityType, id: string): Promise<SyncRecord | undefined> {
    const row = await this.#db.records.get(recordKey(type, id));
    return row && !row.deleted ? toSyncRecord(row) : undefined;
  }

  /** Changes not yet confirmed by the server (the status bar's count). */
  async pendingCount(): Promise<number> {
    return this.#db.outbox.where('status').anyOf('pending', 'applied').count();
  }

  /** Mutations the server refused, with their reasons, for the user to see. */
  async rejected(): Promise<OutboxRow[]> {
    return this.#db.outbox.where('status').equals('rejected').sortBy('id');
  }

  /** The user has read a rejection: only then may it leave the device. */
  async dismissRejected(id: number): Promise<void> {
    await this.#db.transaction('rw', this.#db.outbox, async () => {
      const row = await this.#db.outbox.get(id);
      if (row?.status === 'rejected') await this.#db.outbox.delete(id);
    });
    this.#changed();
  }

  /** The per-record "not yet synced" mark. */
  async isUnsynced(type: SyncEntityType, id: string): Promise<boolean> {
    const n = await this.#db.outbox
      .where('keys')
      .equals(recordKey(type, id))
      .and((row) => row.status !== 'rejected')
      .count();
    return n > 0;
  }
}

const utf8 = new TextEncoder();

function toMutation(row: OutboxRow): Mutation {
  return {
    id: row.id,
    name: row.name,
    args: row.args,
    schemaVersion: row.schemaVersion,
    clientTime: row.clientTime,
  };
}

/** The schema version new mutations are written under, for status screens. */
export const LOCAL_SCHEMA_VERSION = SYNC_SCHEMA_VERSION;
