import type { GeoPoint } from '@ducha/shared';

/*
 * When and where a piece of evidence was taken. The camera's own record (EXIF) beats anything the
 * app can say later: a photo picked from the gallery an hour after it was taken must carry the
 * hour it was taken, and the place it was taken, not where the inspector sat down to attach it.
 */

/** EXIF GPS rarely states its error; this is a typical phone fix, said openly rather than 0. */
export const EXIF_UNKNOWN_ACCURACY_M = 50;

export interface EvidenceMetadata {
  /** ISO instant; null only when nothing at all is known. */
  capturedAt: string | null;
  place: GeoPoint | null;
  /** Where each came from, for the record's honesty and for tests. */
  capturedAtSource: 'exif' | 'file' | 'now';
  placeSource: 'exif' | 'device' | 'none';
}

/** The EXIF fields used, as exifr gives them with `reviveValues: false`. */
export interface ExifFields {
  DateTimeOriginal?: unknown;
  CreateDate?: unknown;
  OffsetTimeOriginal?: unknown;
  latitude?: unknown;
  longitude?: unknown;
  GPSHPositioningError?: unknown;
}

export type ExifReader = (file: Blob) => Promise<ExifFields | null>;

/** exifr, loaded only when a photo is read (it is not needed to start the app). */
export const exifrReader: ExifReader = async (file) => {
  const { default: exifr } = await import('exifr');
  try {
    const out = (await exifr.parse(await file.arrayBuffer(), {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      reviveValues: false,
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
        'GPSHPositioningError',
      ],
    })) as ExifFields | undefined;
    return out ?? null;
  } catch {
    // Not an image exifr knows, or no EXIF at all: the fallbacks apply.
    return null;
  }
};

/**
 * `2026:03:02 08:15:30` (+ `+08:00` when the camera wrote its offset) as an ISO instant. Without
 * an offset the time is the phone's local time, which is how the camera wrote it.
 */
export function exifDateToIso(value: unknown, offset?: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const off = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  let date: Date;
  if (off) {
    const sign = off[1] === '-' ? -1 : 1;
    const minutes = sign * (Number(off[2]) * 60 + Number(off[3]));
    date = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - minutes * 60_000);
  } else {
    date = new Date(y, mo - 1, d, h, mi, s);
  }
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function exifPlace(exif: ExifFields): GeoPoint | null {
  const { latitude: lat, longitude: lng } = exif;
  if (typeof lat !== 'number' || typeof lng !== 'number') return null;
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  const err = exif.GPSHPositioningError;
  const accuracy =
    typeof err === 'number' && err >= 0 && err <= 100_000 ? err : EXIF_UNKNOWN_ACCURACY_M;
  return { lat, lng, accuracy };
}

export interface MetadataInput {
  file: Blob & { lastModified?: number };
  read: ExifReader;
  now: () => Date;
  /** The visit's current position, if the screen has one. */
  devicePlace?: GeoPoint | null;
  /** Only photos carry EXIF worth reading; PDFs and signatures skip it. */
  readExif: boolean;
}

export async function readEvidenceMetadata(input: MetadataInput): Promise<EvidenceMetadata> {
  const exif = input.readExif ? await input.read(input.file) : null;
  const exifTime = exif
    ? (exifDateToIso(exif.DateTimeOriginal, exif.OffsetTimeOriginal) ??
      exifDateToIso(exif.CreateDate))
    : null;
  const exifWhere = exif ? exifPlace(exif) : null;
  const modified = input.file.lastModified;
  const fileTime =
    typeof modified === 'number' && modified > 0 ? new Date(modified).toISOString() : null;
  const devicePlace = input.devicePlace ?? null;
  return {
    capturedAt: exifTime ?? fileTime ?? input.now().toISOString(),
    capturedAtSource: exifTime ? 'exif' : fileTime ? 'file' : 'now',
    place: exifWhere ?? devicePlace,
    placeSource: exifWhere ? 'exif' : devicePlace ? 'device' : 'none',
  };
}
