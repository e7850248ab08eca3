/*
 * Storage health. Browsers may evict an origin's IndexedDB under pressure unless it is marked
 * persistent, and a phone full of photos eventually refuses writes: both must be handled before
 * an inspector loses a day's notes.
 */

interface StorageManagerLike {
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

let requested: Promise<boolean> | null = null;

/** Asks once per page for persistent storage; resolves whether the origin is persistent. */
export function requestPersistentStorage(
  storage: StorageManagerLike | undefined = globalThis.navigator?.storage,
): Promise<boolean> {
  requested ??= (async () => {
    if (!storage?.persist) return false;
    try {
      if (await storage.persisted?.()) return true;
      return await storage.persist();
    } catch {
      // Some browsers reject instead of answering false; the app works either way.
      return false;
    }
  })();
  return requested;
}

/** For tests: forget that the request was made. */
export function resetPersistentStorageRequest(): void {
  requested = null;
}

/**
 * Whether an error means the disk is full. IndexedDB raises QuotaExceededError directly (Dexie
 * keeps the name), or aborts the transaction: Dexie rejects with an AbortError whose `inner` is
 * the transaction's `error`, others carry it as `cause`, the aborted request or transaction (or
 * the abort event's `target`) holds it in `error`, and a failed bulk write lists it among its
 * `failures` (Dexie's BulkError).
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: unknown;
    inner?: unknown;
    cause?: unknown;
    error?: unknown;
    target?: unknown;
    failures?: unknown;
  };
  if (e.name === 'QuotaExceededError') return true;
  const nested = [e.inner, e.cause, e.error, e.target];
  if (Array.isArray(e.failures)) nested.push(...e.failures);
  return nested.some((n) => isQuotaExceeded(n, depth + 1));
}
