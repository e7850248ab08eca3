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
