import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import { LocalStore } from './local-store';
import { SyncEngine, type SyncTransport, type Timers } from './sync-engine';
import { SyncSession, type UserSync } from './sync-session.svelte';
import { USER_1, USER_2, directTransport, newRecordId, newServer, note } from './sync.test-support';

/** Timers that never fire on their own: the tests run syncs explicitly. */
function heldTimers(): Timers & { pending: Set<unknown> } {
  const pending = new Set<unknown>();
  let n = 0;
  return {
    pending,
    set: () => {
      const handle = ++n;
      pending.add(handle);
      return handle;
    },
    clear: (handle) => void pending.delete(handle),
  };
}

let run = 0;

/** An app-like setup: one reference server, one database per user, engines made on demand. */
function setup(options: { transport?: (userId: string) => SyncTransport } = {}) {
  const server = newServer();
  const prefix = `session-${++run}-${Date.now()}`;
  const timers = heldTimers();
  const opened: (UserSync & { userId: string })[] = [];
  const dbs = new Map<string, LocalDb>();
  const events = new EventTarget();
  let persistRequests = 0;
  let reloads = 0;
  const session = new SyncSession({
    open: (userId) => {
      // Like localDbFor: the same user gets the same database back.
      let db = dbs.get(userId);
      if (!db) dbs.set(userId, (db = new LocalDb(`${prefix}-${userId}`)));
      const store = new LocalStore(db, { userId });
      const engine = new SyncEngine({
        userId,
        store,
        transport: options.transport?.(userId) ?? directTransport(server, userId),
        timers,
        events,
        random: () => 0.5,
      });
      opened.push({ userId, db, store, engine });
      return { db, store, engine };
    },
    requestPersistentStorage: async () => ++persistRequests,
    reload: () => void reloads++,
  });
  return {
    server,
    session,
    opened,
    timers,
    events,
    prefix,
    persistRequests: () => persistRequests,
    reloads: () => reloads,
  };
}

