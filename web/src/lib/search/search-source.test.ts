import 'fake-indexeddb/auto';
import { recordKey, type SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { LocalDb, planCacheFor } from '$lib/db/local-db';
import { planItem } from '$lib/testing/fixtures';
import type { SearchSources } from './search-documents';
import { readSearchSources, watchSearchSources } from './search-source';

let dbCount = 0;

function rec(type: SyncRecord['type'], id: string, fields: SyncRecord['fields']): SyncRecord {
  return { type, id, planId: 'p1', version: 1, deleted: null, fields, stamps: {} };
}

async function device(records: SyncRecord[]): Promise<LocalDb> {
  const db = new LocalDb(`search-source-${++dbCount}-${Date.now()}`);
  await db.records.bulkPut(records.map((r) => ({ ...r, key: recordKey(r.type, r.id) })));
  return db;
}

describe('search sources from the device database', () => {
  it('reads the searched record types and the cached plan list, as plain records', async () => {
    const db = await device([
      rec('note', 'n1', { text: '食堂后门堵塞' }),
      rec('finding', 'f1', { title: '超标准接待' }),
      rec('attachment', 'a1', { fileName: '照片.jpg' }),
      rec('conflict', 'c1', {}),
    ]);
    const plan = planItem({ title: '食堂经费专项检查' });
    await planCacheFor(db).replace([plan], '2026-03-03T00:00:00Z');

    const sources = await readSearchSources(db);
    expect(sources.records.map((r) => `${r.type}/${r.id}`).sort()).toEqual([
      'finding/f1',
      'note/n1',
    ]);
    expect(sources.records[0]).not.toHaveProperty('key');
    expect(sources.plans).toEqual([plan]);
    db.close();
  });

  it('reads again after every change, until stopped', async () => {
    const db = await device([rec('note', 'n1', { text: '第一条' })]);
    const seen: SearchSources[] = [];
    const failures: unknown[] = [];
    const stop = watchSearchSources(
      db,
      (s) => seen.push(s),
      (e) => failures.push(e),
    );
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]!.records.map((r) => r.id)).toEqual(['n1']);

    const n2 = rec('note', 'n2', { text: '离线时写的第二条' });
    await db.records.put({ ...n2, key: recordKey('note', 'n2') });
    await expect
      .poll(() =>
        seen
          .at(-1)
          ?.records.map((r) => r.id)
          .sort(),
      )
      .toEqual(['n1', 'n2']);

    stop();
    const count = seen.length;
    await db.records.put({
      ...rec('note', 'n3', { text: '第三条' }),
      key: recordKey('note', 'n3'),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.length).toBe(count);
    expect(failures).toEqual([]);
    db.close();
  });
});
