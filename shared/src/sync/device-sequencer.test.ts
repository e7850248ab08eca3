import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sequenceMutation } from './device-sequencer';

describe('sequenceMutation', () => {
  it('applies the next number', () => {
    expect(sequenceMutation(0, 1)).toBe('apply');
    expect(sequenceMutation(41, 42)).toBe('apply');
  });

  it('acknowledges numbers already processed as duplicates', () => {
    expect(sequenceMutation(5, 5)).toBe('duplicate');
    expect(sequenceMutation(5, 1)).toBe('duplicate');
  });

  it('refuses a gap', () => {
    expect(sequenceMutation(0, 2)).toBe('gap');
    expect(sequenceMutation(5, 7)).toBe('gap');
  });

  it('rejects numbers that no device can send', () => {
    expect(() => sequenceMutation(0, 0)).toThrow(RangeError);
    expect(() => sequenceMutation(-1, 1)).toThrow(RangeError);
    expect(() => sequenceMutation(1, 2.5)).toThrow(RangeError);
  });

  it('processes every number exactly once whatever order and repetition the network delivers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 80 }), (arrivals) => {
        let last = 0;
        const processed: number[] = [];
        for (const id of arrivals) {
          const d = sequenceMutation(last, id);
          if (d === 'apply') {
            processed.push(id);
            last = id;
          }
        }
        // Exactly the prefix 1..last, once each, in order.
        expect(processed).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      }),
    );
  });
});
