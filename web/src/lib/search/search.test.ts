import 'fake-indexeddb/auto';
import { recordKey, type SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { LocalDb, planCacheFor } from '$lib/db/local-db';
import { planItem } from '$lib/testing/fixtures';
import { SearchManager } from './search.svelte';
import { watchSearchSources } from './search-source';
import { bigramSplitter } from './search-words';

let dbCount = 0;

function note(id: string, text: string, createdAt: string): SyncRecord {
  return {
    type: 'note',
    id,
    planId: 'p1',
    version: 1,
    deleted: null,
    fields: { inspectionId: 'v1', itemId: null, text, createdAt },
    stamps: {},
  };
}

async function deviceWith(records: SyncRecord[]): Promise<LocalDb> {
  const db = new LocalDb(`search-${++dbCount}-${Date.now()}`);
  await db.records.bulkPut(records.map((r) => ({ ...r, key: recordKey(r.type, r.id) })));
  await planCacheFor(db).replace([planItem({ title: '食堂经费专项检查' })], '2026-03-03T00:00:00Z');
  return db;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function manager(db: LocalDb) {
  let watching = 0;
  const search = new SearchManager({
    watch: (_userId, next, fail) => {
      watching++;
      const stop = watchSearchSources(db, next, fail);
      return () => {
        watching--;
        stop();
      };
    },
    split: bigramSplitter,
    now: () => Date.parse('2026-03-10T00:00:00Z'),
  });
  return { search, watching: () => watching };
}

describe('SearchManager over the device database', () => {
  it('groups highlighted results by kind from IndexedDB', async () => {
    const db = await deviceWith([
      note('n1', '食堂后门消防通道被堵塞', '2026-03-03T01:00:00Z'),
      note('n2', '会议记录齐全', '2026-03-03T02:00:00Z'),
    ]);
    const { search } = manager(db);
    const close = search.open('u1');
    await expect.poll(() => search.ready).toBe(true);

    search.query = '食堂';
    expect(search.groups.map((g) => [g.kind, g.total])).toEqual([
      ['note', 1],
      ['plan', 1],
    ]);
    const [hit] = search.groups[0]!.results;
    expect(hit).toMatchObject({ id: 'n1', href: '/visits/v1', title: [] });
    expect(hit!.snippet).toEqual([
      { text: '食堂', hit: true },
      { text: '后门消防通道被堵塞', hit: false },
    ]);
    close();
    expect(search.ready).toBe(false);
  });

  it('re-reads the records after they change while open', async () => {
    const db = await deviceWith([]);
    const { search } = manager(db);
    const close = search.open('u1');
    await expect.poll(() => search.ready).toBe(true);
    search.query = '灭火器';
    expect(search.total).toBe(0);

    await db.records.put({ ...note('n3', '灭火器过期', '2026-03-04T00:00:00Z'), key: 'note/n3' });
    await expect.poll(() => search.total, { timeout: 3000 }).toBe(1);
    close();
  });

  it('forgets the query and the index when another user opens it', async () => {
    const db = await deviceWith([note('n1', '食堂', '2026-03-03T01:00:00Z')]);
    const { search, watching } = manager(db);
    const close = search.open('u1');
    search.query = '食堂';
    close();
    expect(watching()).toBe(0);

    const closeOther = search.open('u2');
    expect(search.query).toBe('');
    await flush();
    closeOther();
  });
});
