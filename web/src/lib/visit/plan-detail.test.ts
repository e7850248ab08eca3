import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { GeoSource } from './geolocation';
import { PlanDetailManager } from './plan-detail.svelte';
import {
  PLAN,
  TEMPLATE,
  answerRequired,
  planChanges,
  until,
  visitDevice,
} from './visit.test-support';

const located: GeoSource = {
  getCurrentPosition: (ok) =>
    ok({ coords: { latitude: 30, longitude: 120, accuracy: 20 } } as GeolocationPosition),
};
const denied: GeoSource = {
  getCurrentPosition: (_, fail) => fail?.({ code: 1 } as GeolocationPositionError),
};

async function setup(geo: GeoSource | undefined, changes = planChanges()) {
  const device = await visitDevice(changes);
  const manager = new PlanDetailManager({
    store: () => device.store,
    service: device.service,
    geolocation: () => geo,
    locateTimeoutMs: 200,
  });
  const stop = manager.open(PLAN);
  await until(() => expect(manager.loaded).toBe(true));
  return { ...device, manager, stop };
}

describe('PlanDetailManager', () => {
  it('shows the plan, its unit and whether its template is on the device', async () => {
    const { manager, stop } = await setup(located);
    expect(manager.plan).toMatchObject({ title: '江南市财政局四不两直检查', kind: 'unannounced' });
    await until(() => expect(manager.unit?.name).toBe('江南市财政局'));
    await until(() => expect(manager.templateOnDevice).toBe(true));
    await until(() => expect(manager.readiness).toEqual({ ready: true, missing: [] }));
    expect(manager.visits).toEqual([]);
    expect(manager.resumable).toBeNull();
    stop();
  });

  it('says when the pinned template version has not reached the device', async () => {
    const { manager, stop } = await setup(located, planChanges({ templateVersion: 4 }));
    await until(() => expect(manager.plan?.templateVersion).toBe(4));
    expect(manager.templateOnDevice).toBe(false);
    await until(() => expect(manager.readiness).toEqual({ ready: false, missing: ['template'] }));
    stop();
  });

  it('reports a missing plan once the device was read', async () => {
    const device = await visitDevice();
    const manager = new PlanDetailManager({
      store: () => device.store,
      service: device.service,
      geolocation: () => located,
    });
    const stop = manager.open('00000000-0000-4000-8000-00000000dead');
    await until(() => expect(manager.loaded).toBe(true));
    expect(manager.plan).toBeNull();
    stop();
  });

  it('starts a visit with the position, then offers to continue it', async () => {
    const { manager, store, stop } = await setup(located);
    const out = await manager.start();
    if (!out.ok) throw new Error(out.reason);
    expect(out.noPlace).toBeNull();
    expect((await store.get('inspection', out.id))?.fields).toMatchObject({
      templateId: TEMPLATE,
      templateVersion: 3,
      place: { lat: 30, lng: 120, accuracy: 20 },
    });
    await until(() => expect(manager.resumable?.id).toBe(out.id));
    await until(() => expect(manager.isUnsynced(out.id)).toBe(true));
    expect(manager.starting).toBe('idle');
    stop();
  });

  it('starts without a position when it is denied, and says why', async () => {
    const { manager, store, stop } = await setup(denied);
    const out = await manager.start();
    if (!out.ok) throw new Error(out.reason);
    expect(out.noPlace).toBe('denied');
    expect((await store.get('inspection', out.id))?.fields.place).toBeNull();
    stop();
  });

  it('lets the user skip a slow position', async () => {
    const { manager, stop } = await setup({ getCurrentPosition: () => undefined });
    const pending = manager.start();
    await until(() => expect(manager.starting).toBe('locating'));
    manager.skipLocation();
    const out = await pending;
    expect(out).toMatchObject({ ok: true, noPlace: 'skipped' });
    stop();
  });

  it('does not offer to continue a submitted visit', async () => {
    const { manager, service, stop } = await setup(undefined);
    const out = await manager.start();
    if (!out.ok) throw new Error(out.reason);
    expect(out.noPlace).toBe('unsupported');
    await answerRequired(service, out.id);
    expect((await service.submit(out.id)).ok).toBe(true);
    await until(() => expect(manager.visits[0]?.status).toBe('submitted'));
    expect(manager.resumable).toBeNull();
    stop();
  });
});
