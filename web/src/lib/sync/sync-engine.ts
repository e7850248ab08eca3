import {
  MAX_PULL_LIMIT,
  MAX_PUSH_BYTES,
  MAX_PUSH_MUTATIONS,
  SYNC_BACKOFF,
  SYNC_SCHEMA_VERSION,
  backoffDelay,
  type Change,
  type MessageKey,
  type PullOutcome,
  type PullRequestInput,
  type PushOutcome,
  type PushRequest,
  type Mutation,
} from '@ducha/shared';
import {
  UploadRefusedError,
  createAttachmentUploader,
  type AttachmentUploader,
} from './attachment-uploader';
import { AttachmentFiles } from './attachment-files';
import type { LocalStore } from './local-store';
import { isQuotaExceeded } from './storage';

/*
 * When and how the device talks to the server: push the outbox in order, then pull. The network
 * is behind `SyncTransport`, so tests (and the fault-injection simulation) drive the very same
 * engine the app runs. A transport answers protocol failures as `{ ok: false }` and throws for
 * anything else (no network, a 500): those are retried with backoff.
 */

export interface SyncTransport {
  push(request: PushRequest): Promise<PushOutcome>;
  pull(request: PullRequestInput): Promise<PullOutcome>;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface SyncEngineOptions {
  userId: string;
  store: LocalStore;
  transport: SyncTransport;
  now?: () => Date;
  random?: () => number;
  timers?: Timers;
  /** Web Locks: one tab of this user pushes at a time. Absent: this tab alone decides. */
  locks?: LockManagerLike | null;
  /** Fires `online`; usually `window`. */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  isOnline?: () => boolean;
  periodMs?: number;
  pullLimit?: number;
  /** Mutations per push (tests make it small so pushes pipeline). */
  pushLimit?: number;
  /** Sends a file's bytes; defaults to the resumable `/uploads` client. */
  upload?: AttachmentUploader['upload'];
}

export interface SyncSnapshot {
  running: boolean;
  pending: number;
  rejected: number;
  lastSuccessAt: string | null;
  error: MessageKey | null;
  /** Files being uploaded by this tab: SHA-256 → fraction of the bytes the server confirmed. */
  uploads: Readonly<Record<string, number>>;
}

/** A whole-request refusal by the server, or a transport failure, as a catalogue key. */
export class SyncFailure extends Error {
  constructor(readonly messageKey: MessageKey) {
    super(messageKey);
    this.name = 'SyncFailure';
  }
}

/** Failures retrying cannot fix: the user must act (update the app, sign in as the owner). */
const FATAL: ReadonlySet<MessageKey> = new Set(['sync.device_mismatch', 'sync.client_outdated']);
/**
 * Pushes on the wire at once: the next is prepared and sent while the previous is applied. More
 * do not help: requests on separate connections overtake each other, and one that reaches the
 * server before its predecessor is refused as a gap and sent again.
 */
const PUSH_PIPELINE = 2;
/** Gap recoveries per cycle before giving up until the next attempt (a server that keeps moving). */
const MAX_GAP_RETRIES = 3;

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class SyncEngine {
  readonly #o: Required<Omit<SyncEngineOptions, 'locks' | 'events' | 'upload'>> &
    Pick<SyncEngineOptions, 'locks' | 'events' | 'upload'>;
  readonly #uploads = new Map<string, number>();
  readonly #files: AttachmentFiles;
  #running: Promise<void> | null = null;
  #again = false;
  #attempt = 0;
  #retryTimer: unknown = null;
  #periodTimer: unknown = null;
  #started = false;
  #unsubscribe: (() => void) | null = null;
  readonly #listeners = new Set<(s: SyncSnapshot) => void>();

  constructor(options: SyncEngineOptions) {
    this.#o = {
      now: () => new Date(),
      random: Math.random,
      timers: defaultTimers,
      isOnline: () => true,
      periodMs: 60_000,
      pullLimit: MAX_PULL_LIMIT,
      pushLimit: MAX_PUSH_MUTATIONS,
      ...options,
    };
    this.#files = new AttachmentFiles(options.store.db);
  }

