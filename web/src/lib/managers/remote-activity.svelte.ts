import type { Locale } from '@ducha/shared';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from './connectivity.svelte';

export interface RemoteActivityDeps {
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

/**
 * Busy and error state of a console screen that talks to the server, shared by its managers:
 * one request's failure becomes the screen's message, and an unreachable server (or no network)
 * also tells the connectivity manager, so the sync status says so too.
 */
export class RemoteActivity {
  #busy = $state(false);
  #error = $state<UserError | null>(null);

  get busy(): boolean {
    return this.#busy;
  }

  get error(): UserError | null {
    return this.#error;
  }

  /** Shows a failure found without asking the server (a file refused before sending). */
  fail(error: UserError | null): void {
    this.#error = error;
  }

  async run(deps: RemoteActivityDeps, action: () => Promise<unknown>): Promise<UserError | null> {
    this.#busy = true;
    try {
      await action();
      this.#error = null;
      deps.connectivity.reportReachable(true);
      return null;
    } catch (error) {
      const failure = toUserError(error, deps.locale(), deps.connectivity.browserOnline);
      this.#error = failure;
      if (failure.kind === 'offline' || failure.kind === 'unavailable') {
        deps.connectivity.reportReachable(false);
      }
      return failure;
    } finally {
      this.#busy = false;
    }
  }
}
