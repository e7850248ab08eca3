import 'fake-indexeddb/auto';
import { simId, type Mutation, type PushRequest } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import {
  UploadInterruptedError,
  UploadRefusedError,
  sha256OfBlob,
  type AttachmentUpload,
  type UploadProgress,
} from './attachment-uploader';
import { LocalStore, type AttachInput } from './local-store';
import { SyncEngine, type SyncSnapshot, type Timers } from './sync-engine';
import {
  INSPECTION_1,
  USER_1,
  directTransport,
  newRecordId,
  newServer,
  note,
} from './sync.test-support';

const PERIOD_MS = 1e9;

/** A file server that only remembers which hashes it holds; `fail` makes the next calls throw. */
class FakeUploader {
  readonly held = new Set<string>();
  readonly calls: string[] = [];
  fail: Error | null = null;
  /** Progress steps reported before completing, as fractions of the size. */
  steps = [0.5];

  readonly upload = async (
    file: AttachmentUpload,
    onProgress?: (p: UploadProgress) => void,
  ): Promise<{ status: 'uploaded'; sha256: string }> => {
    this.calls.push(file.sha256);
    const total = file.blob.size;
    for (const f of this.steps) onProgress?.({ sha256: file.sha256, sent: total * f, total });
    if (this.fail) throw this.fail;
    expect(await sha256OfBlob(file.blob)).toBe(file.sha256);
    this.held.add(file.sha256);
    onProgress?.({ sha256: file.sha256, sent: total, total });
    return { status: 'uploaded', sha256: file.sha256 };
  };
}

let dbCount = 0;

async function setup() {
  const server = newServer();
  const files = new FakeUploader();
  const direct = directTransport(server, USER_1);
  const pushes: number[][] = [];
  // Every attach a push carries must name a file the file server already holds.
  const early: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const fakeTimers: Timers = {
    set: (fn, ms) => timers.push({ fn, ms }),
    clear: () => undefined,
  };
  const db = new LocalDb(`${USER_1}-attach-${++dbCount}-${Date.now()}`);
  let clock = Date.UTC(2026, 2, 2, 8, 0, 0);
  const store = new LocalStore(db, {
    userId: USER_1,
    newId: () => simId(0xdf, dbCount),
    now: () => new Date((clock += 1000)),
    channel: null,
  });
  const engine = new SyncEngine({
    userId: USER_1,
    store,
    random: () => 0.5,
    timers: fakeTimers,
    periodMs: PERIOD_MS,
    upload: files.upload,
    transport: {
      push: (req: PushRequest) => {
        pushes.push(req.mutations.map((m) => m.id));
        for (const m of req.mutations) {
          const sha = attachedHash(m);
          if (sha && !files.held.has(sha)) early.push(sha);
        }
        return direct.push(req);
      },
      pull: direct.pull,
    },
  });
  await engine.syncNow();
  const { deviceId } = await store.state();
  /** Runs the retries the engine scheduled (not the periodic sync). */
  const fireRetries = () => {
    for (const t of timers.splice(0)) if (t.ms < PERIOD_MS) t.fn();
  };
  return { server, files, pushes, early, timers, fireRetries, db, store, engine, deviceId };
}

function attachedHash(m: Mutation): string | null {
  return m.name === 'attachment.attach' ? (m.args as { sha256: string }).sha256 : null;
}

const photo = (text: string) => new Blob([text], { type: 'image/jpeg' });

const attach = (n: number): AttachInput => ({
  id: newRecordId(n),
  inspectionId: INSPECTION_1,
  itemId: null,
  fileName: `现场照片-${n}.jpg`,
  addedAt: '2026-03-02T08:00:00.000Z',
});

