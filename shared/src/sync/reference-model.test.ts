import { describe, expect, it } from 'vitest';
import { ReferenceDevice, ReferenceServer, type ModelWorld } from './reference-model';
import { SYNC_SCHEMA_VERSION, type PullOutcome, type PushOutcome } from './protocol';
import { recordKey, type SyncRecord } from './sync-record';
import { simId } from './sync-simulation-world';
import { INSPECTION, T, seedInspection, seedTemplate } from './sync-fixtures.test-support';

const ALICE = simId(1, 1);
const BOB = simId(1, 2);
const TEAM_A = simId(2, 1);
const TEAM_B = simId(2, 2);
const PLAN = simId(3, 0xa); // the fixtures' plan
const NOTE = (n: number) => simId(9, n);

/** `extra`: records besides the visit, e.g. the checklist a submit is checked against. */
function world(extra: SyncRecord[] = []): ModelWorld {
  return {
    users: [
      { id: ALICE, teamIds: [TEAM_A] },
      { id: BOB, teamIds: [TEAM_B] },
    ],
    plans: [{ id: PLAN, teamId: TEAM_A, fields: { title: '计划' } }],
    records: [seedInspection(), ...extra],
  };
}

function ok<T>(o: { ok: true; value: T } | { ok: false; failure: unknown }): T {
  if (!o.ok) throw new Error(`failed: ${JSON.stringify(o.failure)}`);
  return o.value;
}

function pullAll(server: ReferenceServer, dev: ReferenceDevice, limit = 100): PullOutcome[] {
  const pages: PullOutcome[] = [];
  for (;;) {
    const req = dev.pullRequest(limit);
    const out = server.pull(dev.userId, req);
    pages.push(out);
    dev.receivePull(req, out);
    if (!out.ok || !out.value.hasMore) return pages;
  }
}

function addNote(dev: ReferenceDevice, n: number) {
  return dev.mutate(
    'note.add',
    { id: NOTE(n), inspectionId: INSPECTION, itemId: null, text: `记录${n}`, createdAt: T(n) },
    T(n),
  );
}

describe('ReferenceServer', () => {
  it('processes each mutation once: a resent push is acknowledged without effect', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    addNote(dev, 2);
    const req = dev.pushRequest(10)!;
    expect(ok(server.push(ALICE, req))).toEqual({
      lastMutationId: 2,
      results: [
        { id: 1, status: 'applied' },
        { id: 2, status: 'applied' },
      ],
    });
    // The response was lost; the device sends the same batch again.
    expect(ok(server.push(ALICE, req)).results.map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    expect(server.processedCount(dev.deviceId, 1)).toBe(1);
    expect(server.visibleRecords(ALICE).filter((r) => r.type === 'note')).toHaveLength(2);
  });

  it('repeats a rejection with its reason to a device that missed it, and moves on', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    dev.enqueueRaw({ name: 'note.add', args: { text: '' }, schemaVersion: 2, clientTime: T(1) });
    addNote(dev, 2);
    const req = dev.pushRequest(10)!;
    const first = ok(server.push(ALICE, req));
    expect(first.results).toEqual([
      { id: 1, status: 'rejected', reason: 'sync.invalid_args' },
      { id: 2, status: 'applied' },
    ]);
    expect(ok(server.push(ALICE, req)).results[0]).toEqual(first.results[0]);
  });

  it('refuses a gap, another user’s device, and mutations from a newer app', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    addNote(dev, 2);
    const both = dev.pushRequest(10)!;
    const second = { ...both, mutations: both.mutations.slice(1) };
    expect(server.push(ALICE, second)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.mutation_gap', lastMutationId: 0 },
    });
    expect(server.lastMutationId(dev.deviceId)).toBe(0);
    // The device belongs to Alice, who synced with it first.
    expect(server.push(BOB, both)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.device_mismatch' },
    });
    expect(server.push(ALICE, both).ok).toBe(true);
    expect(server.pull(BOB, dev.pullRequest(1))).toEqual({
      ok: false,
      failure: { messageKey: 'sync.device_mismatch' },
    });
    const future = {
      deviceId: simId(0xd, 9),
      mutations: [{ ...both.mutations[0]!, schemaVersion: SYNC_SCHEMA_VERSION + 1 }],
    };
    expect(server.push(ALICE, future)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.server_outdated', maxSchemaVersion: SYNC_SCHEMA_VERSION },
    });
  });

  it('pages a pull with an opaque cursor and refuses cursors it never issued', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    const pages = pullAll(server, dev, 1);
    expect(pages.map((p) => ok(p).changes.length)).toEqual([1, 1]);
    expect(pages.map((p) => ok(p).hasMore)).toEqual([true, false]);
    expect([...dev.confirmed.keys()].sort()).toEqual([
      recordKey('inspection', INSPECTION),
      recordKey('plan', PLAN),
    ]);
    const base = { deviceId: dev.deviceId, limit: 10, schemaVersion: SYNC_SCHEMA_VERSION };
    for (const cursor of ['garbage', 'm1.999']) {
      expect(server.pull(ALICE, { ...base, cursor })).toEqual({
        ok: false,
        failure: { messageKey: 'sync.cursor_invalid' },
      });
    }
    // Nothing new: an empty page.
    expect(ok(server.pull(ALICE, { ...base, cursor: dev.cursor }))).toMatchObject({
      changes: [],
      hasMore: false,
    });
  });

  it('revokes a reassigned plan from those who lose it and sends all of it to those who gain it', () => {
    const server = new ReferenceServer(world());
    const alice = new ReferenceDevice(simId(0xd, 1), ALICE);
    const bob = new ReferenceDevice(simId(0xd, 2), BOB);
    pullAll(server, alice);
    pullAll(server, bob);
    addNote(alice, 1);
    ok(server.push(ALICE, alice.pushRequest(10)!));
    pullAll(server, alice);
    expect(bob.confirmed.size).toBe(0);

    server.setPlanTeam(PLAN, TEAM_B);
    const [page] = pullAll(server, alice);
    expect(ok(page!).changes).toEqual([{ op: 'revoked', type: 'plan', id: PLAN }]);
    expect(alice.confirmed.size).toBe(0);
    pullAll(server, bob);
    // Written before Bob's cursor, yet delivered: the grant re-versioned the plan's records.
    expect([...bob.confirmed.values()].map((r) => r.type).sort()).toEqual([
      'inspection',
      'note',
      'plan',
    ]);
  });
});

