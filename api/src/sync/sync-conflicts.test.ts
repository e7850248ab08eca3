import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '@ducha/shared';
import { setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { mutation, pullAll, T, type Caller } from './sync-test-support';

/*
 * Delete versus concurrent edit, the documented outcome (shared/src/sync/README.md §6): a delete
 * wins and an edit arriving after it does not resurrect the record, but every value it carried is
 * kept next to the tombstone (`edit_after_delete`); a delete whose author had not seen someone's
 * latest edits records them (`deleted_while_edited`). Either can be restored, which undeletes.
 */

let env: TestEnv;
let inspector: Caller;
let leader: Caller;
let planId: string;
let unitId: string;

beforeAll(async () => {
  env = await setupTestEnv();
  inspector = await signedIn(env.deps, 'inspector');
  leader = await signedIn(env.deps, 'leader');
  const plan = (await leader.plan.list()).find((p) => p.status === 'in_progress')!;
  const mine = await inspector.plan.list();
  expect(mine.some((p) => p.id === plan.id)).toBe(true);
  planId = plan.id;
  unitId = plan.targetUnit.id;
});
afterAll(() => env.cleanup());

/** A device of `caller` that numbers its own mutations. */
function device(caller: Caller) {
  const id = randomUUID();
  let next = 1;
  let cursor: string | null = null;
  return {
    id,
    async push(name: string, args: unknown) {
      const res = await caller.sync.push({
        deviceId: id,
        mutations: [mutation(next++, name, args)],
      });
      return res.results[0]!;
    },
    async pull(): Promise<Change[]> {
      const out = await pullAll(env, caller, id, cursor);
      cursor = out.cursor;
      return out.changes;
    },
  };
}

const upsertOf = (changes: Change[], id: string) =>
  changes.filter((c) => c.op === 'upsert' && c.id === id).at(-1) as
    Extract<Change, { op: 'upsert' }> | undefined;
const conflictsAbout = (changes: Change[], findingId: string) =>
  changes.filter(
    (c): c is Extract<Change, { op: 'upsert' }> =>
      c.op === 'upsert' && c.type === 'conflict' && c.fields.id === findingId,
  );

/** The inspector records a finding; both devices pull it. Returns its id and pulled version. */
async function sharedFinding(phone: ReturnType<typeof device>, laptop: ReturnType<typeof device>) {
  const id = randomUUID();
  const created = await phone.push('finding.create', {
    id,
    planId,
    inspectionId: null,
    itemId: null,
    unitId,
    category: 'eight_rules',
    severity: 'medium',
    title: '公务接待超标',
    description: '接待清单与实际不符',
    createdAt: T,
  });
  expect(created.status).toBe('applied');
  await phone.pull();
  const version = upsertOf(await laptop.pull(), id)!.version;
  return { id, version };
}

describe('a delete and a concurrent edit', () => {
  it('edit arriving after the delete: stays deleted, the typed value is kept and restorable', async () => {
    const phone = device(inspector);
    const laptop = device(leader);
    const f = await sharedFinding(phone, laptop);

    // The leader deletes the duplicate; the inspector, offline, had typed the money involved.
    expect((await laptop.push('finding.delete', { id: f.id, baseVersion: f.version })).status).toBe(
      'applied',
    );
    const edit = await phone.push('finding.update', {
      id: f.id,
      set: { moneyInvolvedYuan: 7899000 },
      base: { moneyInvolvedYuan: null },
    });
    expect(edit.status).toBe('applied');

    for (const changes of [await phone.pull(), await laptop.pull()]) {
      expect(changes.filter((c) => c.id === f.id).at(-1)).toMatchObject({ op: 'delete' });
      const [conflict] = conflictsAbout(changes, f.id);
      expect(conflict?.fields).toMatchObject({
        kind: 'edit_after_delete',
        field: 'moneyInvolvedYuan',
        overwrittenValue: 7899000,
        resolution: null,
      });
    }

    // One tap restores it: the finding is back, with the amount.
    const conflictId = conflictsAbout(await device(leader).pull(), f.id)[0]!.id;
    expect(
      (await phone.push('conflict.resolve', { id: conflictId, action: 'restore' })).status,
    ).toBe('applied');
    const after = await laptop.pull();
    expect(upsertOf(after, f.id)?.fields).toMatchObject({ moneyInvolvedYuan: 7899000 });
    expect(upsertOf(after, conflictId)?.fields.resolution).not.toBeNull();
  });

  it('delete by someone who had not seen the edit: deleted, the edit is recorded and restorable', async () => {
    const phone = device(inspector);
    const laptop = device(leader);
    const f = await sharedFinding(phone, laptop);

    expect(
      (
        await phone.push('finding.update', {
          id: f.id,
          set: { title: '公务接待超标（三次）' },
          base: { title: '公务接待超标' },
        })
      ).status,
    ).toBe('applied');
    // The leader deletes from the version pulled before that edit.
    expect((await laptop.push('finding.delete', { id: f.id, baseVersion: f.version })).status).toBe(
      'applied',
    );

    const changes = await phone.pull();
    expect(changes.filter((c) => c.id === f.id).at(-1)).toMatchObject({ op: 'delete' });
    const [conflict] = conflictsAbout(changes, f.id);
    expect(conflict?.fields).toMatchObject({
      kind: 'deleted_while_edited',
      field: 'title',
      overwrittenValue: '公务接待超标（三次）',
    });

    expect(
      (await phone.push('conflict.resolve', { id: conflict!.id, action: 'restore' })).status,
    ).toBe('applied');
    expect(upsertOf(await laptop.pull(), f.id)?.fields).toMatchObject({
      title: '公务接待超标（三次）',
    });
  });

  it('a delete that had seen the edit records nothing', async () => {
    const phone = device(inspector);
    const laptop = device(leader);
    const f = await sharedFinding(phone, laptop);
    await phone.push('finding.update', {
      id: f.id,
      set: { severity: 'high' },
      base: { severity: 'medium' },
    });
    const seen = upsertOf(await laptop.pull(), f.id)!.version;
    await laptop.push('finding.delete', { id: f.id, baseVersion: seen });
    const changes = await phone.pull();
    expect(changes.filter((c) => c.id === f.id).at(-1)).toMatchObject({ op: 'delete' });
    expect(conflictsAbout(changes, f.id)).toEqual([]);
  });
});
