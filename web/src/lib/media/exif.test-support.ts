/*
 * Builds a tiny JPEG whose APP1 segment holds real EXIF (TIFF, little endian), so tests run exifr
 * on the same bytes a phone camera writes rather than on a mocked parser.
 */

type Entry =
  | { tag: number; ascii: string }
  | { tag: number; long: number }
  | { tag: number; rationals: readonly [number, number][] };

function ifdSize(entries: readonly Entry[]): { head: number; data: number } {
  let data = 0;
  for (const e of entries) {
    const bytes = 'ascii' in e ? e.ascii.length + 1 : 'rationals' in e ? e.rationals.length * 8 : 4;
    if (bytes > 4) data += bytes + (bytes % 2);
  }
  return { head: 2 + entries.length * 12 + 4, data };
}

function writeIfd(view: DataView, at: number, entries: readonly Entry[]): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  view.setUint16(at, sorted.length, true);
  let data = at + ifdSize(sorted).head;
  sorted.forEach((e, i) => {
    const p = at + 2 + i * 12;
    view.setUint16(p, e.tag, true);
    if ('long' in e) {
      view.setUint16(p + 2, 4, true);
      view.setUint32(p + 4, 1, true);
      view.setUint32(p + 8, e.long, true);
      return;
    }
    if ('ascii' in e) {
      const bytes = [...e.ascii].map((c) => c.charCodeAt(0)).concat(0);
      view.setUint16(p + 2, 2, true);
      view.setUint32(p + 4, bytes.length, true);
      const target = bytes.length > 4 ? data : p + 8;
      if (bytes.length > 4) view.setUint32(p + 8, data, true);
      bytes.forEach((b, j) => view.setUint8(target + j, b));
      if (bytes.length > 4) data += bytes.length + (bytes.length % 2);
      return;
    }
    view.setUint16(p + 2, 5, true);
    view.setUint32(p + 4, e.rationals.length, true);
    view.setUint32(p + 8, data, true);
    for (const [num, den] of e.rationals) {
      view.setUint32(data, num, true);
      view.setUint32(data + 4, den, true);
      data += 8;
    }
  });
  view.setUint32(at + 2 + sorted.length * 12, 0, true);
}

export interface ExifSpec {
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  /** Degrees, north/east positive. */
  gps?: { lat: number; lng: number; error?: number };
}

function dms(deg: number): [number, number][] {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return [
    [d, 1],
    [m, 1],
    [s, 10000],
  ];
}

/** A JPEG (SOI, APP1 EXIF, EOI) with the given EXIF; not decodable as an image. */
export function jpegWithExif(spec: ExifSpec): Uint8Array {
  const exif: Entry[] = [];
  if (spec.dateTimeOriginal) exif.push({ tag: 0x9003, ascii: spec.dateTimeOriginal });
  if (spec.offsetTimeOriginal) exif.push({ tag: 0x9011, ascii: spec.offsetTimeOriginal });
  const gps: Entry[] = [];
  if (spec.gps) {
    gps.push({ tag: 0x0001, ascii: spec.gps.lat >= 0 ? 'N' : 'S' });
    gps.push({ tag: 0x0002, rationals: dms(spec.gps.lat) });
    gps.push({ tag: 0x0003, ascii: spec.gps.lng >= 0 ? 'E' : 'W' });
    gps.push({ tag: 0x0004, rationals: dms(spec.gps.lng) });
    if (spec.gps.error !== undefined)
      gps.push({ tag: 0x001f, rationals: [[Math.round(spec.gps.error * 100), 100]] });
  }
  const ifd0: Entry[] = [];
  const size0 = ifdSize([
    ...(exif.length ? [{ tag: 0x8769, long: 0 }] : []),
    ...(gps.length ? [{ tag: 0x8825, long: 0 }] : []),
  ]);
  let at = 8 + size0.head + size0.data;
  const exifAt = at;
  if (exif.length) {
    ifd0.push({ tag: 0x8769, long: exifAt });
    const s = ifdSize(exif);
    at += s.head + s.data;
  }
  const gpsAt = at;
  if (gps.length) {
    ifd0.push({ tag: 0x8825, long: gpsAt });
    const s = ifdSize(gps);
    at += s.head + s.data;
  }
  const tiff = new DataView(new ArrayBuffer(at));
  tiff.setUint16(0, 0x4949, false);
  tiff.setUint16(2, 42, true);
  tiff.setUint32(4, 8, true);
  writeIfd(tiff, 8, ifd0);
  if (exif.length) writeIfd(tiff, exifAt, exif);
  if (gps.length) writeIfd(tiff, gpsAt, gps);

  const header = [0x45, 0x78, 0x69, 0x66, 0, 0];
  const segLen = 2 + header.length + at;
  const out = new Uint8Array(2 + 4 + header.length + at + 2);
  out.set([0xff, 0xd8, 0xff, 0xe1, segLen >> 8, segLen & 0xff], 0);
  out.set(header, 6);
  out.set(new Uint8Array(tiff.buffer), 6 + header.length);
  out.set([0xff, 0xd9], out.length - 2);
  return out;
}