describe('SyncSession', () => {
  it('starts syncing the signed-in user at once and asks for persistent storage once', async () => {
    const t = setup();

    t.session.attach(USER_1);
    await t.session.syncNow();

    expect(t.opened.map((o) => o.userId)).toEqual([USER_1]);
    expect(t.opened[0]?.db.name).toBe(`ducha-${t.prefix}-${USER_1}`);
    expect(t.session.status.lastSuccessAt).not.toBeNull();
    expect(t.session.status.synced).toBe(true);
    expect(t.persistRequests()).toBe(1);

    t.session.attach(USER_1);
    expect(t.opened).toHaveLength(1);
    t.session.dispose();
  });

  it('pushes a local change on its own and reports the pending count meanwhile', async () => {
    const t = setup();
    t.session.attach(USER_1);
    await t.session.syncNow();
    const store = t.session.store!;

    await store.mutate('note.add', note(1));
    expect(await t.session.unsyncedCount()).toBe(1);
    // The change itself started a run; joining it waits for that run.
    await t.session.syncNow();

    expect(await t.session.unsyncedCount()).toBe(0);
    expect(t.server.record('note', newRecordId(1))?.fields.text).toBe('记录 1');
    expect(t.session.status.pending).toBe(0);
    t.session.dispose();
  });

  it('stops the engine on sign-out and keeps the user’s unsynced changes for next time', async () => {
    let online = true;
    const t = setup({
      transport: (userId) => {
        const direct = directTransport(t.server, userId);
        const down = () => Promise.reject(new TypeError('Failed to fetch'));
        return {
          push: (r) => (online ? direct.push(r) : down()),
          pull: (r) => (online ? direct.pull(r) : down()),
        };
      },
    });
    t.session.attach(USER_1);
    await t.session.syncNow();
    online = false;
    await t.session.store!.mutate('note.add', note(2));
    await t.session.syncNow();
    expect(t.session.status.error).toBe('sync.network_failed');
    expect(await t.session.unsyncedCount()).toBe(1);

    t.session.attach(null);
    expect(t.session.store).toBeNull();
    expect(t.session.status.pending).toBe(0);
    expect(t.session.status.error).toBeNull();
    // Every timer of the stopped engine is gone: it will not sync behind the login page.
    expect(t.timers.pending.size).toBe(0);
    online = true;
    t.events.dispatchEvent(new Event('online'));
    expect(t.server.record('note', newRecordId(2))).toBeUndefined();

    t.session.attach(USER_1);
    await t.session.syncNow();
    expect(t.server.record('note', newRecordId(2))?.fields.text).toBe('记录 2');
    expect(await t.session.unsyncedCount()).toBe(0);
    t.session.dispose();
  });

  it('gives each user their own database and never mixes their changes', async () => {
    const offline = new Set<string>();
    const t = setup({
      transport: (userId) => {
        const direct = directTransport(t.server, userId);
        const down = () => Promise.reject(new TypeError('Failed to fetch'));
        return {
          push: (r) => (offline.has(userId) ? down() : direct.push(r)),
          pull: (r) => (offline.has(userId) ? down() : direct.pull(r)),
        };
      },
    });
    t.session.attach(USER_1);
    await t.session.syncNow();
    offline.add(USER_1);
    expect((await t.session.store!.mutate('note.add', note(3))).ok).toBe(true);
    await t.session.syncNow();

    t.session.attach(USER_2);
    await t.session.syncNow();

    expect(t.opened.map((o) => o.userId)).toEqual([USER_1, USER_2]);
    expect(t.opened[1]?.db.name).toBe(`ducha-${t.prefix}-${USER_2}`);
    expect(await t.session.unsyncedCount()).toBe(0);
    expect(await t.opened[1]!.store.get('note', newRecordId(3))).toBeUndefined();
    // USER_1's offline change is still on the device, in USER_1's database only.
    expect(await t.opened[0]!.db.outbox.count()).toBe(1);
    expect(t.server.record('note', newRecordId(3))).toBeUndefined();
    t.session.dispose();
  });

  it('lists rejected changes with their reasons until the user dismisses them', async () => {
    const t = setup({
      transport: (userId) => {
        const direct = directTransport(t.server, userId);
        return {
          pull: direct.pull,
          push: async (r) => ({
            ok: true,
            value: {
              lastMutationId: r.mutations.at(-1)!.id,
              results: r.mutations.map((m) => ({
                id: m.id,
                status: 'rejected' as const,
                reason: 'sync.inspection_locked' as const,
              })),
            },
          }),
        };
      },
    });
    t.session.attach(USER_1);
    await t.session.syncNow();
    await t.session.store!.mutate('note.add', note(4));
    await t.session.syncNow();

    await expect.poll(() => t.session.rejected.length).toBe(1);
    expect(t.session.rejected[0]).toMatchObject({
      id: 1,
      name: 'note.add',
      reason: 'sync.inspection_locked',
    });
    expect(t.session.status.rejected).toBe(1);

    await t.session.dismissRejected(1);
    expect(t.session.rejected).toEqual([]);
    t.session.dispose();
  });

  it('closes its database and reloads when a newer tab upgrades it, keeping the outbox', async () => {
    const t = setup();
    t.session.attach(USER_1);
    await t.session.syncNow();
    await t.session.store!.mutate('note.add', note(5));
    const name = t.opened[0]!.db.name;

    // Another tab running newer code opens the same database at a higher version.
    const newer = new Dexie(name);
    newer.version(2).stores({ outbox: 'id, status, *keys' });
    newer.version(30).stores({ outbox: 'id, status, *keys', extra: 'id' });
    await newer.open();

    expect(t.reloads()).toBe(1);
    expect(t.session.reloading).toBe(true);
    expect(t.opened[0]!.db.isOpen()).toBe(false);
    expect(t.timers.pending.size).toBe(0);
    const outbox = await newer.table('outbox').toArray();
    expect(outbox.map((r: { name: string }) => r.name)).toEqual(['note.add']);
    newer.close();
    // A reloading page starts nothing new.
    t.session.attach(USER_2);
    expect(t.opened).toHaveLength(1);
  });
});
