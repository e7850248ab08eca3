import 'fake-indexeddb/auto';
import { ReferenceServer, simId } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import { DownloadError } from '$lib/sync/attachment-downloader';
import { sha256OfBlob, type AttachmentUpload } from '$lib/sync/attachment-uploader';
import { LocalStore } from '$lib/sync/local-store';
import { SyncEngine } from '$lib/sync/sync-engine';
import {
  INSPECTION_1,
  ITEM,
  USER_1,
  directTransport,
  newServer,
} from '$lib/sync/sync.test-support';
import { createEvidenceService } from './evidence.service';
import { jpegWithExif } from './exif.test-support';
import { FakeCodec, fakeImage } from './media.test-support';

let n = 0;
const now = () => new Date('2026-03-02T10:00:00.000Z');

/** A device of USER_1 on `server`, synced once; `files` is the server's file store. */
async function device(server: ReferenceServer, files: Map<string, Blob>) {
  const id = ++n;
  const db = new LocalDb(`${USER_1}-media-${id}-${Date.now()}`);
  const store = new LocalStore(db, { userId: USER_1, newId: () => simId(0xc0, id), channel: null });
  const engine = new SyncEngine({
    userId: USER_1,
    store,
    transport: directTransport(server, USER_1),
    random: () => 0.5,
    upload: async (file: AttachmentUpload) => {
      files.set(file.sha256, file.blob);
      return { status: 'uploaded', sha256: file.sha256 };
    },
  });
  await engine.syncNow();
  let ids = 0;
  const codec = new FakeCodec();
  const fetched: string[] = [];
  const evidence = createEvidenceService({
    store: () => store,
    codec,
    now,
    newId: () => simId(0xe0 + id, ++ids),
    download: async (sha256) => {
      fetched.push(sha256);
      const blob = files.get(sha256);
      if (!blob) throw new DownloadError('not_found');
      return blob;
    },
  });
  return { db, store, engine, evidence, codec, fetched };
}

const named = (blob: Blob, name: string, lastModified?: number) =>
  Object.assign(blob, { name, lastModified });

