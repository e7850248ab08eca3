import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMIT } from '../config';
import { lockMs } from './login-limit.service';

describe('lockMs', () => {
  const cfg = DEFAULT_LOGIN_LIMIT;

  it('does not lock below the threshold', () => {
    expect(lockMs(4, 5, cfg)).toBe(0);
  });

  it('doubles with each failure from the threshold on, up to the cap', () => {
    expect([5, 6, 7, 8].map((n) => lockMs(n, 5, cfg))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockMs(50, 5, cfg)).toBe(cfg.maxLockMs);
    expect(lockMs(10_000, 5, cfg)).toBe(cfg.maxLockMs);
  });
});
