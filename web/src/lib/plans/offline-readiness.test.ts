import { describe, expect, it } from 'vitest';
import type { SyncRecord } from '@ducha/shared';
import { neededKeys, offlineReadiness } from './offline-readiness';

const plan = (fields: Record<string, unknown>): SyncRecord => ({
  type: 'plan',
  id: 'p1',
  planId: 'p1',
  version: 1,
  deleted: null,
  fields: {
    kind: 'unannounced',
    templateId: 't1',
    templateVersion: 2,
    targetUnitId: 'u1',
    ...fields,
  },
  stamps: {},
});

describe('offlineReadiness', () => {
  it('names the pinned template version and the unit as what must be on the device', () => {
    expect(neededKeys(plan({}))).toEqual({ template: 'template/t1@2', unit: 'unit/u1' });
    expect(neededKeys(plan({ templateVersion: null, targetUnitId: null }))).toEqual({
      template: null,
      unit: null,
    });
    expect(neededKeys(undefined)).toEqual({ template: null, unit: null });
  });

  it('is ready when the plan, its template and its unit are all there', () => {
    const keys = neededKeys(plan({}));
    const both = new Set([keys.template!, keys.unit!]);
    expect(offlineReadiness(plan({}), both)).toEqual({ ready: true, missing: [] });
    expect(offlineReadiness(plan({}), new Set([keys.unit!]))).toEqual({
      ready: false,
      missing: ['template'],
    });
    expect(offlineReadiness(plan({}), new Set())).toEqual({
      ready: false,
      missing: ['template', 'unit'],
    });
    expect(offlineReadiness(undefined, both)).toEqual({ ready: false, missing: ['plan'] });
  });

  it('needs a 回头看’s targets in the plan record, even when there are none to judge', () => {
    const followUp = plan({ kind: 'follow_up' });
    const keys = neededKeys(followUp);
    const both = new Set([keys.template!, keys.unit!]);
    expect(offlineReadiness(followUp, both)).toEqual({ ready: false, missing: ['targets'] });
    expect(offlineReadiness(plan({ kind: 'follow_up', followUp: { items: [] } }), both)).toEqual({
      ready: true,
      missing: [],
    });
    expect(offlineReadiness(plan({ kind: 'follow_up', followUp: [] }), both).ready).toBe(false);
  });
});
