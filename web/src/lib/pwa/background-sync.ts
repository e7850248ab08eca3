/*
 * Background Sync (Chromium): when changes wait because the network failed, the page registers a
 * sync tag; the browser fires `sync` in the service worker once connectivity returns, even if the
 * tab sits in the background, and retries with its own backoff while that fails. The worker
 * cannot push by itself (the engine, Dexie and the session live in the page), so it wakes the
 * open pages, each runs "sync now", and the first that succeeds settles the event
 * (static/sw-background-sync.js). Elsewhere (Safari, Firefox) everything here is a silent no-op:
 * the engine's own triggers (online, periodic, start) still push.
 */

export const BACKGROUND_SYNC_TAG = 'ducha-push';
export const BACKGROUND_SYNC_MESSAGE = 'ducha-background-sync';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

export interface ServiceWorkerContainerLike {
  /** `ServiceWorkerRegistration`, whose `sync` TypeScript's DOM types do not know yet. */
  ready: Promise<object>;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** Worth asking the browser to wake us: changes wait and the last attempt failed. */
export function needsBackgroundSync(s: { pending: number; error: string | null }): boolean {
  return s.pending > 0 && s.error !== null;
}

export function createBackgroundSync(container: ServiceWorkerContainerLike | null) {
  /** Registers the tag; false where Background Sync is missing or refused (never throws). */
  async function register(): Promise<boolean> {
    if (!container) return false;
    try {
      const { sync } = (await container.ready) as { sync?: SyncManagerLike };
      if (!sync) return false;
      await sync.register(BACKGROUND_SYNC_TAG);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Answers the worker's wake-ups: `run` syncs and says whether everything went out; the answer
   * goes back on the message's port so the worker knows whether the browser should retry.
   */
  function listen(run: () => Promise<boolean>): () => void {
    if (!container) return () => undefined;
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown } | null;
      if (data?.type !== BACKGROUND_SYNC_MESSAGE) return;
      const port = event.ports[0];
      void run()
        .catch(() => false)
        .then((ok) => port?.postMessage({ ok }));
    };
    container.addEventListener('message', onMessage);
    return () => container.removeEventListener('message', onMessage);
  }

  return { register, listen };
}

export type BackgroundSync = ReturnType<typeof createBackgroundSync>;
