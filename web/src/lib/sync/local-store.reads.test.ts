import 'fake-indexeddb/auto';
import {
  ReferenceServer,
  SIM_ITEMS,
  answerRecordId,
  recordKey,
  simulationWorld,
} from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import { LocalStore } from './local-store';
import { INSPECTION_1, ITEM, USER_1 } from './sync.test-support';

const ITEM_2 = SIM_ITEMS[1];

/** A device pulled from the simulation world, counting read requests on `records`. */
async function countingDevice() {
  const db = new LocalDb(`reads-test-${Math.random()}`);
  const counter = { reads: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-record-reads',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'records') return table;
        return {
          ...table,
          get: (req) => (counter.reads++, table.get(req)),
          getMany: (req) => (counter.reads++, table.getMany(req)),
        };
      },
    }),
  });
  const store = new LocalStore(db, { userId: USER_1 });
  const server = new ReferenceServer(simulationWorld());
  const { deviceId } = await store.state();
  const pulled = server.pull(USER_1, { deviceId, cursor: null, schemaVersion: 2 });
  if (!pulled.ok) throw new Error(pulled.failure.messageKey);
  const p = pulled.value;
  await store.applyPull(null, p.changes, p.cursor, p.lastMutationId);
  return { db, store, counter };
}

const answer = (itemId: string, value: number) => ({
  inspectionId: INSPECTION_1,
  itemId,
  set: { answer: { kind: 'score' as const, value } },
  base: { answer: null },
});

describe('reads inside a local change', () => {
  it('fetch the inspection, its plan and the answer in one batch once the plan is known', async () => {
    const { store, counter } = await countingDevice();

    counter.reads = 0;
    expect((await store.mutate('inspection.answer', answer(ITEM, 8))).ok).toBe(true);
    // First time: the inspection and answer, then the plan the inspection names.
    expect(counter.reads).toBe(2);

    counter.reads = 0;
    expect((await store.mutate('inspection.answer', answer(ITEM_2, 6))).ok).toBe(true);
    expect(counter.reads).toBe(1);
    expect(
      (await store.get('answer', answerRecordId(INSPECTION_1, ITEM_2)))?.fields.answer,
    ).toEqual({
      kind: 'score',
      value: 6,
    });
  });

  it('still refuses when a plan it remembered is gone from the device', async () => {
    const { db, store } = await countingDevice();
    expect((await store.mutate('inspection.answer', answer(ITEM, 8))).ok).toBe(true);
    const inspection = await store.get('inspection', INSPECTION_1);
    if (!inspection?.planId) throw new Error('the inspection has no plan');
    await db.records.delete(recordKey('plan', inspection.planId));

    const out = await store.mutate('inspection.answer', answer(ITEM_2, 6));

    expect(out).toEqual({ ok: false, reason: 'common.not_found' });
  });
});