describe('LocalStore.addAttachment', () => {
  it('stores the blob and queues the attach that references it', async () => {
    const { db, store } = await setup();
    const blob = photo('照片字节 1');
    const out = await store.addAttachment(blob, 'image/jpeg', attach(1));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.sha256).toBe(await sha256OfBlob(blob));
    const row = await db.attachments.get(out.sha256);
    expect(row?.status).toBe('queued-upload');
    expect(await row?.blob?.text()).toBe('照片字节 1');
    const queued = await db.outbox.get(out.mutation.id);
    expect(queued?.name).toBe('attachment.attach');
    expect(queued?.args).toMatchObject({ sha256: out.sha256, size: blob.size });
    expect((await store.get('attachment', newRecordId(1)))?.fields.sha256).toBe(out.sha256);
  });

  it('stores no blob when the attach is refused or its transaction fails', async () => {
    const { db, store } = await setup();
    const refused = await store.addAttachment(photo('a'), 'image/jpeg', {
      ...attach(1),
      inspectionId: newRecordId(99),
    });
    expect(refused.ok).toBe(false);
    // An outbox entry already holding the next id makes the outbox write fail mid-transaction.
    const { lastLocalMutationId } = await store.state();
    await db.outbox.add({
      id: lastLocalMutationId + 1,
      name: 'note.add',
      args: {},
      schemaVersion: 2,
      clientTime: '2026-03-02T08:00:00.000Z',
      status: 'rejected',
      keys: [],
    });
    await expect(store.addAttachment(photo('b'), 'image/jpeg', attach(2))).rejects.toThrow();
    expect(await db.attachments.count()).toBe(0);
    expect(await store.get('attachment', newRecordId(2))).toBeUndefined();
  });

  it('keeps one copy per hash', async () => {
    const { db, store } = await setup();
    const a = await store.addAttachment(photo('同一张'), 'image/jpeg', attach(1));
    const b = await store.addAttachment(photo('同一张'), 'image/jpeg', attach(2));
    expect(a.ok && b.ok && a.sha256 === b.sha256).toBe(true);
    expect(await db.attachments.count()).toBe(1);
    expect((await db.outbox.toArray()).map((r) => r.name)).toEqual([
      'attachment.attach',
      'attachment.attach',
    ]);
  });
});

