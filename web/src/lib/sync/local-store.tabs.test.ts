import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import { LocalStore, type ChangeChannel, type StoreChange } from './local-store';
import { SyncEngine, type Timers } from './sync-engine';
import { SyncSession } from './sync-session.svelte';
import { USER_1, directTransport, newRecordId, newServer, note } from './sync.test-support';

/*
 * Two tabs of one user: two LocalDb connections to the same database, each with its store, in
 * one process. Node 20 has BroadcastChannel globally, so the real channel carries the messages.
 */

let run = 0;

const neverTimers: Timers = { set: () => 0, clear: () => undefined };

/** Resolves with the first change `store` hears of that satisfies `want`. */
function nextChange(store: LocalStore, want: (k: StoreChange) => boolean): Promise<StoreChange> {
  return new Promise((resolve) => {
    const off = store.onChange((kind) => {
      if (!want(kind)) return;
      off();
      resolve(kind);
    });
  });
}

async function pulledTabs() {
  const name = `tabs-${++run}-${Date.now()}`;
  const server = newServer();
  const a = new LocalStore(new LocalDb(name), { userId: USER_1 });
  const b = new LocalStore(new LocalDb(name), { userId: USER_1 });
  const engine = new SyncEngine({
    userId: USER_1,
    store: a,
    transport: directTransport(server, USER_1),
    timers: neverTimers,
    random: () => 0.5,
  });
  await engine.syncNow();
  return { name, server, a, b };
}

describe('other tabs of the same user', () => {
  it('hear of a local change and of an applied pull', async () => {
    const { a, b } = await pulledTabs();
    const own: StoreChange[] = [];
    a.onChange((k) => own.push(k));

    const heard = nextChange(b, (k) => k === 'remote');
    expect((await a.mutate('note.add', note(1))).ok).toBe(true);
    expect(await heard).toBe('remote');
    // The other tab reads the change from the shared database.
    expect((await b.get('note', newRecordId(1)))?.fields.text).toBe('记录 1');
    expect(await b.pendingCount()).toBe(1);
    expect(own).toEqual(['local']);

    const heardPull = nextChange(b, (k) => k === 'remote');
    const state = await a.state();
    expect(await a.applyPull(state.cursor, [], 'cursor-2', state.lastMutationId)).toBe('applied');
    expect(await heardPull).toBe('remote');
    a.close();
    b.close();
  });

  it('ignore changes to another database of the same user', async () => {
    // A hub standing in for BroadcastChannel, delivering synchronously so absence is checkable.
    const members = new Set<ChangeChannel>();
    const hub = (): ChangeChannel => {
      const c: ChangeChannel = {
        onmessage: null,
        postMessage: (data) => {
          for (const m of members)
            if (m !== c) m.onmessage?.(new MessageEvent('message', { data }));
        },
        close: () => void members.delete(c),
      };
      members.add(c);
      return c;
    };
    const { name } = await pulledTabs();
    const a = new LocalStore(new LocalDb(name), { userId: USER_1, channel: hub });
    const b = new LocalStore(new LocalDb(name), { userId: USER_1, channel: hub });
    const other = new LocalStore(new LocalDb(`${name}-other`), { userId: USER_1, channel: hub });
    const heard: StoreChange[] = [];
    b.onChange((k) => heard.push(k));

    await other.recordOutcome({ at: '2026-03-02T08:00:00.000Z' });
    expect(heard).toEqual([]);
    await a.recordOutcome({ at: '2026-03-02T08:00:00.000Z' });
    expect(heard).toEqual(['remote']);

    b.close();
    await a.recordOutcome({ at: '2026-03-02T08:01:00.000Z' });
    expect(heard).toEqual(['remote']);
  });

  it('show the new pending count in the other tab’s status at once', async () => {
    const { name, server } = await pulledTabs();
    const tab = () => {
      const opened: { store?: LocalStore; engine?: SyncEngine } = {};
      const session = new SyncSession({
        open: (userId) => {
          const db = new LocalDb(name);
          const store = new LocalStore(db, { userId });
          const engine = new SyncEngine({
            userId,
            store,
            transport: directTransport(server, userId),
            timers: neverTimers,
            random: () => 0.5,
            // Offline: neither tab pushes, so the change stays pending.
            isOnline: () => false,
          });
          Object.assign(opened, { store, engine });
          return { db, store, engine };
        },
        reload: () => undefined,
      });
      session.attach(USER_1);
      return { session, store: opened.store!, engine: opened.engine! };
    };
    const one = tab();
    const two = tab();
    await two.session.syncNow();
    expect(two.session.status.pending).toBe(0);

    const shown = new Promise<void>((resolve) => {
      const off = two.engine.onStatus((s) => {
        if (s.pending !== 1) return;
        off();
        resolve();
      });
    });
    expect((await one.store.mutate('note.add', note(2))).ok).toBe(true);
    await shown;

    expect(two.session.status.pending).toBe(1);
    one.session.dispose();
    two.session.dispose();
  });
});
