import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, claimDigest, claimsFor, claimsOf, recordDigest } from './record-digest';
import { recordKey } from './record-key';
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

describe('claims', () => {
  const note = (id: string, text: string) => ({
    type: 'note' as const,
    id,
    planId: PLAN,
    fields: { text } as RecordFields,
  });

  it('pair a mutation’s claims with its writes one for one, conflict records aside', () => {
    const writes = [note('n1', '甲'), note('n2', '乙')];
    const digests = claimsFor(writes)!;
    expect(digests).toEqual([
      claimDigest('note', 'n1', PLAN, { text: '甲' }),
      claimDigest('note', 'n2', PLAN, { text: '乙' }),
    ]);
    const conflict = { type: 'conflict' as const, id: 'c1', planId: PLAN, fields: {} };
    const paired = claimsOf({ digests }, [writes[0]!, conflict, writes[1]!]);
    expect([...paired]).toEqual([
      [recordKey('note', 'n1'), digests[0]],
      [recordKey('note', 'n2'), digests[1]],
    ]);
  });

  it('pair nothing when the counts differ or there are none', () => {
    const writes = [note('n1', '甲'), note('n2', '乙')];
    const one = claimsFor([writes[0]!])!;
    expect(claimsOf({ digests: one }, writes).size).toBe(0);
    expect(claimsOf({}, writes).size).toBe(0);
  });

  it('name the record as well as its content', () => {
    expect(claimDigest('note', 'n1', PLAN, { text: '甲' })).not.toBe(
      claimDigest('note', 'n2', PLAN, { text: '甲' }),
    );
    expect(claimDigest('note', 'n1', PLAN, { text: '甲' })).not.toBe(
      claimDigest('note', 'n1', PLAN, { text: '乙' }),
    );
  });

  it('are left out for a mutation that writes more than a push should carry', () => {
    const many = Array.from({ length: 101 }, (_, i) => note(`n${i}`, '甲'));
    expect(claimsFor(many)).toBeUndefined();
    expect(claimsFor(many.slice(0, 100))).toHaveLength(100);
  });
});

function JsonArbitrary(): fc.Arbitrary<JsonValue> {
  return fc
    .jsonValue({ maxDepth: 2 })
    .filter((v) => JsonValue.safeParse(v).success) as fc.Arbitrary<JsonValue>;
}
