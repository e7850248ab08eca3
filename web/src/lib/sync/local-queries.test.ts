import 'fake-indexeddb/auto';
import type { SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { PLAN, TEMPLATE, UNIT, until, visitDevice } from '$lib/visit/visit.test-support';
import { recordById, recordsByIds, recordsOfPlan, unsyncedKeys } from './local-queries';

function collect<T>(source: {
  subscribe: (o: { next: (v: T) => void }) => { unsubscribe(): void };
}) {
  const seen: T[] = [];
  const sub = source.subscribe({ next: (v) => seen.push(v) });
  return { seen, last: () => seen[seen.length - 1], stop: () => sub.unsubscribe() };
}

describe('local queries', () => {
  it('follow the records of a plan, leaving deleted ones out', async () => {
    const { db, service } = await visitDevice();
    const started = await service.startVisit({
      planId: PLAN,
      templateId: TEMPLATE,
      templateVersion: 3,
      place: null,
    });
    if (!started.ok) throw new Error(started.reason);
    const notes = collect<SyncRecord[]>(recordsOfPlan(db, 'note', PLAN));
    await until(() => expect(notes.last()).toEqual([]));

    const added = await service.addNote(started.id, null, '到达现场');
    if (!added.ok) throw new Error(added.reason);
    await until(() => expect(notes.last()?.map((n) => n.fields.text)).toEqual(['到达现场']));

    await service.deleteNote(added.id, 0);
    await until(() => expect(notes.last()).toEqual([]));
    notes.stop();
  });

  it('find reference data (planId null) by type', async () => {
    const { db } = await visitDevice();
    const units = collect<SyncRecord[]>(recordsOfPlan(db, 'unit', null));
    await until(() =>
      expect(
        units
          .last()
          ?.map((u) => u.fields.name)
          .sort(),
      ).toHaveLength(2),
    );
    const one = collect<SyncRecord | undefined>(recordById(db, 'unit', UNIT));
    await until(() => expect(one.last()?.fields.name).toBe('江南市财政局'));
    const some = collect<SyncRecord[]>(recordsByIds(db, 'unit', [UNIT, 'missing']));
    await until(() => expect(some.last()?.map((u) => u.id)).toEqual([UNIT]));
    units.stop();
    one.stop();
    some.stop();
  });

  it('mark the records written by changes the server has not confirmed', async () => {
    const { db, store, service } = await visitDevice();
    const keys = collect<ReadonlySet<string>>(unsyncedKeys(db));
    await until(() => expect(keys.last()?.size).toBe(0));
    const started = await service.startVisit({
      planId: PLAN,
      templateId: TEMPLATE,
      templateVersion: 3,
      place: null,
    });
    if (!started.ok) throw new Error(started.reason);
    await until(() => expect(keys.last()?.has(`inspection/${started.id}`)).toBe(true));
    // The server refused it: no longer "waiting to sync" (the sync bar lists the refusal).
    await store.receivePush([{ id: 1, status: 'rejected', reason: 'auth.forbidden' }]);
    await until(() => expect(keys.last()?.size).toBe(0));
    keys.stop();
  });
});
