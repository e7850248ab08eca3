import type { MessageKey } from '@ducha/shared';
import type { SyncEngine, SyncSnapshot } from './sync-engine';

/** What the status bar shows: pending changes, the last successful sync, the error, activity. */
export class SyncStatusManager {
  #pending = $state(0);
  #rejected = $state(0);
  #lastSuccessAt = $state<string | null>(null);
  #error = $state<MessageKey | null>(null);
  #running = $state(false);
  #uploads = $state<Readonly<Record<string, number>>>({});

  get pending(): number {
    return this.#pending;
  }

  /** Changes the server refused; each is kept on the device with its reason. */
  get rejected(): number {
    return this.#rejected;
  }

  get lastSuccessAt(): string | null {
    return this.#lastSuccessAt;
  }

  get error(): MessageKey | null {
    return this.#error;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Files uploading now: SHA-256 → fraction sent, for a progress bar on each thumbnail. */
  get uploads(): Readonly<Record<string, number>> {
    return this.#uploads;
  }

  /** Everything made on this device has reached the server and come back. */
  get synced(): boolean {
    return this.#pending === 0 && this.#error === null;
  }

  update(s: SyncSnapshot): void {
    this.#pending = s.pending;
    this.#rejected = s.rejected;
    this.#lastSuccessAt = s.lastSuccessAt;
    this.#error = s.error;
    this.#running = s.running;
    this.#uploads = s.uploads;
  }

  /** Follows an engine; returns the unsubscribe function. */
  follow(engine: SyncEngine): () => void {
    const off = engine.onStatus((s) => this.update(s));
    void engine.snapshot().then((s) => this.update(s));
    return off;
  }
}
