import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { planItem } from '$lib/testing/fixtures';
import { LocalDb, planCacheFor } from './local-db';

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
