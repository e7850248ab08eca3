/*
 * Runs in Chromium (bundled by local-save.bench.ts). Puts RECORDS records on the device, then
 * times saving one checklist answer through LocalStore.mutate('inspection.answer', …) against a
 * raw IndexedDB put of the same record into a store of the same size, interleaved so that both
 * see the same moments of the machine.
 */
import {
  ReferenceServer,
  SIM_ITEMS,
  SIM_PLANS,
  SIM_USERS,
  answerRecordId,
  recordKey,
  simId,
  simulationWorld,
} from '@ducha/shared';
import { LocalDb, ofType } from '$lib/db/local-db';
import type { LocalRecord } from '$lib/db/sync-tables';
import { LocalStore } from '$lib/sync/local-store';

interface Params {
  records: number;
  samples: number;
  warmup: number;
}

export interface PageResult {
  records: number;
  store: number[];
  raw: number[];
  failures: string[];
}

declare global {
  interface Window {
    runLocalSave(p: Params): Promise<PageResult>;
  }
}

const USER = SIM_USERS[0];
const INSPECTION = simId(7, 1);

function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Filler: notes of the visit, shaped like a pulled note, `n` distinct keys. */
function fillers(template: LocalRecord, count: number): LocalRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const id = simId(0xbe, i + 1);
    return {
      ...template,
      id,
      key: recordKey('note', id),
      fields: {
        ...template.fields,
        text: `第${i + 1}条现场记录：食堂账目未按规定公示，津贴补贴发放无依据`,
      },
    };
  });
}

async function openRaw(): Promise<IDBDatabase> {
  const req = indexedDB.open('raw-baseline', 1);
  req.onupgradeneeded = () => {
    const store = req.result.createObjectStore('records', { keyPath: 'key' });
    // The same indexes Dexie keeps on `records`, so the baseline pays the same index upkeep.
    store.createIndex('type', 'type');
    store.createIndex('planId', 'planId');
    store.createIndex('type+planId', ['type', 'planId']);
  };
  return idbRequest(req);
}

async function putAll(db: IDBDatabase, rows: LocalRecord[]): Promise<void> {
  const tx = db.transaction('records', 'readwrite');
  const store = tx.objectStore('records');
  for (const r of rows) store.put(r);
  await committed(tx);
}

window.runLocalSave = async ({ records, samples, warmup }: Params): Promise<PageResult> => {
  const failures: string[] = [];
  const db = new LocalDb(`bench-${Date.now()}`);
  const store = new LocalStore(db, { userId: USER });
  const { deviceId } = await store.state();
  const server = new ReferenceServer(simulationWorld());
  const pulled = server.pull(USER, { deviceId, cursor: null, schemaVersion: 2 });
  if (!pulled.ok) throw new Error(pulled.failure.messageKey);
  const p = pulled.value;
  await store.applyPull(null, p.changes, p.cursor, p.lastMutationId);

  const note = (await ofType(db.records, 'note').first()) ?? null;
  const base = note ?? (await db.records.get(recordKey('inspection', INSPECTION)));
  if (!base) throw new Error('the simulation world has no record to copy');
  const missing = records - (await db.records.count());
  const extra = fillers({ ...base, planId: SIM_PLANS[0] }, Math.max(0, missing));
  for (let i = 0; i < extra.length; i += 5000) {
    await db.records.bulkPut(extra.slice(i, i + 5000));
  }
  const raw = await openRaw();
  const existing = await db.records.toArray();
  for (let i = 0; i < existing.length; i += 5000) await putAll(raw, existing.slice(i, i + 5000));

  const storeMs: number[] = [];
  const rawMs: number[] = [];
  const answerKey = recordKey('answer', answerRecordId(INSPECTION, SIM_ITEMS[0]));
  let previous: number | null = null;
  for (let i = 0; i < warmup + samples; i++) {
    const value = i % 11;
    const t0 = performance.now();
    const out = await store.mutate('inspection.answer', {
      inspectionId: INSPECTION,
      itemId: SIM_ITEMS[0],
      set: { answer: { kind: 'score', value } },
      base: { answer: previous === null ? null : { kind: 'score', value: previous } },
    });
    const t1 = performance.now();
    if (!out.ok) failures.push(out.reason);
    previous = value;

    // The baseline writes exactly the record the store just wrote, in its own transaction.
    const record = await db.records.get(answerKey);
    if (!record) throw new Error('the answer was not saved');
    const t2 = performance.now();
    const tx = raw.transaction('records', 'readwrite');
    tx.objectStore('records').put(record);
    await committed(tx);
    const t3 = performance.now();
    if (i >= warmup) {
      storeMs.push(t1 - t0);
      rawMs.push(t3 - t2);
    }
  }
  const count = await db.records.count();
  raw.close();
  db.close();
  return { records: count, store: storeMs, raw: rawMs, failures };
};
