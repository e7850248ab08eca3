/*
 * Runs in Chromium (bundled by notes-sync.bench.ts), served from the API's origin so the session
 * cookie and `/trpc` work as in the app. One page is one device: the real LocalStore over Dexie,
 * the real SyncEngine, the real tRPC transport. The engine is never `start()`ed: the bench calls
 * `syncNow()` itself, so each phase is exactly one sync run (push, then the pull that confirms).
 */
import type { PullRequestInput, PushRequest } from '@ducha/shared';
import { createApiClient } from '$lib/api/trpc-client';
import { LocalDb, ofType } from '$lib/db/local-db';
import { LocalStore } from '$lib/sync/local-store';
import { SyncEngine, type SyncTransport } from '$lib/sync/sync-engine';
import { createTrpcSyncTransport } from '$lib/sync/trpc-sync-transport';
import { noteTexts } from './note-text';

export interface DeviceInfo {
  userId: string;
  inspectionId: string | null;
  /** Time to write the notes locally (`LocalStore.mutate`, one transaction each). */
  createMs: number;
}

export interface SyncRun {
  ms: number;
  /** When the last push answer arrived, from the start of the run. */
  pushDoneMs: number;
  pushes: number;
  pulls: number;
  changesPulled: number;
  pending: number;
  error: string | null;
  notes: number;
}

declare global {
  interface Window {
    oursPrepare(p: {
      username: string;
      password: string;
      notes: number;
      inspectionId: string | null;
    }): Promise<DeviceInfo>;
    oursSync(): Promise<SyncRun>;
  }
}

let device: {
  store: LocalStore;
  db: LocalDb;
  engine: SyncEngine;
  tally: Tally;
  inspectionId: string | null;
} | null = null;

/** Requests, and the time spent waiting on them (network and server), apart from the device's. */
interface Tally {
  pushes: number;
  pulls: number;
  changes: number;
  lastPushAt: number;
  pushWaitMs: number;
  pullWaitMs: number;
  /** Time inside the local store's sync steps, by method. */
  storeMs: Record<string, number>;
}

/** Times the store's sync steps (the device's own work) into `tally.storeMs`. */
function timeStore(store: LocalStore, tally: Tally): void {
  for (const name of ['nextPush', 'receivePush', 'applyPull'] as const) {
    const inner = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await inner(...args);
      } finally {
        tally.storeMs[name] = (tally.storeMs[name] ?? 0) + performance.now() - t0;
      }
    };
  }
}

function counting(inner: SyncTransport, tally: Tally): SyncTransport {
  return {
    async push(request: PushRequest) {
      tally.pushes++;
      const t0 = performance.now();
      const out = await inner.push(request);
      tally.lastPushAt = performance.now();
      tally.pushWaitMs += tally.lastPushAt - t0;
      return out;
    },
    async pull(request: PullRequestInput) {
      tally.pulls++;
      const t0 = performance.now();
      const out = await inner.pull(request);
      tally.pullWaitMs += performance.now() - t0;
      if (out.ok) tally.changes += out.value.changes.length;
      return out;
    },
  };
}

async function startVisit(store: LocalStore, db: LocalDb): Promise<string> {
  const plans = await ofType(db.records, 'plan').toArray();
  for (const plan of plans) {
    const id = crypto.randomUUID();
    const out = await store.mutate('inspection.start', {
      id,
      planId: plan.id,
      templateId: plan.fields.templateId as string,
      templateVersion: plan.fields.templateVersion as number,
      startedAt: new Date().toISOString(),
      place: null,
    });
    if (out.ok) return id;
  }
  throw new Error(`none of ${plans.length} plans lets this user start a visit`);
}

window.oursPrepare = async ({ username, password, notes, inspectionId }) => {
  const api = createApiClient({ getLocale: () => 'zh-CN' });
  const { user } = await api.auth.login.mutate({ username, password });
  const db = new LocalDb(user.id);
  const store = new LocalStore(db, { userId: user.id });
  const tally: Tally = {
    pushes: 0,
    pulls: 0,
    changes: 0,
    lastPushAt: 0,
    pushWaitMs: 0,
    pullWaitMs: 0,
    storeMs: {},
  };
  timeStore(store, tally);
  const engine = new SyncEngine({
    userId: user.id,
    store,
    transport: counting(createTrpcSyncTransport(api), tally),
    locks: null,
    events: null,
  });
  device = { store, db, engine, tally, inspectionId };
  let createMs = 0;
  if (notes > 0) {
    // What the device knows before the visit (plans, templates): not part of the measured runs.
    await engine.syncNow();
    const visit = await startVisit(store, db);
    device.inspectionId = visit;
    const texts = noteTexts(notes);
    const t0 = performance.now();
    for (const text of texts) {
      const out = await store.mutate('note.add', {
        id: crypto.randomUUID(),
        inspectionId: visit,
        itemId: null,
        text,
        createdAt: new Date().toISOString(),
      });
      if (!out.ok) throw new Error(`note.add refused: ${out.reason}`);
    }
    createMs = performance.now() - t0;
  }
  return { userId: user.id, inspectionId: device.inspectionId, createMs };
};

window.oursSync = async () => {
  if (!device) throw new Error('oursPrepare first');
  const { engine, store, db, tally } = device;
  Object.assign(tally, {
    pushes: 0,
    pulls: 0,
    changes: 0,
    lastPushAt: 0,
    pushWaitMs: 0,
    pullWaitMs: 0,
    storeMs: {},
  });
  performance.clearResourceTimings();
  performance.setResourceTimingBufferSize(10000);
  const t0 = performance.now();
  await engine.syncNow();
  const ms = performance.now() - t0;
  (globalThis as unknown as { __timing: unknown }).__timing = performance
    .getEntriesByType('resource')
    .map((e) => {
      const r = e as PerformanceResourceTiming;
      return `${r.name.split('/').pop()} start=${(r.startTime - t0).toFixed(0)} req=${(r.requestStart - t0).toFixed(0)} ttfb=${(r.responseStart - t0).toFixed(0)} end=${(r.responseEnd - t0).toFixed(0)} size=${r.encodedBodySize}`;
    });
  const snapshot = await engine.snapshot();
  const visit = device.inspectionId;
  const notes = await ofType(db.records, 'note')
    .filter((r) => r.fields.inspectionId === visit)
    .count();
  return {
    ms,
    pushDoneMs: tally.lastPushAt > 0 ? tally.lastPushAt - t0 : 0,
    pushes: tally.pushes,
    pulls: tally.pulls,
    pushWaitMs: tally.pushWaitMs,
    pullWaitMs: tally.pullWaitMs,
    storeMs: tally.storeMs,
    changesPulled: tally.changes,
    pending: await store.pendingCount(),
    error: snapshot.error,
    notes,
  };
};
