import 'fake-indexeddb/auto';
import { templateRecordId } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import {
  PLAN,
  TEMPLATE,
  TEMPLATE_FIELDS,
  UNIT,
  planChanges,
  until,
  upsert,
  visitDevice,
} from '$lib/visit/visit.test-support';
import type { OfflineReadiness } from './offline-readiness';
import { createOfflineReadinessService } from './offline-readiness.service';

describe('offline readiness service', () => {
  it('reads a plan pulled with its template and unit as ready', async () => {
    const { store } = await visitDevice();
    const service = createOfflineReadinessService({ store: () => store });
    expect(await service.of(PLAN)).toEqual({ ready: true, missing: [] });
    expect(await service.of('00000000-0000-4000-8000-00000000dead')).toEqual({
      ready: false,
      missing: ['plan'],
    });
  });

  it('says what has not reached the device, and follows the pull that brings it', async () => {
    const changes = planChanges({ templateVersion: 4 }).filter(
      (c) => !(c.op === 'upsert' && c.type === 'unit' && c.id === UNIT),
    );
    const { store } = await visitDevice(changes);
    const service = createOfflineReadinessService({ store: () => store });
    expect(await service.of(PLAN)).toEqual({ ready: false, missing: ['template', 'unit'] });

    let seen: OfflineReadiness | null = null;
    const sub = service.live(PLAN)!.subscribe({ next: (r) => (seen = r), error: () => undefined });
    await until(() => expect(seen).toEqual({ ready: false, missing: ['template', 'unit'] }));
    await store.applyPull(
      'c1',
      [
        upsert('template', templateRecordId(TEMPLATE, 4), null, { ...TEMPLATE_FIELDS, version: 4 }),
        upsert('unit', UNIT, null, { name: '江南市财政局', parentId: null, kind: 'department' }),
      ],
      'c2',
      0,
    );
    await until(() => expect(seen).toEqual({ ready: true, missing: [] }));
    sub.unsubscribe();
  });

  it('a 回头看 is ready once its plan record carries the targets', async () => {
    const { store } = await visitDevice(planChanges({ kind: 'follow_up' }));
    const service = createOfflineReadinessService({ store: () => store });
    expect(await service.of(PLAN)).toEqual({ ready: false, missing: ['targets'] });
  });

  it('is not ready until the app itself is cached, and says so once the worker has installed', async () => {
    const { store } = await visitDevice();
    let report: (cached: boolean) => void = () => undefined;
    let watching = 0;
    const service = createOfflineReadinessService({
      store: () => store,
      appShell: (r) => {
        report = r;
        watching++;
        r(false);
        return () => void watching--;
      },
    });
    expect(await service.of(PLAN)).toEqual({ ready: false, missing: ['app'] });

    let seen: OfflineReadiness | null = null;
    const sub = service.live(PLAN)!.subscribe({ next: (r) => (seen = r), error: () => undefined });
    await until(() => expect(seen).toEqual({ ready: false, missing: ['app'] }));
    report(true);
    await until(() => expect(seen).toEqual({ ready: true, missing: [] }));
    sub.unsubscribe();
    expect(watching).toBe(0);
  });

  it('has nothing on a signed-out device', async () => {
    const service = createOfflineReadinessService({ store: () => null });
    expect(await service.of(PLAN)).toEqual({ ready: false, missing: ['plan'] });
    expect(service.live(PLAN)).toBeNull();
  });
});
