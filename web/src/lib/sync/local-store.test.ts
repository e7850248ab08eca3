import 'fake-indexeddb/auto';
import { recordKey, type PullRequestInput } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { ofType } from '$lib/db/local-db';
import {
  FINDING_1,
  INSPECTION_1,
  ITEM,
  PLAN_1,
  SIM_TEAMS,
  USER_1,
  USER_2,
  directTransport,
  newDevice,
  newRecordId,
  newServer,
} from './sync.test-support';

const noteArgs = (n: number, text = `现场记录 ${n}`) => ({
  id: newRecordId(n),
  inspectionId: INSPECTION_1,
  itemId: null,
  text,
  createdAt: '2026-03-02T08:00:00.000Z',
});

function ok<T>(o: { ok: true; value: T } | { ok: false; failure: { messageKey: string } }): T {
  if (!o.ok) throw new Error(o.failure.messageKey);
  return o.value;
}

async function synced(userId = USER_1) {
  const server = newServer();
  const device = await newDevice(userId, directTransport(server, userId));
  await device.engine.syncNow();
  return { server, ...device };
}

describe('local changes', () => {
  it('write the record and the outbox entry in one go', async () => {
    const { store, db } = await synced();

    const out = await store.mutate('note.add', noteArgs(1));

    expect(out.ok).toBe(true);
    expect((await store.get('note', newRecordId(1)))?.fields.text).toBe('现场记录 1');
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      id: 1,
      name: 'note.add',
      schemaVersion: 2,
      keys: [recordKey('note', newRecordId(1))],
    });
    expect((await store.state()).lastLocalMutationId).toBe(1);
    expect(await store.isUnsynced('note', newRecordId(1))).toBe(true);
    expect(await store.isUnsynced('finding', FINDING_1)).toBe(false);
  });

  it('numbers mutations 1, 2, 3 on the device', async () => {
    const { store, db } = await synced();
    for (let n = 1; n <= 3; n++) await store.mutate('note.add', noteArgs(n));
    expect(await db.outbox.toCollection().primaryKeys()).toEqual([1, 2, 3]);
  });

  it('writes nothing when the handler refuses locally', async () => {
    const { store, db } = await synced();
    const before = await db.records.count();

    const out = await store.mutate('note.add', { ...noteArgs(1), inspectionId: newRecordId(99) });

    expect(out).toEqual({ ok: false, reason: 'common.not_found' });
    expect(await db.records.count()).toBe(before);
    expect(await db.outbox.count()).toBe(0);
    expect((await store.state()).lastLocalMutationId).toBe(0);
  });

  it('refuses invalid arguments without queuing them', async () => {
    const { store, db } = await synced();
    const out = await store.mutate('note.add', { ...noteArgs(1), text: '' });
    expect(out).toEqual({ ok: false, reason: 'sync.invalid_args' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('maps a full disk to a clear message and keeps what was saved', async () => {
    const { store, db } = await synced();
    await store.mutate('note.add', noteArgs(1));
    db.outbox.hook('creating', () => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });

    const out = await store.mutate('note.add', noteArgs(2));

    expect(out).toEqual({ ok: false, reason: 'sync.storage_full' });
    expect(await store.get('note', newRecordId(2))).toBeUndefined();
    expect(await store.get('note', newRecordId(1))).toBeDefined();
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('pull', () => {
  it('stages pages and applies them only with the last one', async () => {
    const server = newServer();
    const seen: number[] = [];
    const direct = directTransport(server, USER_1);
    const device = await newDevice(
      USER_1,
      {
        push: direct.push,
        pull: async (req: PullRequestInput) => {
          seen.push(await device.db.records.count());
          return direct.pull(req);
        },
      },
      { pullLimit: 1 },
    );

    await device.engine.syncNow();

    // Plan 1, its inspection, finding and note: one per page, then the empty last page.
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((n) => n === 0)).toBe(true);
    expect(await device.db.records.count()).toBe(server.visibleRecords(USER_1).length);
    expect((await device.store.state()).cursor).not.toBeNull();
  });

  it('replays pending changes over what was pulled (rebase)', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    const b = await newDevice(USER_2, directTransport(server, USER_2));
    await a.engine.syncNow();
    await b.engine.syncNow();

    // A edits the title offline; B changes the description and syncs.
    await a.store.mutate('finding.update', {
      id: FINDING_1,
      set: { title: 'A 的标题' },
      base: { title: '公务接待超标' },
    });
    await b.store.mutate('finding.update', {
      id: FINDING_1,
      set: { description: 'B 的描述' },
      base: { description: '接待清单与实际不符' },
    });
    await b.engine.syncNow();

    // A pulls only (its push is still waiting).
    const state = await a.store.state();
    const pulled = server.pull(USER_1, {
      deviceId: state.deviceId,
      cursor: state.cursor,
      schemaVersion: 2,
    });
    if (!pulled.ok) throw new Error(pulled.failure.messageKey);
    await a.store.applyPull(
      state.cursor,
      pulled.value.changes,
      pulled.value.cursor,
      pulled.value.lastMutationId,
    );

    const shown = await a.store.get('finding', FINDING_1);
    expect(shown?.fields).toMatchObject({ title: 'A 的标题', description: 'B 的描述' });
    const confirmed = await a.db.confirmed.get(recordKey('finding', FINDING_1));
    expect(confirmed?.fields).toMatchObject({ title: '公务接待超标', description: 'B 的描述' });

    await a.engine.syncNow();
    expect(server.record('finding', FINDING_1)?.fields).toMatchObject({
      title: 'A 的标题',
      description: 'B 的描述',
    });
    expect(await a.store.pendingCount()).toBe(0);
    expect(await a.store.isUnsynced('finding', FINDING_1)).toBe(false);
  });

  it('shows the copy pulled last when a pending change over it is rejected', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    const b = await newDevice(USER_2, directTransport(server, USER_2));
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.store.mutate('finding.update', {
      id: FINDING_1,
      set: { title: 'A 的标题' },
      base: { title: '公务接待超标' },
    });
    await b.store.mutate('finding.update', {
      id: FINDING_1,
      set: { description: 'B 的描述' },
      base: { description: '接待清单与实际不符' },
    });
    await b.engine.syncNow();
    const state = await a.store.state();
    const pulled = server.pull(USER_1, {
      deviceId: state.deviceId,
      cursor: state.cursor,
      schemaVersion: 2,
    });
    if (!pulled.ok) throw new Error(pulled.failure.messageKey);
    const p = pulled.value;
    await a.store.applyPull(state.cursor, p.changes, p.cursor, p.lastMutationId);

    await a.store.receivePush([{ id: 1, status: 'rejected', reason: 'sync.inspection_locked' }]);

    expect((await a.store.get('finding', FINDING_1))?.fields).toMatchObject({
      title: '公务接待超标',
      description: 'B 的描述',
    });
    expect(await a.store.isUnsynced('finding', FINDING_1)).toBe(false);
    // Nothing pending writes the finding any more: no base is kept for it.
    expect(await a.db.confirmed.count()).toBe(0);
  });

  it('keeps its own copy of what it alone wrote, and pulls again whole when a copy differs', async () => {
    const server = newServer();
    const pulls: PullRequestInput[] = [];
    const direct = directTransport(server, USER_1);
    const a = await newDevice(USER_1, {
      push: direct.push,
      pull: (req) => {
        pulls.push(req);
        return direct.pull(req);
      },
    });
    const mate = await newDevice(USER_1, directTransport(server, USER_1));
    await a.engine.syncNow();
    await mate.engine.syncNow();

    await a.store.mutate('note.add', noteArgs(1, '第一稿'));
    pulls.length = 0;
    await a.engine.syncNow();
    // The note came back as a digest only; the device keeps its own copy, stored once.
    const echoed = pulls.length;
    expect(echoed).toBeGreaterThan(0);
    expect(pulls.every((p) => p.elideOwn === true)).toBe(true);
    expect((await a.store.get('note', newRecordId(1)))?.fields.text).toBe('第一稿');
    expect(await a.db.confirmed.count()).toBe(0);
    // Another device of the same user gets it whole.
    await mate.engine.syncNow();
    expect((await mate.store.get('note', newRecordId(1)))?.fields.text).toBe('第一稿');

    // Offline, the device adds a note and edits it; the visit is submitted from the other phone;
    // the server takes the note, refuses the edit, and that answer is lost.
    await a.store.mutate('note.add', noteArgs(2, '草稿'));
    await a.store.mutate('note.update', {
      id: newRecordId(2),
      set: { text: '定稿' },
      base: { text: '草稿' },
    });
    const first = (await a.store.nextPush(1))!;
    await a.store.receivePush(ok(server.push(USER_1, first)).results);
    await mate.store.mutate('inspection.submit', {
      id: INSPECTION_1,
      submittedAt: '2026-03-02T09:00:00.000Z',
    });
    await mate.engine.syncNow();
    const second = (await a.store.nextPush(10))!;
    expect(ok(server.push(USER_1, second)).results[0]?.status).toBe('rejected');

    // A pull before the device learns that: the digest is of 草稿, the device shows 定稿.
    const state = await a.store.state();
    const pulled = ok(
      server.pull(USER_1, {
        deviceId: a.deviceId,
        cursor: state.cursor,
        schemaVersion: 2,
        elideOwn: true,
      }),
    );
    expect(pulled.changes.some((c) => c.op === 'own')).toBe(true);
    const outcome = await a.store.applyPull(
      state.cursor,
      pulled.changes,
      pulled.cursor,
      pulled.lastMutationId,
    );
    expect(outcome).toBe('mismatch');
    expect((await a.store.state()).cursor).toBe(state.cursor);
    expect((await a.store.get('note', newRecordId(2)))?.fields.text).toBe('定稿');

    // The engine pulls again whole after a mismatch, from the same cursor.
    pulls.length = 0;
    await a.engine.syncNow();
    expect((await a.store.get('note', newRecordId(2)))?.fields.text).toBe('草稿');
    expect((await a.store.rejected()).map((r) => r.reason)).toEqual(['sync.inspection_locked']);
    expect(await a.store.pendingCount()).toBe(0);
  });

  it('takes a verified own record as it stands, without reading it back', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    await a.engine.syncNow();
    await a.store.mutate('note.add', noteArgs(1, '第一稿'));
    const read: string[] = [];
    const bulkGet = a.db.records.bulkGet.bind(a.db.records);
    a.db.records.bulkGet = ((keys: string[]) => {
      read.push(...keys);
      return bulkGet(keys);
    }) as typeof a.db.records.bulkGet;

    await a.engine.syncNow();

    const key = recordKey('note', newRecordId(1));
    expect(read).not.toContain(key);
    expect(await a.store.pendingCount()).toBe(0);
    expect((await a.store.get('note', newRecordId(1)))?.fields.text).toBe('第一稿');
    expect(server.visibleRecords(USER_1).find((r) => r.id === newRecordId(1))?.fields.text).toBe(
      '第一稿',
    );
  });

  it('keeps a verified record that a pull revokes with its plan and grants again', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    await a.engine.syncNow();
    await a.store.mutate('note.add', noteArgs(1, '移交前的记录'));
    const sent = (await a.store.nextPush(10))!;
    await a.store.receivePush(ok(server.push(USER_1, sent)).results);
    // The plan goes to the other team and comes back before the device pulls: one pull holds
    // the revocation and then the note again, as this device wrote it.
    server.setPlanTeam(PLAN_1, SIM_TEAMS[1]);
    server.setPlanTeam(PLAN_1, SIM_TEAMS[0]);

    await a.engine.syncNow();

    expect((await a.store.get('note', newRecordId(1)))?.fields.text).toBe('移交前的记录');
    expect(await a.store.pendingCount()).toBe(0);
  });

  it('does not trust a verified record the device no longer holds', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    await a.engine.syncNow();
    await a.store.mutate('note.add', noteArgs(1, '移交前的记录'));
    const sent = (await a.store.nextPush(10))!;
    await a.store.receivePush(ok(server.push(USER_1, sent)).results);
    // The plan leaves the device's team: a pull takes the note away with it.
    server.setPlanTeam(PLAN_1, SIM_TEAMS[1]);
    await a.engine.syncNow();
    expect(await a.store.get('note', newRecordId(1))).toBeUndefined();
    // Given back, the note returns as this device's own, verified: but there is no copy here.
    server.setPlanTeam(PLAN_1, SIM_TEAMS[0]);

    await a.engine.syncNow();

    expect((await a.store.get('note', newRecordId(1)))?.fields.text).toBe('移交前的记录');
  });

  it('pulls the same changes again whole when an own record does not match', async () => {
    const server = newServer();
    const pulls: PullRequestInput[] = [];
    const direct = directTransport(server, USER_1);
    const a = await newDevice(USER_1, {
      push: direct.push,
      pull: (req) => {
        pulls.push(req);
        return direct.pull(req);
      },
    });
    await a.engine.syncNow();
    await a.store.mutate('note.add', noteArgs(1, '第一稿'));
    const sent = (await a.store.nextPush(10))!;
    // Sent without its claims (as an older app does): the server cannot vouch for the copy.
    const unclaimed = sent.mutations.map(({ digests: _digests, ...m }) => m);
    await a.store.receivePush(ok(server.push(USER_1, { ...sent, mutations: unclaimed })).results);
    // The device's copy is not what it sent (a storage fault, a bug): its digest will not match.
    const key = recordKey('note', newRecordId(1));
    const copy = (await a.db.records.get(key))!;
    await a.db.records.put({ ...copy, fields: { ...copy.fields, text: '被改动的' } });
    const { cursor } = await a.store.state();
    pulls.length = 0;

    await a.engine.syncNow();

    expect(pulls.map((p) => [p.cursor, p.elideOwn])).toEqual([
      [cursor, true],
      [cursor, false],
    ]);
    expect((await a.store.get('note', newRecordId(1)))?.fields.text).toBe('第一稿');
    expect((await a.store.state()).lastError).toBeNull();
  });

  it('restores a record deleted elsewhere that the device no longer holds', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    const b = await newDevice(USER_2, directTransport(server, USER_2));
    await a.engine.syncNow();
    await b.engine.syncNow();
    const note = (await ofType(a.db.records, 'note').first())!;
    // A edits the note offline while B deletes it.
    await a.store.mutate('note.update', {
      id: note.id,
      set: { text: 'A 离线补充的内容' },
      base: { text: note.fields.text as string },
    });
    await b.store.mutate('note.delete', { id: note.id, baseVersion: note.version });
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(await a.store.get('note', note.id)).toBeUndefined();
    const conflict = (await ofType(a.db.records, 'conflict').toArray()).find(
      (r) => r.fields.id === note.id && r.fields.kind === 'edit_after_delete',
    )!;
    expect(conflict.fields.overwrittenValue).toBe('A 离线补充的内容');

    const out = await a.store.mutate('conflict.resolve', { id: conflict.id, action: 'restore' });
    expect(out.ok).toBe(true);
    await a.engine.syncNow();

    expect((await a.store.get('note', note.id))?.fields.text).toBe('A 离线补充的内容');
    expect(server.record('note', note.id)?.deleted).toBeNull();
    await b.engine.syncNow();
    expect((await b.store.get('note', note.id))?.fields.text).toBe('A 离线补充的内容');
  });

  it('drops records of a revoked plan, pending edits included', async () => {
    const { server, store, engine } = await synced();
    const answered = await store.mutate('inspection.answer', {
      inspectionId: INSPECTION_1,
      itemId: ITEM,
      set: { answer: { kind: 'score', value: 8 } },
      base: { answer: null },
    });
    expect(answered.ok).toBe(true);
    expect(await store.get('answer', `${INSPECTION_1}:${ITEM}`)).toBeDefined();
    // The plan goes to team B, which user 1 is not on.
    server.setPlanTeam(PLAN_1, 'another-team');

    await engine.syncNow();

    expect(await store.get('inspection', INSPECTION_1)).toBeUndefined();
    expect(await store.get('finding', FINDING_1)).toBeUndefined();
    expect(await store.get('answer', `${INSPECTION_1}:${ITEM}`)).toBeUndefined();
    expect((await store.rejected())[0]?.reason).toBe('common.not_found');
  });
});
