import { describe, expect, it } from 'vitest';
import type { DownloadFailure } from '$lib/sync/attachment-downloader';
import type { DownloadResult, EvidenceEntry } from './evidence.service';
import { EvidenceGalleryState } from './evidence-gallery.svelte';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

function entry(sha256: string, over: Partial<EvidenceEntry> & { local?: boolean } = {}) {
  const { local = true, ...rest } = over;
  return {
    recordId: `r-${sha256.slice(0, 4)}-${rest.itemId ?? 'visit'}`,
    sha256,
    fileName: `${sha256.slice(0, 1)}.jpg`,
    mimeType: 'image/jpeg',
    size: 10,
    itemId: null,
    capturedAt: null,
    addedAt: '2026-03-02T01:00:00.000Z',
    file: {
      sha256,
      status: local ? 'available' : 'missing',
      local,
      size: 10,
      mimeType: 'image/jpeg',
      uploadOffset: null,
      error: null,
    },
    hasThumbnail: local,
    ...rest,
  } satisfies EvidenceEntry;
}

/** A device holding `entries`; downloads answer from `remote` (absent: a network failure). */
function fakeService(entries: EvidenceEntry[], remote = new Map<string, Blob>()) {
  const thumbs = new Map(
    entries.filter((e) => e.file.local).map((e) => [e.sha256, new Blob([`t:${e.sha256}`])]),
  );
  const asked: { inspectionId: string; itemId: string | null | undefined }[] = [];
  return {
    asked,
    thumbs,
    async list(inspectionId: string, itemId?: string | null) {
      asked.push({ inspectionId, itemId });
      return entries.filter((e) => itemId === undefined || e.itemId === itemId);
    },
    async thumbnail(sha256: string) {
      return thumbs.get(sha256) ?? null;
    },
    async open(sha256: string) {
      return entries.some((e) => e.sha256 === sha256 && e.file.local)
        ? new Blob(['full'], { type: 'image/jpeg' })
        : null;
    },
    async download(sha256: string): Promise<DownloadResult> {
      const blob = remote.get(sha256);
      if (!blob) return { ok: false, reason: 'network' satisfies DownloadFailure };
      thumbs.set(sha256, new Blob([`t:${sha256}`]));
      return { ok: true, blob };
    },
  };
}

describe('EvidenceGalleryState', () => {
  it('shows the visit’s files with thumbnails for those on the device', async () => {
    const service = fakeService([entry(A), entry(B, { local: false, hasThumbnail: false })]);
    const gallery = new EvidenceGalleryState(service);
    await gallery.load('v1');
    expect(service.asked).toEqual([{ inspectionId: 'v1', itemId: undefined }]);
    expect(gallery.tiles.map((t) => [t.sha256, t.thumbUrl !== null])).toEqual([
      [A, true],
      [B, false],
    ]);
    const url = gallery.tiles[0]!.thumbUrl;
    // Read again, the thumbnail is not made again: the same object URL.
    await gallery.load('v1');
    expect(gallery.tiles[0]!.thumbUrl).toBe(url);
    gallery.dispose();
  });

  it('keeps only the given hashes, once each and in their order, less those excluded', async () => {
    const service = fakeService([entry(A), entry(B), entry(A, { itemId: 'item-1' }), entry(C)]);
    const gallery = new EvidenceGalleryState(service);
    await gallery.load('v1', undefined, [C, A, A, 'f'.repeat(64)]);
    expect(gallery.tiles.map((t) => t.sha256)).toEqual([C, A]);
    // The first attachment of a file is the one shown.
    expect(gallery.tiles[1]!.itemId).toBeNull();
    await gallery.load('v1', null, undefined, new Set([B]));
    expect(service.asked.at(-1)).toEqual({ inspectionId: 'v1', itemId: null });
    expect(gallery.tiles.map((t) => t.sha256)).toEqual([A, C]);
    gallery.dispose();
  });

  it('downloads a file the device lacks, then shows it; a failure is told on the tile', async () => {
    const remote = new Map([[B, new Blob(['bytes'], { type: 'image/jpeg' })]]);
    const service = fakeService(
      [
        entry(B, { local: false, hasThumbnail: false }),
        entry(C, { local: false, hasThumbnail: false }),
      ],
      remote,
    );
    const gallery = new EvidenceGalleryState(service);
    await gallery.load('v1');
    await gallery.download(gallery.tiles[0]!);
    expect(gallery.tiles[0]).toMatchObject({
      downloading: false,
      downloadError: null,
      file: { local: true, status: 'available' },
    });
    expect(gallery.tiles[0]!.thumbUrl).not.toBeNull();
    expect(gallery.viewing).toMatchObject({ name: 'b.jpg', image: true });

    await gallery.download(gallery.tiles[1]!);
    expect(gallery.tiles[1]).toMatchObject({ downloading: false, downloadError: 'network' });
    // A re-read (after a sync) keeps what the screen said about the failure.
    await gallery.load('v1');
    expect(gallery.tiles[1]!.downloadError).toBe('network');
    gallery.dispose();
    expect(gallery.viewing).toBeNull();
  });

  it('opens a file from the device and closes it again', async () => {
    const pdf = entry(A, { mimeType: 'application/pdf', fileName: '清单.pdf' });
    const gallery = new EvidenceGalleryState(fakeService([pdf, entry(B)]));
    await gallery.load('v1');
    await gallery.open(gallery.tiles[0]!);
    expect(gallery.viewing).toMatchObject({ name: '清单.pdf', image: false });
    await gallery.open(gallery.tiles[1]!);
    expect(gallery.viewing).toMatchObject({ name: 'b.jpg', image: true });
    gallery.close();
    expect(gallery.viewing).toBeNull();
    gallery.dispose();
  });
});
