import type { GeoPoint, MessageKey, SyncRecord } from '@ducha/shared';
import { AttachmentFiles, type FileState } from '$lib/sync/attachment-files';
import {
  DownloadError,
  createAttachmentDownloader,
  type DownloadFailure,
} from '$lib/sync/attachment-downloader';
import type { LocalStore } from '$lib/sync/local-store';
import { readEvidenceMetadata, exifrReader, type ExifReader } from './evidence-metadata';
import { checkFile, type MediaRefusal } from './file-policy';
import { browserImageCodec, type ImageCodec } from './image-codec';
import { compressImage, makeThumbnail } from './image-compress';

/*
 * Evidence from the phone to the outbox: check → compress (photos) → metadata → thumbnail → one
 * local transaction storing the bytes, the thumbnail and the `attachment.attach`. Works with no
 * network at all; the sync engine uploads later. Reading back (gallery) and on-demand downloads
 * live here too, so components never touch Dexie or the network.
 */

export interface EvidenceTarget {
  inspectionId: string;
  /** The checklist item; null or absent: the visit as a whole. */
  itemId?: string | null;
  /** The visit's current position, used when the file carries no GPS of its own. */
  place?: GeoPoint | null;
}

export type EvidenceStage = 'checking' | 'compressing' | 'saving';

/** A file refusal (see file-policy.ts) or a catalogue key (the visit is submitted, disk full…). */
export type EvidenceRefusal = MediaRefusal | MessageKey;

export type EvidenceResult =
  | { ok: true; sha256: string; recordId: string; mimeType: string; size: number }
  | { ok: false; reason: EvidenceRefusal };

/** One attachment of a visit as the gallery shows it. */
export interface EvidenceEntry {
  recordId: string;
  sha256: string;
  fileName: string;
  mimeType: string;
  size: number;
  itemId: string | null;
  capturedAt: string | null;
  addedAt: string;
  /** Where the bytes are: on this device, uploading, to download, refused. */
  file: FileState;
  hasThumbnail: boolean;
}

export type DownloadResult = { ok: true; blob: Blob } | { ok: false; reason: DownloadFailure };

export interface EvidenceServiceDeps {
  /** The signed-in user's store (null when signed out). */
  store: () => LocalStore | null;
  codec?: ImageCodec;
  readExif?: ExifReader;
  now?: () => Date;
  newId?: () => string;
  download?: (sha256: string) => Promise<Blob>;
}

const MAX_NAME = 200;

