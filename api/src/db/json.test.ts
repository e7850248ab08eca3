import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/test-db';
import { jsonb, jsonbFromBytes } from './json';

let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
});
afterAll(() => t.cleanup());

describe('jsonb parameters', () => {
  const value = { text: '四不两直：现场检查发现问题 😀', n: 3, nested: [null, true, 'é'] };

  it('arrive the same whether sent as a string or as UTF-8 bytes', async () => {
    const { rows } = await sql<{ a: unknown; b: unknown; same: boolean; text: string }>`
      select ${jsonb(value)} as a, ${jsonbFromBytes(value)} as b,
        ${jsonb(value)} = ${jsonbFromBytes(value)} as same,
        ${jsonbFromBytes(value)} ->> 'text' as text`.execute(t.db);
    expect(rows[0]).toEqual({ a: value, b: value, same: true, text: value.text });
  });

  it('leave ordinary text parameters as they were', async () => {
    const { rows } = await sql<{ s: string }>`select ${'督查'}::text || ${'Ducha'} as s`.execute(
      t.db,
    );
    expect(rows[0]!.s).toBe('督查Ducha');
  });
});
