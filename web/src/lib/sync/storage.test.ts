import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isQuotaExceeded,
  requestPersistentStorage,
  resetPersistentStorageRequest,
} from './storage';

describe('isQuotaExceeded', () => {
  it('recognises the quota error, directly or inside an AbortError', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    const abort = Object.assign(new DOMException('aborted', 'AbortError'), { inner: quota });
    expect(isQuotaExceeded(quota)).toBe(true);
    expect(isQuotaExceeded(abort)).toBe(true);
    expect(isQuotaExceeded(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(new Error('other'))).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
  });

  it('finds it wherever Dexie and the browsers put it when a transaction aborts', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    const aborted = () => new DOMException('aborted', 'AbortError');
    // Dexie maps the DOMException to its own class of the same name.
    expect(isQuotaExceeded(new Dexie.QuotaExceededError('full', quota))).toBe(true);
    // Dexie's AbortError carries the transaction's error as `inner`.
    expect(isQuotaExceeded(new Dexie.AbortError(quota))).toBe(true);
    expect(isQuotaExceeded(new Dexie.AbortError())).toBe(false);
    // An AbortError with the quota error as its cause.
    expect(isQuotaExceeded(new Error('write failed', { cause: quota }))).toBe(true);
    // Chromium: the request failed with AbortError, the transaction's `error` says why.
    const transaction = { error: quota };
    expect(isQuotaExceeded(transaction)).toBe(true);
    expect(isQuotaExceeded(Object.assign(aborted(), { transaction, error: quota }))).toBe(true);
    expect(isQuotaExceeded({ type: 'abort', target: transaction })).toBe(true);
    expect(isQuotaExceeded({ type: 'abort', target: { error: aborted() } })).toBe(false);
    // A bulk write that failed on quota (Dexie's BulkError lists each failure).
    expect(
      isQuotaExceeded(
        new Dexie.BulkError('bulkPut failed', { 3: new Dexie.QuotaExceededError(quota) }),
      ),
    ).toBe(true);
    expect(isQuotaExceeded(new Dexie.BulkError('bulkPut failed', { 0: aborted() }))).toBe(false);
    // A cycle ends the search instead of recursing forever.
    const cyclic: { name: string; cause?: unknown } = { name: 'AbortError' };
    cyclic.cause = cyclic;
    expect(isQuotaExceeded(cyclic)).toBe(false);
  });
});

describe('requestPersistentStorage', () => {
  afterEach(resetPersistentStorageRequest);

  it('asks once', async () => {
    let asked = 0;
    const storage = {
      persisted: async () => false,
      persist: async () => {
        asked++;
        return true;
      },
    };
    expect(await requestPersistentStorage(storage)).toBe(true);
    expect(await requestPersistentStorage(storage)).toBe(true);
    expect(asked).toBe(1);
  });

  it('answers false where the browser cannot persist', async () => {
    expect(await requestPersistentStorage({})).toBe(false);
  });
});
