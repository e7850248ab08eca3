import { describe, expect, it } from 'vitest';
import { perDatabase } from './per-database';

describe('perDatabase', () => {
  it('makes one value per database handle, shared by every deps that holds it', () => {
    let made = 0;
    const registry = perDatabase(() => ({ n: ++made }));
    const a = { db: {} };
    const b = { db: {} };
    expect(registry(a)).toBe(registry({ db: a.db }));
    expect(registry(b)).not.toBe(registry(a));
    expect(made).toBe(2);
  });
});
