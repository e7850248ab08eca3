/*
 * The peer, in Chromium (bundled by notes-sync.bench.ts): PouchDB's browser build on IndexedDB,
 * syncing with the PouchDB server (pouchdb-server.ts) the way a classic offline app does, one
 * `db.sync(remote)`. It writes the same notes as our device, one `put` per note (a user adds
 * them one at a time), shaped like our note records.
 */
import PouchDB from 'pouchdb-browser';
import { noteTexts } from '../notes-sync/note-text';

interface PouchLike {
  put(doc: Record<string, unknown>): Promise<unknown>;
  sync(
    remote: string,
  ): Promise<{ push?: { docs_written: number }; pull?: { docs_written: number } }>;
  info(): Promise<{ doc_count: number }>;
}

interface Params {
  notes: number;
  remote: string;
  inspectionId: string;
  planId: string;
  userId: string;
}

export interface PeerRun {
  ms: number;
  docs: number;
  pushed: number;
  pulled: number;
}

declare global {
  interface Window {
    peerPrepare(p: Params): Promise<{ createMs: number }>;
    peerSync(): Promise<PeerRun>;
  }
}

let device: { db: PouchLike; remote: string } | null = null;

window.peerPrepare = async ({ notes, remote, inspectionId, planId, userId }) => {
  const db = new (PouchDB as unknown as new (name: string) => PouchLike)(`peer-${Date.now()}`);
  device = { db, remote };
  const t0 = performance.now();
  for (const text of noteTexts(notes)) {
    await db.put({
      _id: crypto.randomUUID(),
      type: 'note',
      planId,
      inspectionId,
      itemId: null,
      text,
      createdBy: userId,
      createdAt: new Date().toISOString(),
    });
  }
  return { createMs: performance.now() - t0 };
};

window.peerSync = async () => {
  if (!device) throw new Error('peerPrepare first');
  const t0 = performance.now();
  const out = await device.db.sync(device.remote);
  const ms = performance.now() - t0;
  return {
    ms,
    docs: (await device.db.info()).doc_count,
    pushed: out.push?.docs_written ?? 0,
    pulled: out.pull?.docs_written ?? 0,
  };
};