describe('evidence service', () => {
  it('compresses a photo, keeps a thumbnail with it and queues the attach, in one go', async () => {
    const d = await device(newServer(), new Map());
    const photo = named(
      fakeImage(4032, 3024, 6_000_000),
      'IMG_0001.jpg',
      Date.parse('2026-03-02T09:30:00Z'),
    );
    const stages: string[] = [];
    const here = { lat: 30.27, lng: 120.15, accuracy: 20 };

    const out = await d.evidence.addEvidence(
      photo,
      { inspectionId: INSPECTION_1, itemId: ITEM, place: here },
      (s) => stages.push(s),
    );

    expect(stages).toEqual(['checking', 'compressing', 'saving']);
    if (!out.ok) throw new Error(out.reason);
    const row = await d.db.attachments.get(out.sha256);
    expect(row?.status).toBe('queued-upload');
    expect(await sha256OfBlob(row!.blob!)).toBe(out.sha256);
    expect(await row!.blob!.text()).toMatch(/^img:2048x1536/);
    expect(out.size).toBe(row!.blob!.size);
    expect((await d.db.thumbnails.get(out.sha256))?.width).toBe(320);
    const record = await d.store.get('attachment', out.recordId);
    expect(record?.fields).toMatchObject({
      sha256: out.sha256,
      itemId: ITEM,
      fileName: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      capturedAt: '2026-03-02T09:30:00.000Z',
      place: here,
    });
    const [entry] = await d.evidence.list(INSPECTION_1);
    expect(entry).toMatchObject({ recordId: out.recordId, hasThumbnail: true });
    expect(entry?.file).toMatchObject({ status: 'queued-upload', local: true });
  });

  it('takes capture time and place from the photo’s EXIF over the file time and the visit', async () => {
    const d = await device(newServer(), new Map());
    const bytes = jpegWithExif({
      dateTimeOriginal: '2026:03:01 14:20:05',
      offsetTimeOriginal: '+08:00',
      gps: { lat: 30.5, lng: 114.3, error: 5 },
    });
    const file = named(new Blob([bytes as BlobPart], { type: 'image/jpeg' }), 'p.jpg', Date.now());
    const out = await d.evidence.addEvidence(file, {
      inspectionId: INSPECTION_1,
      place: { lat: 1, lng: 1, accuracy: 1 },
    });
    if (!out.ok) throw new Error(out.reason);
    const fields = (await d.store.get('attachment', out.recordId))?.fields;
    expect(fields?.capturedAt).toBe('2026-03-01T06:20:05.000Z');
    expect((fields?.place as { lat: number }).lat).toBeCloseTo(30.5, 4);
  });

  it('refuses an Office document and a file over the limit before storing anything', async () => {
    const d = await device(newServer(), new Map());
    const doc = named(new Blob(['PK..']), '情况说明.docx');
    expect(await d.evidence.addEvidence(doc, { inspectionId: INSPECTION_1 })).toEqual({
      ok: false,
      reason: 'office',
    });
    const big = named(new Blob([new Uint8Array(25 * 1024 * 1024 + 1)]), '卷宗.pdf');
    expect(await d.evidence.addEvidence(big, { inspectionId: INSPECTION_1 })).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(await d.db.attachments.count()).toBe(0);
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('passes on the store’s refusal (unknown visit) and stores nothing', async () => {
    const d = await device(newServer(), new Map());
    const out = await d.evidence.addEvidence(named(new Blob(['%PDF-1.7']), 'a.pdf'), {
      inspectionId: simId(0x77, 1),
    });
    expect(out.ok).toBe(false);
    expect(await d.db.attachments.count()).toBe(0);
    expect(await d.db.thumbnails.count()).toBe(0);
  });

  it('stores a signature as a PNG of the visit', async () => {
    const d = await device(newServer(), new Map());
    const png = fakeImage(600, 200, 3000, 'image/png');
    const out = await d.evidence.addSignature(png, { inspectionId: INSPECTION_1 });
    if (!out.ok) throw new Error(out.reason);
    const fields = (await d.store.get('attachment', out.recordId))?.fields;
    expect(fields?.mimeType).toBe('image/png');
    expect(fields?.fileName).toMatch(/^签名-\d{8}-\d{6}\.png$/);
    expect(await (await d.evidence.open(out.sha256))?.text()).toBe(await png.text());
  });

  it('knows a teammate’s file as queued-download and fetches it on demand, verified', async () => {
    const server = newServer();
    const files = new Map<string, Blob>();
    const a = await device(server, files);
    const b = await device(server, files);
    const out = await a.evidence.addEvidence(named(fakeImage(800, 600, 5000), 'x.jpg'), {
      inspectionId: INSPECTION_1,
    });
    if (!out.ok) throw new Error(out.reason);
    await a.engine.syncNow();

    await b.engine.syncNow();
    const [entry] = await b.evidence.list(INSPECTION_1);
    expect(entry?.file).toMatchObject({ status: 'queued-download', local: false });
    expect(b.fetched).toEqual([]);

    const got = await b.evidence.download(out.sha256);
    expect(got.ok).toBe(true);
    expect((await b.db.attachments.get(out.sha256))?.status).toBe('available');
    expect(await b.evidence.thumbnail(out.sha256)).not.toBeNull();
    // Held now: no second request.
    await b.evidence.download(out.sha256);
    expect(b.fetched).toEqual([out.sha256]);
  });

  it('keeps nothing when the server has no such file', async () => {
    const d = await device(newServer(), new Map());
    expect(await d.evidence.download('a'.repeat(64))).toEqual({ ok: false, reason: 'not_found' });
    expect(await d.db.attachments.count()).toBe(0);
  });
});
