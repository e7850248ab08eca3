import type { MessageKey } from '@ducha/shared';
import type { LocalDb } from '$lib/db/local-db';
import type { LocalStore } from './local-store';
import type { SyncEngine } from './sync-engine';
import { SyncStatusManager } from './sync-status.svelte';

/** One user's device-side sync: their own database, store and engine. */
export interface UserSync {
  db: LocalDb;
  store: LocalStore;
  engine: SyncEngine;
}

export interface SyncSessionDeps {
  /** Opens the signed-in user's database (`ducha-<userId>`) with its store and engine. */
  open(userId: string): UserSync;
  /** `navigator.storage.persist()`, asked once: eviction would lose unsynced work. */
  requestPersistentStorage?: () => Promise<unknown>;
  /** A newer tab is upgrading the database: this page must load the new code. */
  reload(): void;
}

/** A change the server refused, kept on the device until the user has read why. */
export interface RejectedChange {
  id: number;
  name: string;
  reason: MessageKey | null;
  clientTime: string;
}

/**
 * Follows who is signed in: opens that user's store and engine, starts syncing, and stops it when
 * the user signs out or another signs in. Nothing is ever deleted here: a user's database, with
 * its outbox, stays on the device for their next sign-in (the logout dialog warns about it).
 */
export class SyncSession {
  readonly status = new SyncStatusManager();
  #rejected = $state<RejectedChange[]>([]);
  #reloading = $state(false);
  #userId: string | null = null;
  #current: (UserSync & { stop: () => void }) | null = null;
  #persistAsked = false;
  readonly #deps: SyncSessionDeps;

  constructor(deps: SyncSessionDeps) {
    this.#deps = deps;
  }

  get userId(): string | null {
    return this.#userId;
  }

  get store(): LocalStore | null {
    return this.#current?.store ?? null;
  }

  /** Rejected changes with their reasons, oldest first. */
  get rejected(): readonly RejectedChange[] {
    return this.#rejected;
  }

  /** The database was upgraded by a newer tab; the page is about to reload. */
  get reloading(): boolean {
    return this.#reloading;
  }

  /** Switches to `userId` (null: signed out). The same user again changes nothing. */
  attach(userId: string | null): void {
    if (userId === this.#userId || this.#reloading) return;
    this.#detach();
    this.#userId = userId;
    if (userId === null) return;
    if (!this.#persistAsked) {
      this.#persistAsked = true;
      void this.#deps.requestPersistentStorage?.();
    }
    const opened = this.#deps.open(userId);
    const { db, store, engine } = opened;
    const onVersionChange = () => {
      this.#onVersionChange(opened.db, opened.engine);
      // Handled here: Dexie's default would close the database without telling anyone.
      return false;
    };
    db.on.versionchange.subscribe(onVersionChange);
    const unfollow = this.status.follow(engine);
    const offStatus = engine.onStatus(() => void this.#refreshRejected(store));
    this.#current = {
      ...opened,
      stop: () => {
        engine.stop();
        store.close();
        unfollow();
        offStatus();
        db.on.versionchange.unsubscribe(onVersionChange);
      },
    };
    void this.#refreshRejected(store);
    engine.start();
  }

  /** Stops syncing; the user's data stays on the device. */
  dispose(): void {
    this.#detach();
    this.#userId = null;
  }

  /** "立即同步": resolves when the run is over (its failure, if any, is in `status.error`). */
  async syncNow(): Promise<void> {
    await this.#current?.engine.syncNow();
  }

  /** Changes made on this device that the server has not yet confirmed. */
  async unsyncedCount(): Promise<number> {
    return (await this.#current?.store.pendingCount()) ?? 0;
  }

  /** The user has read why a change was refused. */
  async dismissRejected(id: number): Promise<void> {
    const store = this.#current?.store;
    if (!store) return;
    await store.dismissRejected(id);
    await this.#refreshRejected(store);
  }

  #detach(): void {
    this.#current?.stop();
    this.#current = null;
    this.#rejected = [];
    this.status.update({
      running: false,
      pending: 0,
      rejected: 0,
      lastSuccessAt: null,
      error: null,
      uploads: {},
    });
  }

  async #refreshRejected(store: LocalStore): Promise<void> {
    const rows = await store.rejected().catch(() => null);
    // The user may have switched while this was read.
    if (rows === null || this.#current?.store !== store) return;
    this.#rejected = rows.map((r) => ({
      id: r.seq!,
      name: r.name,
      reason: r.reason ?? null,
      clientTime: r.clientTime,
    }));
  }

  /**
   * Every local change is one committed IndexedDB transaction, so the outbox is already safe:
   * closing lets the running transactions finish (or abort whole) and unblocks the other tab's
   * upgrade. An interrupted push is harmless: the server answers the resend as a duplicate.
   */
  #onVersionChange(db: LocalDb, engine: SyncEngine): void {
    engine.stop();
    db.close();
    this.#reloading = true;
    this.#deps.reload();
  }
}
