import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, recordDigest } from './record-digest';
import { JsonValue, type RecordFields } from './sync-record';

const PLAN = '00000003-0000-4000-8000-000000000001';

describe('record digest', () => {
  it('is 32 hex digits, the same for the same content whatever the key order', () => {
    const a = recordDigest(PLAN, { text: '食堂账目', itemId: null, n: 1.5, tags: ['a', 'b'] });
    const b = recordDigest(PLAN, { tags: ['a', 'b'], n: 1.5, itemId: null, text: '食堂账目' });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toBe(a);
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [] })).toBe('{"a":[],"b":{"c":2,"d":1}}');
  });

  it('changes with any field, value, nesting, array order or the plan', () => {
    const base: RecordFields = {
      text: '食堂账目',
      evidence: ['x', 'y'],
      answer: { kind: 'score', value: 8 },
    };
    const d = recordDigest(PLAN, base);
    const variants: [string | null, RecordFields][] = [
      [null, base],
      [PLAN.replace('1', '2'), base],
      [PLAN, { ...base, text: '食堂帐目' }],
      [PLAN, { ...base, evidence: ['y', 'x'] }],
      [PLAN, { ...base, answer: { kind: 'score', value: 9 } }],
      [PLAN, { ...base, extra: null }],
      [PLAN, { ...base, text: '' }],
    ];
    const digests = variants.map(([p, f]) => recordDigest(p, f));
    expect(new Set([d, ...digests]).size).toBe(variants.length + 1);
  });

  it('does not collide over many random records', () => {
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(fc.dictionary(fc.string(), JsonArbitrary(), { maxKeys: 6 }), (fields) => {
        const canon = canonicalJson(fields as RecordFields);
        const digest = recordDigest(PLAN, fields as RecordFields);
        const earlier = seen.get(digest);
        if (earlier !== undefined) expect(earlier).toBe(canon);
        seen.set(digest, canon);
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });
});

function JsonArbitrary(): fc.Arbitrary<JsonValue> {
  return fc
    .jsonValue({ maxDepth: 2 })
    .filter((v) => JsonValue.safeParse(v).success) as fc.Arbitrary<JsonValue>;
}
