import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SAMPLING_ALGORITHM,
  SamplingInput,
  drawSample,
  fnv1a64,
  sampleKey,
  sampleSize,
  utf8,
} from './sampling';

const population = Array.from({ length: 30 }, (_, i) => `item-${i + 1}`);

describe('building blocks', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64(utf8(''))).toBe(0xcbf29ce484222325n);
    expect(fnv1a64(utf8('a'))).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64(utf8('foobar'))).toBe(0x85944171f73967e8n);
  });

  it('encodes UTF-8 like every other implementation', () => {
    expect(utf8('A')).toEqual([0x41]);
    expect(utf8('é')).toEqual([0xc3, 0xa9]);
    expect(utf8('抽')).toEqual([0xe6, 0x8a, 0xbd]);
    expect(utf8('😀')).toEqual([0xf0, 0x9f, 0x98, 0x80]);
  });

  it('gives the key the auditor’s Python script gives', () => {
    // Value computed with the Python snippet in sampling.ts's header.
    expect(sampleKey('2026年第一季度抽查', 'item-1')).toBe(0x10f92e0034439230n);
  });

  it('takes the ceiling of the ratio, at least one, in exact arithmetic', () => {
    expect(sampleSize(0, 0.1)).toBe(0);
    expect(sampleSize(1, 0.1)).toBe(1);
    expect(sampleSize(9, 0.1)).toBe(1);
    expect(sampleSize(10, 0.1)).toBe(1);
    expect(sampleSize(11, 0.1)).toBe(2);
    expect(sampleSize(30, 0.1)).toBe(3); // 0.1 × 30 is 3.0000000000000004 in floating point
    expect(sampleSize(100, 0.15)).toBe(15);
    expect(sampleSize(7, 1)).toBe(7);
  });
});

describe('drawSample', () => {
  it('reproduces the auditor’s draw exactly', () => {
    // Both expectations come from the Python snippet in sampling.ts's header.
    expect(drawSample(population, '2026年第一季度抽查').sample).toEqual([
      'item-13',
      'item-20',
      'item-17',
    ]);
    expect(drawSample(population, 'seed-2', 0.25).sample).toEqual([
      'item-1',
      'item-30',
      'item-17',
      'item-16',
      'item-28',
      'item-12',
      'item-20',
      'item-2',
    ]);
  });

  it('returns the parameters for the audit record', () => {
    expect(drawSample([...population, 'item-1'], 's', 0.2).parameters).toEqual({
      algorithm: SAMPLING_ALGORITHM,
      seed: 's',
      ratio: 0.2,
      populationSize: 30,
      sampleSize: 6,
    });
  });

  it('draws nothing from nothing', () => {
    expect(drawSample([], 's').sample).toEqual([]);
  });

  it('refuses a ratio under 10 % or over 100 %', () => {
    expect(() => drawSample(population, 's', 0.05)).toThrow(RangeError);
    expect(() => drawSample(population, 's', 1.5)).toThrow(RangeError);
    expect(() => drawSample(population, 's', Number.NaN)).toThrow(RangeError);
    expect(SamplingInput.safeParse({ seed: 's', ratio: 0.09 }).success).toBe(false);
    expect(SamplingInput.parse({ seed: 's' }).ratio).toBe(0.1);
  });

  const arbIds = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 60 });
  const arbRatio = fc.integer({ min: 1000, max: 10000 }).map((bp) => bp / 10000);

  it('depends on the set only: order and duplicates do not matter', () => {
    fc.assert(
      fc.property(arbIds, fc.string(), arbRatio, fc.nat(), (ids, seed, ratio, shift) => {
        const rotated = ids.map((_, i) => ids[(i + shift) % ids.length]!);
        const shuffled = [...rotated.reverse(), ...ids.slice(0, 3)];
        expect(drawSample(shuffled, seed, ratio)).toEqual(drawSample(ids, seed, ratio));
      }),
    );
  });

  it('draws at least the ratio, from the population, without repeats', () => {
    fc.assert(
      fc.property(arbIds, fc.string(), arbRatio, (ids, seed, ratio) => {
        const { sample } = drawSample(ids, seed, ratio);
        expect(new Set(sample).size).toBe(sample.length);
        for (const id of sample) expect(ids).toContain(id);
        expect(sample.length).toBeGreaterThanOrEqual(Math.min(ids.length, 1));
        expect(sample.length / Math.max(ids.length, 1)).toBeGreaterThanOrEqual(
          ids.length ? ratio - 1e-12 : 0,
        );
        expect(sample.length).toBeLessThan(ratio * ids.length + 1 + 1e-9);
      }),
    );
  });

  it('is a prefix of a larger draw with the same seed', () => {
    fc.assert(
      fc.property(arbIds, fc.string(), (ids, seed) => {
        const small = drawSample(ids, seed, 0.1).sample;
        const large = drawSample(ids, seed, 0.5).sample;
        expect(large.slice(0, small.length)).toEqual(small);
      }),
    );
  });

  it('changes with the seed and spreads evenly', () => {
    const ids = Array.from(
      { length: 200 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const hits = new Map<string, number>();
    const draws = 400;
    let identical = 0;
    let previous: string[] = [];
    for (let s = 0; s < draws; s++) {
      const { sample } = drawSample(ids, `seed-${s}`);
      if (sample.join() === previous.join()) identical++;
      previous = sample;
      for (const id of sample) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    expect(identical).toBe(0);
    // 400 draws × 20 of 200: each id is expected 40 times; a fair draw never strays this far.
    for (const id of ids) {
      expect(hits.get(id) ?? 0).toBeGreaterThan(10);
      expect(hits.get(id) ?? 0).toBeLessThan(80);
    }
  });
});