  get running(): boolean {
    return this.#running !== null;
  }

  /** Starts the triggers: now, on `online`, periodically, and after every local change. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#o.events?.addEventListener('online', this.#onOnline);
    const off = this.#o.store.onChange((kind) => {
      if (kind === 'local') void this.syncNow();
      else void this.#publish();
    });
    this.#unsubscribe = off;
    this.#schedulePeriodic();
    void this.syncNow();
  }

  stop(): void {
    this.#started = false;
    this.#o.events?.removeEventListener('online', this.#onOnline);
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#clearTimer('retry');
    this.#clearTimer('period');
  }

  readonly #onOnline = () => {
    // A new network: the old failures say nothing about it.
    this.#attempt = 0;
    void this.syncNow();
  };

  onStatus(listener: (s: SyncSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Pushes then pulls. Called while a run is going, it asks for one more run after it (a change
   * made during a push is pushed right after) and resolves when that is done.
   */
  syncNow(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        await this.#publish();
        do {
          this.#again = false;
          await this.#withLock(() => this.#cycle());
        } while (this.#again);
      } finally {
        this.#running = null;
        await this.#publish();
      }
    })();
    return this.#running;
  }

  async #withLock(fn: () => Promise<void>): Promise<void> {
    const locks = this.#o.locks;
    if (!locks) return fn();
    return locks.request(`ducha-sync-${this.#o.userId}`, fn);
  }

  async #cycle(): Promise<void> {
    this.#clearTimer('retry');
    try {
      const held = await this.#push();
      await this.#pull();
      // Mutations wait for a file that did not upload: retried with backoff like a failed push.
      if (held) throw new SyncFailure(held);
      this.#attempt = 0;
      await this.#o.store.recordOutcome({ at: this.#o.now().toISOString() });
    } catch (e) {
      const key = failureKey(e);
      if (!FATAL.has(key)) this.#scheduleRetry();
      // The database itself may be what failed (closed for another tab's upgrade, disk full):
      // the run is over either way, and the outbox keeps whatever was committed.
      await this.#o.store.recordOutcome({ error: key }).catch(() => undefined);
    }
  }

  /**
   * Pushes the outbox in order. Each batch is cut before the first `attachment.attach` whose file
   * did not upload: the server must never hold a record before its bytes because of this device
   * skipping ahead. Returns why mutations were held back, or null when the outbox went out.
   *
   * Pipelined: the next push is prepared and sent while the previous one is on the wire. The
   * server applies a device's pushes one at a time (it locks the device), so the next one waits
   * there for the previous to commit instead of waiting here for its answer; one that arrives
   * first anyway is refused as a gap, and sent again.
   */
  async #push(): Promise<MessageKey | null> {
    const { store, transport } = this.#o;
    let gaps = 0;
    // Files that failed this cycle are not tried again until the backoff retry.
    const failed = new Set<string>();
    const inFlight: SentPush[] = [];
    let held: MessageKey | null = null;
    let drained = false;
    try {
      for (;;) {
        while (held === null && !drained && inFlight.length < PUSH_PIPELINE) {
          const after = inFlight.length > 0 ? lastId(inFlight[inFlight.length - 1]!.request) : 0;
          const next = await store.nextPush(this.#o.pushLimit, MAX_PUSH_BYTES, after);
          if (!next) {
            drained = true;
            break;
          }
          const { ready, renumbered } = await this.#uploadFor(next.mutations, failed);
          // A refused file's attach left the outbox and the ones after it moved down: read it
          // again.
          if (ready === 0 && renumbered) continue;
          if (ready === 0) {
            held = 'sync.network_failed';
            break;
          }
          const ahead = inFlight[inFlight.length - 1];
          if (ahead && ready * 2 <= ahead.request.mutations.length) {
            // A much shorter push sent behind a long one (the rest of the outbox, usually)
            // finishes uploading first, reaches the server first and is refused as a gap, to be
            // sent again: it waits for that answer instead, and is read again then.
            break;
          }
          const request = { ...next, mutations: next.mutations.slice(0, ready) };
          inFlight.push({ request, reply: settle(transport.push(request)) });
        }
        const done = inFlight.shift();
        if (!done) return held;
        const out = await done.reply;
        if ('error' in out) throw out.error;
        if (out.ok) {
          const ids = new Set(done.request.mutations.map((m) => m.id));
          // A response that settles nothing would send the same batch forever.
          if (!out.value.results.some((r) => ids.has(r.id))) {
            throw new SyncFailure('common.internal');
          }
          await store.receivePush(out.value.results);
          continue;
        }
        const failure = out.failure;
        if (failure.messageKey === 'sync.mutation_gap' && gaps++ < MAX_GAP_RETRIES) {
          // What was sent after it is beyond the gap too: their answers are of no use.
          while (inFlight.length > 0) await inFlight.shift()!.reply;
          drained = false;
          if (await store.reopenAfter(failure.lastMutationId)) continue;
        }
        throw new SyncFailure(failure.messageKey);
      }
    } finally {
      // Never leave a request behind: its results, if any, are read again by the next push.
      for (const sent of inFlight) await sent.reply;
    }
  }

  /**
   * Uploads the files `mutations` attach, in order; `ready`: how many mutations may go now.
   * `renumbered`: an attach whose file the server refused was rejected on the device, so the
   * mutations from it on are stale (see LocalStore.rejectUnsentAttach).
   */
  async #uploadFor(
    mutations: readonly Mutation[],
    failed: Set<string>,
  ): Promise<{ ready: number; renumbered: boolean }> {
    const { store } = this.#o;
    for (const [i, mutation] of mutations.entries()) {
      const sha256 = attachedHash(mutation);
      if (sha256 === null) continue;
      if (failed.has(sha256)) return { ready: i, renumbered: false };
      const row = await store.attachment(sha256);
      if (row?.status === 'refused') {
        // Retrying cannot help, holding it would wedge every later change, and pushing it would
        // show the team a file that never comes: rejected here, the rest goes on.
        if (await store.rejectUnsentAttach(mutation.id, row.error ?? '')) {
          return { ready: i, renumbered: true };
        }
        continue;
      }
      // Uploaded already (a duplicate hash), or never stored here: nothing to send.
      if (row?.status !== 'queued-upload' || !row.blob) continue;
      try {
        // A reloaded page shows at once where the last attempt stopped.
        this.#uploads.set(sha256, (row.uploadOffset ?? 0) / Math.max(1, row.size));
        void this.#publish();
        let saved = row.uploadOffset ?? 0;
        await this.#upload({ blob: row.blob, sha256, mime: row.mimeType }, (p) => {
          this.#uploads.set(sha256, p.total > 0 ? p.sent / p.total : 1);
          void this.#publish();
          // Kept so a reloaded page shows how far it got; the server still decides the resume.
          if (p.sent > saved && p.sent < p.total) {
            saved = p.sent;
            void this.#files.setUploadOffset(sha256, p.sent).catch(() => undefined);
          }
        });
        this.#uploads.delete(sha256);
        await store.markAttachmentUploaded(sha256);
      } catch (e) {
        this.#uploads.delete(sha256);
        void this.#publish();
        if (e instanceof UploadRefusedError && !e.retryable) {
          await store.markAttachmentRefused(sha256, e.messageKey);
          if (await store.rejectUnsentAttach(mutation.id, e.messageKey)) {
            return { ready: i, renumbered: true };
          }
          continue;
        }
        failed.add(sha256);
        return { ready: i, renumbered: false };
      }
    }
    return { ready: mutations.length, renumbered: false };
  }

  get #upload(): AttachmentUploader['upload'] {
    this.#o.upload ??= createAttachmentUploader().upload;
    return this.#o.upload;
  }

  async #pull(): Promise<void> {
    const { store, transport } = this.#o;
    const state = await store.state();
    let from = state.cursor;
    let cursor = from;
    let staged: Change[] = [];
    let resets = 0;
    // Records this device alone wrote come back as digests; once one does not match, whole.
    let elideOwn = true;
    for (;;) {
      const out = await transport.pull({
        deviceId: state.deviceId,
        cursor,
        limit: this.#o.pullLimit,
        schemaVersion: SYNC_SCHEMA_VERSION,
        elideOwn,
      });
      if (!out.ok) {
        if (out.failure.messageKey === 'sync.cursor_invalid' && resets++ === 0 && from !== null) {
          // Pull everything again; the outbox is untouched and replayed over the result.
          await store.resetCursor();
          from = cursor = null;
          staged = [];
          continue;
        }
        throw new SyncFailure(out.failure.messageKey);
      }
      // Pages are only staged until the last one: one server transaction may straddle two.
      staged.push(...out.value.changes);
      if (out.value.hasMore) {
        if (out.value.cursor === cursor) throw new SyncFailure('common.internal');
        cursor = out.value.cursor;
        continue;
      }
      const outcome = await store.applyPull(
        from,
        staged,
        out.value.cursor,
        out.value.lastMutationId,
      );
      if (outcome === 'mismatch' && elideOwn) {
        elideOwn = false;
        cursor = from;
        staged = [];
        continue;
      }
      if (outcome === 'mismatch') throw new SyncFailure('common.internal');
      // Files of records pulled become known, to be downloaded when someone opens them.
      if (outcome === 'applied') await this.#files.noteReferenced(staged);
      return;
    }
  }

  #scheduleRetry(): void {
    if (!this.#started) return;
    const delay = backoffDelay(this.#attempt++, { ...SYNC_BACKOFF, random: this.#o.random });
    this.#retryTimer = this.#o.timers.set(() => {
      this.#retryTimer = null;
      void this.syncNow();
    }, delay);
  }

  #schedulePeriodic(): void {
    this.#periodTimer = this.#o.timers.set(() => {
      if (!this.#started) return;
      if (this.#o.isOnline()) void this.syncNow();
      this.#schedulePeriodic();
    }, this.#o.periodMs);
  }

  #clearTimer(which: 'retry' | 'period'): void {
    const handle = which === 'retry' ? this.#retryTimer : this.#periodTimer;
    if (handle !== null) this.#o.timers.clear(handle);
    if (which === 'retry') this.#retryTimer = null;
    else this.#periodTimer = null;
  }

  /** The current status, also sent to every `onStatus` listener. */
  async snapshot(): Promise<SyncSnapshot> {
    const { store } = this.#o;
    // Taken now: by the time the database answers, this progress step may be over.
    const uploads = Object.fromEntries(this.#uploads);
    const [state, pending, rejected] = await Promise.all([
      store.state(),
      store.pendingCount(),
      store.rejected(),
    ]);
    return {
      running: this.running,
      pending,
      rejected: rejected.length,
      lastSuccessAt: state.lastSuccessAt,
      error: state.lastError,
      uploads,
    };
  }

  async #publish(): Promise<void> {
    if (this.#listeners.size === 0) return;
    // A status that cannot be read (database closed) leaves the last one showing.
    const s = await this.snapshot().catch(() => null);
    if (s) for (const l of this.#listeners) l(s);
  }
}

interface SentPush {
  request: PushRequest;
  reply: Promise<PushOutcome | { error: unknown }>;
}

/** A push's outcome, or what it threw, as a value: a pipelined reply may wait unobserved. */
function settle(reply: Promise<PushOutcome>): Promise<PushOutcome | { error: unknown }> {
  return reply.catch((error: unknown) => ({ error }));
}

function lastId(request: PushRequest): number {
  return request.mutations[request.mutations.length - 1]!.id;
}

/** The file an `attachment.attach` refers to, or null for any other mutation. */
function attachedHash(mutation: Mutation): string | null {
  if (mutation.name !== 'attachment.attach') return null;
  const sha256 = (mutation.args as { sha256?: unknown } | null)?.sha256;
  return typeof sha256 === 'string' ? sha256 : null;
}

function failureKey(e: unknown): MessageKey {
  if (e instanceof SyncFailure) return e.messageKey;
  if (isQuotaExceeded(e)) return 'sync.storage_full';
  return 'sync.network_failed';
}