describe('ReferenceDevice', () => {
  it('shows a change at once, before any network', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    expect(dev.view().get(recordKey('note', NOTE(1)))?.fields.text).toBe('记录1');
    expect(dev.confirmed.has(recordKey('note', NOTE(1)))).toBe(false);
    expect(dev.pendingCount).toBe(1);
  });

  it('keeps an acknowledged mutation replayed until a complete pull reflects it', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    dev.receivePush(server.push(ALICE, dev.pushRequest(10)!));
    expect(dev.pendingCount).toBe(0);
    expect(dev.outbox).toHaveLength(1); // acknowledged, not yet pulled
    expect(dev.view().has(recordKey('note', NOTE(1)))).toBe(true);
    pullAll(server, dev);
    expect(dev.outbox).toHaveLength(0);
    expect(dev.confirmed.get(recordKey('note', NOTE(1)))?.fields.text).toBe('记录1');
  });

  it('applies a paged pull only when its last page arrives', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    const req = dev.pullRequest(1);
    const first = server.pull(ALICE, req);
    dev.receivePull(req, first);
    expect(ok(first).hasMore).toBe(true);
    expect(dev.confirmed.size).toBe(0);
    expect(dev.cursor).toBeNull();
    const next = dev.pullRequest(1);
    expect(next.cursor).toBe(ok(first).cursor);
    dev.receivePull(next, server.pull(ALICE, next));
    expect(dev.confirmed.size).toBe(2);
  });

  it('ignores a response to a position it already left (delayed or duplicated)', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    const stale = dev.pullRequest(100);
    const staleOut = server.pull(ALICE, stale);
    dev.receivePull(stale, staleOut);
    const cursor = dev.cursor;
    dev.receivePull(stale, staleOut);
    expect(dev.cursor).toBe(cursor);
    // An older page arriving late must not bring back a record deleted since.
    const writer = new ReferenceDevice(simId(0xd, 2), ALICE);
    pullAll(server, writer);
    addNote(writer, 1);
    writer.receivePush(server.push(ALICE, writer.pushRequest(10)!));
    const before = dev.pullRequest(100);
    const beforeOut = server.pull(ALICE, before);
    writer.mutate('note.delete', { id: NOTE(1), baseVersion: null }, T(9));
    writer.receivePush(server.push(ALICE, writer.pushRequest(10)!));
    pullAll(server, dev);
    expect(dev.confirmed.has(recordKey('note', NOTE(1)))).toBe(false);
    dev.receivePull(before, beforeOut);
    expect(dev.confirmed.has(recordKey('note', NOTE(1)))).toBe(false);
  });

  it('keeps rejected mutations with their reason, out of the outbox and the view', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    const queued = dev.enqueueRaw({
      name: 'note.frobnicate',
      args: {},
      schemaVersion: 2,
      clientTime: T(1),
    });
    expect(queued.ok).toBe(true);
    dev.receivePush(server.push(ALICE, dev.pushRequest(10)!));
    expect(dev.rejected).toEqual([
      { mutation: queued.ok && queued.mutation, reason: 'sync.unknown_mutation' },
    ]);
    expect(dev.outbox).toHaveLength(0);
  });

  it('restarts from the beginning after an invalid cursor, without touching the outbox', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    const bad = { ...dev.pullRequest(10), cursor: 'm1.999' };
    dev.cursor = 'm1.999'; // e.g. the server was restored from an older backup
    dev.receivePull(bad, server.pull(ALICE, bad) as PullOutcome);
    expect(dev.cursor).toBeNull();
    pullAll(server, dev);
    expect(dev.confirmed.size).toBe(2);
    expect(dev.pendingCount).toBe(1);
  });

  it('after a gap, resends from the first mutation without a result', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    addNote(dev, 2);
    dev.pushRequest(1); // lost on the way
    const pipelined = dev.pushRequest(1, true)!;
    expect(pipelined.mutations.map((m) => m.id)).toEqual([2]);
    dev.receivePush(server.push(ALICE, pipelined) as PushOutcome);
    expect(dev.pushRequest(10, true)!.mutations.map((m) => m.id)).toEqual([1, 2]);
  });
});

