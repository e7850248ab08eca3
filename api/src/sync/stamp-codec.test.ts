import { describe, expect, it } from 'vitest';
import type { FieldStamp } from '@ducha/shared';
import { decodeStamps, encodeStamps } from './stamp-codec';

const stamp = (mutationId: number, by = 'u1'): FieldStamp => ({
  by,
  deviceId: 'd1',
  mutationId,
  version: 10 + mutationId,
  at: '2026-03-02T01:00:00.000Z',
});

describe('stored stamps', () => {
  it('keep each distinct stamp once and read back exactly', () => {
    const stamps = {
      inspectionId: stamp(1),
      text: stamp(2, 'u2'),
      itemId: stamp(1),
      createdBy: stamp(1),
      createdAt: stamp(1),
    };
    const stored = encodeStamps(stamps);
    expect(stored.w).toHaveLength(2);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(stamps).length / 2);
    expect(decodeStamps(JSON.parse(JSON.stringify(stored)))).toEqual(stamps);
    expect(decodeStamps(encodeStamps({}))).toEqual({});
  });

  it('keep one entry for a stamp object shared by fields and for an equal copy of it', () => {
    const one = stamp(1);
    const stamps = { a: one, b: one, c: stamp(1), d: stamp(2), e: one };
    const stored = encodeStamps(stamps);
    expect(stored.w).toHaveLength(2);
    expect(stored.f).toEqual({ a: 0, b: 0, c: 0, d: 1, e: 0 });
    expect(decodeStamps(stored)).toEqual(stamps);
  });

  it('still read the plain field-to-stamp maps written before, and nothing as empty', () => {
    const legacy = { v: stamp(3), w: stamp(4) };
    expect(decodeStamps(legacy)).toEqual(legacy);
    expect(decodeStamps(null)).toEqual({});
  });
});
