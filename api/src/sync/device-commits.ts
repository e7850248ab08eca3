/*
 * Wake-ups for pushes that arrived ahead of their turn. A device sends its next push while the
 * one before is still in flight (sync-engine.ts pipelines them); on separate connections the
 * later one can reach the device lock first, find a gap, and would send the device two round
 * trips back (refused, then sent again). Instead it waits here, for a bounded time, for the
 * device's next commit in this process, and looks again. Another API process's commit never
 * wakes it: it then looks again when its wait runs out, which is only slower.
 */

import { perDatabase } from '../db/per-database';

export interface CommitWait {
  /** True when the device committed a push since `next` armed this; false after `ms`. */
  wait(ms: number): Promise<boolean>;
  cancel(): void;
}

export class DeviceCommits {
  readonly #waiting = new Map<string, Set<() => void>>();

  /**
   * Armed at once, before the caller looks at the device: a commit that lands between that look
   * and `wait` still counts.
   */
  next(deviceId: string): CommitWait {
    let fired = false;
    let wake: (committed: boolean) => void = () => {};
    const woken = new Promise<boolean>((resolve) => (wake = resolve));
    const fire = () => {
      fired = true;
      wake(true);
    };
    const set = this.#waiting.get(deviceId) ?? new Set<() => void>();
    this.#waiting.set(deviceId, set);
    set.add(fire);
    const cancel = () => {
      set.delete(fire);
      if (set.size === 0 && this.#waiting.get(deviceId) === set) this.#waiting.delete(deviceId);
    };
    return {
      wait: async (ms) => {
        if (fired) return true;
        const timer = setTimeout(() => wake(false), ms);
        try {
          return await woken;
        } finally {
          clearTimeout(timer);
          cancel();
        }
      },
      cancel,
    };
  }

  /** Called after a push of this device committed. */
  committed(deviceId: string): void {
    const set = this.#waiting.get(deviceId);
    if (!set) return;
    this.#waiting.delete(deviceId);
    for (const fire of set) fire();
  }

  /** Devices with a push waiting (for tests and leaks). */
  get size(): number {
    return this.#waiting.size;
  }
}

/** One registry per database handle, like the change notifier: the app's procedures share it. */
export const deviceCommits = perDatabase(() => new DeviceCommits());
