/*
 * An in-process hint that visit data changed: a push that committed, or a reviewer's decision.
 * It carries only the ids of the plans written, never data, and is fired after the commit (a
 * listener that re-reads must see the change; a rolled-back write must announce nothing). One
 * notifier per database handle: the app and its procedures share the deps, tests get their own.
 */

import { perDatabase } from '../db/per-database';

export type ChangeListener = (planIds: readonly string[]) => void;

export class ChangeNotifier {
  readonly #listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(planIds: Iterable<string>): void {
    const ids = [...new Set(planIds)];
    if (ids.length === 0) return;
    for (const listener of this.#listeners) {
      // A listener's failure (a closed stream) must not stop the others nor the writer.
      try {
        listener(ids);
      } catch {
        /* the listener's own connection is gone */
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}

export const changeNotifier = perDatabase(() => new ChangeNotifier());