function fileNameFor(name: string, mimeType: string, reencoded: boolean): string {
  let base = name.trim() || 'file';
  if (reencoded && mimeType === 'image/jpeg') base = base.replace(/\.[a-z0-9]+$/i, '') + '.jpg';
  if (base.length <= MAX_NAME) return base;
  const ext = /\.[a-z0-9]{1,5}$/i.exec(base)?.[0] ?? '';
  return base.slice(0, MAX_NAME - ext.length) + ext;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function createEvidenceService(deps: EvidenceServiceDeps) {
  const codec = deps.codec ?? browserImageCodec;
  const readExif = deps.readExif ?? exifrReader;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const fetchFile = deps.download ?? createAttachmentDownloader().download;

  async function store(
    blob: Blob,
    mimeType: string,
    fileName: string,
    target: EvidenceTarget,
    meta: { capturedAt: string | null; place: GeoPoint | null },
  ): Promise<EvidenceResult> {
    const s = deps.store();
    if (!s) return { ok: false, reason: 'auth.unauthenticated' };
    // Made before the transaction: IndexedDB commits a transaction that waits on anything else.
    const thumb = await makeThumbnail(blob, mimeType, codec).catch(() => null);
    const recordId = newId();
    const out = await s.addAttachment(
      blob,
      mimeType,
      {
        id: recordId,
        inspectionId: target.inspectionId,
        itemId: target.itemId ?? null,
        fileName,
        capturedAt: meta.capturedAt,
        place: meta.place,
        addedAt: now().toISOString(),
      },
      { thumbnail: thumb },
    );
    if (!out.ok) return { ok: false, reason: out.reason };
    return { ok: true, sha256: out.sha256, recordId, mimeType, size: blob.size };
  }

  /**
   * Adds a photo or document to a visit (or item). Photos are scaled to 2048 px, upright, JPEG
   * 0.8 (small ones kept as they are); capture time and place come from EXIF, else the file's
   * time and the visit's position. `onStage` reports progress for the picker.
   */
  async function addEvidence(
    file: Blob & { name: string; lastModified?: number },
    target: EvidenceTarget,
    onStage?: (stage: EvidenceStage) => void,
  ): Promise<EvidenceResult> {
    onStage?.('checking');
    // The original's size decides only for non-photos; a 30 MB photo may well compress to 1 MB.
    const first = checkFile({ name: file.name, type: file.type, size: Math.min(file.size, 1) });
    if (!first.ok) return first;
    const isPhoto = first.mimeType.startsWith('image/');
    const meta = await readEvidenceMetadata({
      file,
      read: readExif,
      now,
      devicePlace: target.place ?? null,
      readExif: isPhoto,
    });
    let blob: Blob = file;
    let mimeType: string = first.mimeType;
    let reencoded = false;
    if (isPhoto) {
      onStage?.('compressing');
      try {
        const c = await compressImage(file, first.mimeType, codec);
        ({ blob, mimeType, reencoded } = c);
      } catch {
        return { ok: false, reason: 'unreadable' };
      }
    }
    const final = checkFile({ name: file.name, type: mimeType, size: blob.size });
    if (!final.ok) return final;
    onStage?.('saving');
    return store(blob, mimeType, fileNameFor(file.name, mimeType, reencoded), target, meta);
  }

  /** Stores a signature (a PNG from SignaturePad) like any attachment of the visit. */
  async function addSignature(
    png: Blob,
    target: EvidenceTarget & { fileName?: string },
  ): Promise<EvidenceResult> {
    const at = now();
    const name =
      target.fileName ??
      `签名-${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.png`;
    const check = checkFile({ name, type: 'image/png', size: png.size });
    if (!check.ok) return check;
    return store(png, 'image/png', fileNameFor(name, 'image/png', false), target, {
      capturedAt: at.toISOString(),
      place: target.place ?? null,
    });
  }

  function files(): AttachmentFiles | null {
    const s = deps.store();
    return s ? new AttachmentFiles(s.db) : null;
  }

  /** The visit's attachments (`itemId` undefined: all; null: the visit's own), oldest first. */
  async function list(inspectionId: string, itemId?: string | null): Promise<EvidenceEntry[]> {
    const f = files();
    if (!f) return [];
    const records = await f.records(inspectionId, itemId);
    const hashes = records.map((r) => String(r.fields.sha256));
    const [states, thumbs] = await Promise.all([
      f.states([...new Set(hashes)]),
      Promise.all(hashes.map((h) => f.thumbnail(h))),
    ]);
    return records.map((r, i) => toEntry(r, states.get(hashes[i]!)!, thumbs[i] !== undefined));
  }

  /** The stored thumbnail, made (and kept) now from the local file when there is none yet. */
  async function thumbnail(sha256: string): Promise<Blob | null> {
    const f = files();
    if (!f) return null;
    const row = await f.thumbnail(sha256);
    if (row) return row.blob;
    const blob = await f.blob(sha256);
    if (!blob) return null;
    const made = await makeThumbnail(blob, blob.type, codec).catch(() => null);
    if (!made) return null;
    await f.putThumbnail(sha256, made);
    return made.blob;
  }

  /** Where each file is (on the device, uploading, uploaded, refused), for progress displays. */
  async function states(hashes: readonly string[]): Promise<Map<string, FileState>> {
    return (await files()?.states(hashes)) ?? new Map();
  }

  /** The file's bytes if this device holds them. */
  async function open(sha256: string): Promise<Blob | null> {
    return (await files()?.blob(sha256)) ?? null;
  }

  /** Fetches a file this device lacks, checks its hash and keeps it (with a thumbnail). */
  async function download(sha256: string): Promise<DownloadResult> {
    const f = files();
    if (!f) return { ok: false, reason: 'not_found' };
    const local = await f.blob(sha256);
    if (local) return { ok: true, blob: local };
    let blob: Blob;
    try {
      blob = await fetchFile(sha256);
    } catch (e) {
      return { ok: false, reason: e instanceof DownloadError ? e.reason : 'network' };
    }
    const thumb = await makeThumbnail(blob, blob.type, codec).catch(() => null);
    await f.storeDownloaded(sha256, blob, thumb);
    return { ok: true, blob };
  }

  return { addEvidence, addSignature, list, states, thumbnail, open, download };
}

function toEntry(r: SyncRecord, file: FileState, hasThumbnail: boolean): EvidenceEntry {
  const f = r.fields;
  return {
    recordId: r.id,
    sha256: String(f.sha256),
    fileName: String(f.fileName ?? ''),
    mimeType: String(f.mimeType ?? ''),
    size: typeof f.size === 'number' ? f.size : 0,
    itemId: typeof f.itemId === 'string' ? f.itemId : null,
    capturedAt: typeof f.capturedAt === 'string' ? f.capturedAt : null,
    addedAt: String(f.addedAt ?? ''),
    file,
    hasThumbnail,
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