describe('SyncEngine uploads', () => {
  it('uploads a file before pushing the attach that references it, and keeps the blob', async () => {
    const s = await setup();
    await s.store.mutate('note.add', note(1));
    const out = await s.store.addAttachment(photo('证据'), 'image/jpeg', attach(2));
    await s.store.mutate('note.add', note(3));
    if (!out.ok) throw new Error(out.reason);

    await s.engine.syncNow();

    expect(s.files.calls).toEqual([out.sha256]);
    expect(s.early).toEqual([]);
    expect(s.server.lastMutationId(s.deviceId)).toBe(3);
    expect(s.server.record('attachment', newRecordId(2))?.fields.sha256).toBe(out.sha256);
    const row = await s.db.attachments.get(out.sha256);
    expect(row?.status).toBe('uploaded');
    expect(await row?.blob?.text()).toBe('证据');
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('holds back the attach and later changes while its upload fails, then retries', async () => {
    const s = await setup();
    await s.store.mutate('note.add', note(1));
    const out = await s.store.addAttachment(photo('离线'), 'image/jpeg', attach(2));
    await s.store.mutate('note.add', note(3));
    if (!out.ok) throw new Error(out.reason);
    s.files.fail = new UploadInterruptedError(new Error('offline'));
    s.engine.start();

    await s.engine.syncNow();

    expect(s.pushes).toEqual([[1]]);
    expect(s.server.lastMutationId(s.deviceId)).toBe(1);
    expect(s.server.record('attachment', newRecordId(2))).toBeUndefined();
    expect((await s.engine.snapshot()).error).toBe('sync.network_failed');
    expect((await s.db.attachments.get(out.sha256))?.status).toBe('queued-upload');
    // One upload attempt per cycle, not one per batch.
    expect(s.files.calls).toEqual([out.sha256]);
    expect(s.timers.some((t) => t.ms < PERIOD_MS)).toBe(true);

    s.files.fail = null;
    s.fireRetries();
    await s.engine.syncNow();
    s.engine.stop();

    expect(s.files.calls).toEqual([out.sha256, out.sha256]);
    expect(s.early).toEqual([]);
    expect(s.server.lastMutationId(s.deviceId)).toBe(3);
    expect(s.server.record('note', newRecordId(3))?.fields.text).toBe('记录 3');
    expect((await s.engine.snapshot()).error).toBeNull();
    expect((await s.db.attachments.get(out.sha256))?.status).toBe('uploaded');
  });

  it('uploads a file attached twice only once', async () => {
    const s = await setup();
    const a = await s.store.addAttachment(photo('同一张'), 'image/jpeg', attach(1));
    const b = await s.store.addAttachment(photo('同一张'), 'image/jpeg', attach(2));
    if (!a.ok || !b.ok) throw new Error('refused');

    await s.engine.syncNow();

    expect(s.files.calls).toEqual([a.sha256]);
    expect(s.server.record('attachment', newRecordId(1))?.fields.sha256).toBe(a.sha256);
    expect(s.server.record('attachment', newRecordId(2))?.fields.sha256).toBe(a.sha256);
  });

  it('reports each file’s progress in the status, and drops it once uploaded', async () => {
    const s = await setup();
    s.files.steps = [0, 0.25, 0.75];
    const out = await s.store.addAttachment(photo('12345678'), 'image/jpeg', attach(1));
    if (!out.ok) throw new Error(out.reason);
    const seen: SyncSnapshot[] = [];
    s.engine.onStatus((snap) => seen.push(snap));

    await s.engine.syncNow();

    const fractions = seen.map((snap) => snap.uploads[out.sha256]).filter((f) => f !== undefined);
    expect(fractions).toEqual(expect.arrayContaining([0.25, 0.75]));
    expect(seen.at(-1)?.uploads).toEqual({});
  });

  it('rejects on the device an attach whose file the server refused, and pushes the rest', async () => {
    const s = await setup();
    await s.store.mutate('note.add', note(1));
    const out = await s.store.addAttachment(photo('坏文件'), 'image/jpeg', attach(2));
    // The same bytes attached again: refused with them, never pushed either.
    const again = await s.store.addAttachment(photo('坏文件'), 'image/jpeg', attach(3));
    await s.store.mutate('note.add', note(4));
    if (!out.ok || !again.ok) throw new Error('refused');
    s.files.fail = new UploadRefusedError(413, 'upload.too_large', '文件过大', false);

    await s.engine.syncNow();

    // Ids stay consecutive for the server: note 4 went out as mutation 2.
    expect(s.pushes.flat()).toEqual([1, 2]);
    expect(s.server.lastMutationId(s.deviceId)).toBe(2);
    expect(s.server.record('note', newRecordId(4))?.fields.text).toBe('记录 4');
    expect(s.server.record('attachment', newRecordId(2))).toBeUndefined();
    expect(s.server.record('attachment', newRecordId(3))).toBeUndefined();
    expect(s.files.calls).toEqual([out.sha256]);
    const row = await s.db.attachments.get(out.sha256);
    expect(row?.status).toBe('refused');
    expect(row?.error).toBe('upload.too_large');
    // Kept for the user with the reason, and gone from the screen.
    const rejected = await s.store.rejected();
    expect(rejected.map((r) => [r.name, r.reason])).toEqual([
      ['attachment.attach', 'upload.too_large'],
      ['attachment.attach', 'upload.too_large'],
    ]);
    // Both were mutation 2 in turn (the second moved down): each kept under a handle of its own.
    expect(new Set(rejected.map((r) => r.seq)).size).toBe(2);
    expect(await s.store.get('attachment', newRecordId(2))).toBeUndefined();
    expect(await s.store.pendingCount()).toBe(0);
    expect((await s.engine.snapshot()).error).toBeNull();

    // New work numbers on from where the server is.
    await s.store.mutate('note.add', note(5));
    await s.engine.syncNow();
    expect(s.server.lastMutationId(s.deviceId)).toBe(3);
    expect(s.server.record('note', newRecordId(5))).toBeDefined();
    await s.store.dismissRejected(rejected[0]!.seq!);
    expect(await s.store.rejected()).toHaveLength(1);
  });

  it('does not renumber anything the server may already have', async () => {
    const s = await setup();
    const out = await s.store.addAttachment(photo('已发送'), 'image/jpeg', attach(1));
    if (!out.ok) throw new Error(out.reason);
    await s.engine.syncNow();
    expect(s.server.lastMutationId(s.deviceId)).toBe(1);
    await s.store.mutate('note.add', note(2));
    // Mutation 1 is known to the server; 2 is not an attach.
    expect(await s.store.rejectUnsentAttach(1, 'upload.too_large')).toBe(false);
    expect(await s.store.rejectUnsentAttach(2, 'upload.too_large')).toBe(false);
    expect((await s.db.outbox.toArray()).map((r) => [r.id, r.name])).toEqual([[2, 'note.add']]);
    expect(await s.store.rejected()).toEqual([]);
  });

  it('remembers how far an upload got, across a reload, and clears it once uploaded', async () => {
    const s = await setup();
    const out = await s.store.addAttachment(photo('12345678'), 'image/jpeg', attach(1));
    if (!out.ok) throw new Error(out.reason);
    s.files.steps = [0.5];
    s.files.fail = new UploadInterruptedError(new Error('signal lost'));

    await s.engine.syncNow();
    await new Promise((r) => setTimeout(r, 20));

    const row = await s.db.attachments.get(out.sha256);
    expect(row).toMatchObject({ status: 'queued-upload', uploadOffset: 4 });
    // A reloaded page: a new engine over the same database starts its status from the offset.
    const reloaded = new SyncEngine({
      userId: USER_1,
      store: s.store,
      transport: {
        push: () => new Promise(() => undefined),
        pull: () => new Promise(() => undefined),
      },
      upload: s.files.upload,
    });
    const seen: number[] = [];
    reloaded.onStatus((snap) => {
      const f = snap.uploads[out.sha256];
      if (f !== undefined) seen.push(f);
    });
    s.files.fail = null;
    s.files.steps = [];
    void reloaded.syncNow();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen[0]).toBe(0.5);
    expect(await s.db.attachments.get(out.sha256)).toMatchObject({ status: 'uploaded' });
    expect((await s.db.attachments.get(out.sha256))?.uploadOffset).toBeUndefined();
  });
});
