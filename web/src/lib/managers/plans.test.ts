import 'fake-indexeddb/auto';
import type { PlanListItem } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { LocalDb, planCacheFor } from '$lib/db/local-db';
import { createPlanService } from '$lib/services/plan.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { planItem } from '$lib/testing/fixtures';
import { ConnectivityManager } from './connectivity.svelte';
import { PlansManager } from './plans.svelte';

let run = 0;

function setup(serverPlans: () => PlanListItem[]) {
  const prefix = `plans-${++run}-${Date.now()}`;
  const server = fakeTrpcServer({ 'plan.list': () => serverPlans() });
  let expired = 0;
  const make = () => {
    const connectivity = new ConnectivityManager(true);
    const manager = new PlansManager({
      plans: createPlanService(createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch })),
      cacheFor: (userId) => planCacheFor(new LocalDb(`${prefix}-${userId}`)),
      connectivity,
      locale: () => 'zh-CN',
      onUnauthenticated: () => void expired++,
      now: () => new Date('2026-03-03T02:00:00Z'),
    });
    return { manager, connectivity };
  };
  return { server, make, expiredCount: () => expired };
}

describe('PlansManager', () => {
  it('loads the plans from the server and groups them', async () => {
    const today = planItem({ windowStart: '2026-03-03', windowEnd: '2026-03-04' });
    const later = planItem({ windowStart: '2026-03-10', windowEnd: '2026-03-11' });
    const { make } = setup(() => [today, later]);
    const { manager } = make();

    await manager.load('u1');

    expect(manager.loaded).toBe(true);
    expect(manager.source).toBe('server');
    expect(manager.error).toBeNull();
    expect(manager.groups.today.map((p) => p.id)).toEqual([today.id]);
    expect(manager.groups.upcoming.map((p) => p.id)).toEqual([later.id]);
  });

  it('shows the device copy after an offline reload', async () => {
    const secret = planItem({ kind: 'unannounced', confidential: true });
    const { server, make } = setup(() => [secret]);
    await make().manager.load('u1');

    server.offline = true;
    const { manager, connectivity } = make(); // a fresh page load
    await manager.load('u1');

    expect(manager.source).toBe('device');
    expect(manager.savedAt).toBe('2026-03-03T02:00:00.000Z');
    expect(manager.plans).toEqual([secret]);
    expect(manager.error?.kind).toBe('offline');
    expect(connectivity.online).toBe(false);
  });

  it('does not show one user the copy of another', async () => {
    const { server, make } = setup(() => [planItem()]);
    await make().manager.load('u1');

    server.offline = true;
    const { manager } = make();
    await manager.load('u2');

    expect(manager.plans).toEqual([]);
    expect(manager.loaded).toBe(true);
  });

  it('reports an ended session instead of showing stale plans as current', async () => {
    const { server, make, expiredCount } = setup(() => [planItem()]);
    await make().manager.load('u1');
    server.handlers.set('plan.list', () => {
      throw new FakeTrpcError('UNAUTHORIZED', 401, { messageKey: 'auth.session_expired' });
    });

    const { manager } = make();
    await manager.load('u1');

    expect(expiredCount()).toBe(1);
    expect(manager.error?.kind).toBe('unauthenticated');
    expect(manager.error?.message).toBe('登录已过期，请重新登录');
  });

  it('forgets the device copy on sign-out', async () => {
    const { server, make } = setup(() => [planItem()]);
    const first = make().manager;
    await first.load('u1');
    await first.forget('u1');
    expect(first.plans).toEqual([]);

    server.offline = true;
    const { manager } = make();
    await manager.load('u1');
    expect(manager.plans).toEqual([]);
  });
});
