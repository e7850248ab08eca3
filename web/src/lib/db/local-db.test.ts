import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { planItem } from '$lib/testing/fixtures';
import { LocalDb, keysOfPlan, ofType, planCacheFor } from './local-db';

let dbCount = 0;
const freshDb = () => new LocalDb(`test-${++dbCount}-${Date.now()}`);

describe('plan cache', () => {
  it('is empty at first', async () => {
    expect(await planCacheFor(freshDb()).read()).toEqual({ plans: [], cachedAt: null });
  });

  it('returns what was saved, without the bookkeeping field', async () => {
    const cache = planCacheFor(freshDb());
    const plans = [planItem({ confidential: true }), planItem()];

    await cache.replace(plans, '2026-03-03T01:00:00.000Z');
    const saved = await cache.read();

    expect(saved.cachedAt).toBe('2026-03-03T01:00:00.000Z');
    expect(saved.plans).toHaveLength(2);
    expect(saved.plans).toEqual(expect.arrayContaining(plans));
  });

  it('drops plans the server no longer lists', async () => {
    const cache = planCacheFor(freshDb());
    const kept = planItem();
    await cache.replace([kept, planItem()], '2026-03-03T01:00:00.000Z');

    await cache.replace([kept], '2026-03-03T02:00:00.000Z');

    expect((await cache.read()).plans.map((p) => p.id)).toEqual([kept.id]);
  });

  it('keeps each user in a database of their own', async () => {
    const a = new LocalDb('user-a');
    const b = new LocalDb('user-b');
    await planCacheFor(a).replace([planItem()], '2026-03-03T01:00:00.000Z');

    expect(a.name).toBe('ducha-user-a');
    expect((await planCacheFor(b).read()).plans).toEqual([]);
  });

  it('can be cleared', async () => {
    const cache = planCacheFor(freshDb());
    await cache.replace([planItem()], '2026-03-03T01:00:00.000Z');
    await cache.clear();
    expect((await cache.read()).plans).toEqual([]);
  });
});