describe('ReferenceDevice local check', () => {
  it('refuses at once, and queues nothing, what the local state already forbids', () => {
    const server = new ReferenceServer(world([seedTemplate()]));
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    expect(dev.mutate('inspection.submit', { id: INSPECTION, submittedAt: T(1) }, T(1)).ok).toBe(
      true,
    );
    expect(addNote(dev, 2)).toEqual({ ok: false, reason: 'sync.inspection_locked' });
    expect(dev.lastMutationId).toBe(1);
    expect(dev.outbox).toHaveLength(1);
  });
});

describe('own records pulled as digests (elideOwn)', () => {
  it('sends back only the digest of what a device alone wrote, and the device keeps its copy', () => {
    const server = new ReferenceServer(world());
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    pullAll(server, dev);
    addNote(dev, 1);
    dev.receivePush(server.push(ALICE, dev.pushRequest(10)!));
    const [page] = pullAll(server, dev);
    const changes = ok(page!).changes;
    expect(changes).toEqual([
      expect.objectContaining({ op: 'own', type: 'note', id: NOTE(1), digest: expect.any(String) }),
    ]);
    expect(dev.confirmed.get(recordKey('note', NOTE(1)))?.fields.text).toBe('记录1');
    expect(dev.outbox).toHaveLength(0);
    // Another device of the same user, or an older app, gets the whole record.
    const other = new ReferenceDevice(simId(0xd, 2), ALICE);
    pullAll(server, other);
    expect(other.confirmed.get(recordKey('note', NOTE(1)))?.fields.text).toBe('记录1');
  });

  it('pulls again whole when the device’s copy is not what the server holds', () => {
    const server = new ReferenceServer(world([seedTemplate()]));
    const dev = new ReferenceDevice(simId(0xd, 1), ALICE);
    const mate = new ReferenceDevice(simId(0xd, 2), ALICE);
    pullAll(server, dev);
    pullAll(server, mate);
    addNote(dev, 1);
    dev.receivePush(server.push(ALICE, dev.pushRequest(10)!));
    // Offline, the device edits its note; meanwhile the visit is submitted from another phone.
    dev.mutate(
      'note.update',
      { id: NOTE(1), set: { text: '改过' }, base: { text: '记录1' } },
      T(5),
    );
    mate.mutate('inspection.submit', { id: INSPECTION, submittedAt: T(6) }, T(6));
    mate.receivePush(server.push(ALICE, mate.pushRequest(10)!));
    // The edit is rejected on the server, and that answer is lost.
    const lost = server.push(ALICE, dev.pushRequest(10)!);
    expect(ok(lost).results).toEqual([
      { id: 2, status: 'rejected', reason: 'sync.inspection_locked' },
    ]);

    const cursor = dev.cursor;
    const [elided] = pullAll(server, dev);

    // The note's digest is of its first text, the device shows its edit: nothing of that pull
    // is applied, and the next one asks for every record whole.
    expect(ok(elided!).changes.some((c) => c.op === 'own')).toBe(true);
    expect(dev.ownMismatches).toBe(1);
    expect(dev.cursor).toBe(cursor);
    const [whole] = pullAll(server, dev);
    expect(ok(whole!).changes.some((c) => c.op === 'own')).toBe(false);
    expect(dev.confirmed.get(recordKey('note', NOTE(1)))?.fields.text).toBe('记录1');
    dev.receivePush(server.push(ALICE, dev.pushRequest(10)!));
    expect(dev.rejected.map((r) => r.reason)).toEqual(['sync.inspection_locked']);
    expect(dev.view().get(recordKey('note', NOTE(1)))?.fields.text).toBe('记录1');
  });
});
