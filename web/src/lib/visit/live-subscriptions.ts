import type { Observable } from 'dexie';
/** What `follow` needs of a source: Dexie's liveQuery observables, or one made by hand. */
export interface Subscribable<T> {
  subscribe(observer: { next: (value: T) => void; error: (e: unknown) => void }): {
    unsubscribe(): void;
  };
}

interface Slot {
  key: string;
  stop: () => void;
}

/**
 * Named live-query subscriptions whose source depends on other data (the plan of an inspection,
 * the template version of a plan): `follow` the same name with a new key replaces the old one,
 * the same key keeps it. `stopAll` on leaving the screen.
 */
export class LiveSubscriptions {
  readonly #slots = new Map<string, Slot>();

  follow<T>(
    name: string,
    key: string,
    source: () => Observable<T> | Subscribable<T>,
    next: (value: T) => void,
    error?: (e: unknown) => void,
  ): void {
    const slot = this.#slots.get(name);
    if (slot?.key === key) return;
    slot?.stop();
    const sub = source().subscribe({ next, error: error ?? (() => undefined) });
    this.#slots.set(name, { key, stop: () => sub.unsubscribe() });
  }

  stop(name: string): void {
    this.#slots.get(name)?.stop();
    this.#slots.delete(name);
  }

  stopAll(): void {
    for (const slot of this.#slots.values()) slot.stop();
    this.#slots.clear();
  }
}