describe('schema upgrades', () => {
  it('version 3 adds thumbnails and carries the outbox and files over untouched', async () => {
    const userId = `upgrade-${Date.now()}`;
    // The database as version 2 of the app left it.
    const old = new Dexie(`ducha-${userId}`);
    old.version(2).stores({
      plans: 'id, status, windowStart',
      records: 'key, type, planId, [type+planId]',
      confirmed: 'key, type, planId',
      outbox: 'id, status, *keys',
      syncState: 'key',
      attachments: 'sha256, status',
    });
    const queued = {
      id: 7,
      name: 'note.add',
      args: { text: '离线记录' },
      schemaVersion: 2,
      clientTime: '2026-03-02T08:00:00.000Z',
      status: 'pending',
      keys: ['note:1'],
    };
    await old.table('outbox').add(queued);
    await old.table('attachments').add({
      sha256: 'a'.repeat(64),
      status: 'queued-upload',
      blob: new Blob(['x']),
      size: 1,
      mimeType: 'image/jpeg',
    });
    old.close();

    const db = new LocalDb(userId);
    await db.open();

    expect(db.verno).toBe(5);
    expect(await db.outbox.toArray()).toEqual([queued]);
    expect(await db.outbox.where('keys').equals('note:1').count()).toBe(1);
    expect((await db.attachments.get('a'.repeat(64)))?.status).toBe('queued-upload');
    await db.thumbnails.put({ sha256: 'a'.repeat(64), blob: new Blob(['t']), width: 1, height: 1 });
    expect(await db.thumbnails.count()).toBe(1);
    db.close();
  });

  it('version 4 moves rejections out, keeps results as one pointer and only the bases pending changes need', async () => {
    const userId = `upgrade4-${Date.now()}`;
    const old = new Dexie(`ducha-${userId}`);
    old.version(3).stores({
      plans: 'id, status, windowStart',
      records: 'key, type, planId, [type+planId]',
      confirmed: 'key, type, planId',
      outbox: 'id, status, *keys',
      syncState: 'key',
      attachments: 'sha256, status',
      thumbnails: 'sha256',
    });
    const entry = (id: number, status: string, keys: string[], reason?: string) => ({
      id,
      name: 'note.update',
      args: { id: `n${id}` },
      schemaVersion: 2,
      clientTime: '2026-03-02T08:00:00.000Z',
      status,
      keys,
      ...(reason ? { reason } : {}),
    });
    await old
      .table('outbox')
      .bulkAdd([
        entry(-1, 'rejected', ['attachment/x'], 'upload.too_large'),
        entry(3, 'applied', ['note/a']),
        entry(4, 'rejected', ['note/b'], 'sync.inspection_locked'),
        entry(5, 'pending', ['note/a']),
        entry(6, 'pending', ['note/c']),
      ]);
    const record = (key: string) => ({
      key,
      type: 'note',
      id: key.slice(5),
      planId: null,
      version: 1,
      deleted: null,
      fields: { text: key },
      stamps: {},
    });
    await old.table('confirmed').bulkAdd([record('note/a'), record('note/b'), record('note/z')]);
    await old.table('syncState').add({
      key: 'state',
      deviceId: 'device-1',
      lastLocalMutationId: 6,
      cursor: 'c1',
      lastMutationId: 3,
      lastSuccessAt: null,
      lastError: null,
    });
    old.close();

    const db = new LocalDb(userId);
    await db.open();

    expect(db.verno).toBe(5);
    // Every change without a result is still there, untouched; the applied one waits for a pull.
    expect((await db.outbox.orderBy('id').toArray()).map((r) => [r.id, r.status])).toEqual([
      [3, 'applied'],
      [5, 'pending'],
      [6, 'pending'],
    ]);
    expect((await db.syncState.get('state'))?.ackedUpTo).toBe(4);
    expect((await db.rejected.orderBy('seq').toArray()).map((r) => [r.id, r.reason])).toEqual([
      [-1, 'upload.too_large'],
      [4, 'sync.inspection_locked'],
    ]);
    // Bases of records pending changes wrote stay; the rest are the same in `records`.
    expect((await db.confirmed.toCollection().primaryKeys()).sort()).toEqual(['note/a']);
    db.close();
  });

  it('version 5 drops two record indexes and leaves every row where it was', async () => {
    const userId = `upgrade5-${Date.now()}`;
    const old = new Dexie(`ducha-${userId}`);
    old.version(4).stores({
      plans: 'id, status, windowStart',
      records: 'key, type, planId, [type+planId]',
      confirmed: 'key, type, planId',
      outbox: 'id, *keys',
      rejected: '++seq',
      syncState: 'key',
      attachments: 'sha256, status',
      thumbnails: 'sha256',
    });
    const record = (type: string, id: string, planId: string | null) => ({
      key: `${type}/${id}`,
      type,
      id,
      planId,
      version: 1,
      deleted: null,
      fields: { text: id },
      stamps: {},
    });
    const rows = [
      record('note', 'n1', 'p1'),
      record('note', 'n2', 'p2'),
      record('unit', 'u1', null),
      record('plan', 'p1', 'p1'),
      // A type whose name begins another's must not leak into it.
      record('notebook', 'x', 'p9'),
    ];
    await old.table('records').bulkAdd(rows);
    const queued = {
      id: 3,
      name: 'note.add',
      args: { id: 'n3' },
      schemaVersion: 2,
      keys: ['note/n3'],
    };
    await old.table('outbox').add(queued);
    old.close();

    const db = new LocalDb(userId);
    await db.open();

    expect(db.verno).toBe(5);
    expect(db.records.schema.indexes.map((i) => i.name)).toEqual(['[type+planId]']);
    expect(await db.records.orderBy('key').toArray()).toEqual(
      [...rows].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    expect(await db.outbox.toArray()).toEqual([queued]);
    expect((await ofType(db.records, 'note').primaryKeys()).sort()).toEqual(['note/n1', 'note/n2']);
    expect((await ofType(db.records, 'unit', 'plan').primaryKeys()).sort()).toEqual([
      'plan/p1',
      'unit/u1',
    ]);
    expect((await keysOfPlan(db.records, 'p1')).sort()).toEqual(['note/n1', 'plan/p1']);
    db.close();
  });
});
