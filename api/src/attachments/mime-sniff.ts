/*
 * What the first bytes of a file say it is. A declared type must agree with them, so that a
 * script or HTML page cannot be stored as a "photo" and later served under an image type.
 */

/** Types an attachment may have, with the signature that proves each. */
export const ALLOWED_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
] as const;
export type AllowedMimeType = (typeof ALLOWED_MIME_TYPES)[number];

/** Enough leading bytes to tell every allowed type apart. */
export const SNIFF_BYTES = 12;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

export function isAllowedMimeType(value: string): value is AllowedMimeType {
  return (ALLOWED_MIME_TYPES as readonly string[]).includes(value);
}

function startsWith(head: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => head[at + i] === byte);
}

function ascii(head: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...head.subarray(from, to));
}

/** The allowed type the leading bytes prove, or null. HEIF answers `image/heic`. */
export function sniffMimeType(head: Uint8Array): AllowedMimeType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))) {
    return 'image/heic';
  }
  if (ascii(head, 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/** Whether the leading bytes of a file agree with its declared type. */
export function contentMatchesMimeType(declared: AllowedMimeType, head: Uint8Array): boolean {
  const sniffed = sniffMimeType(head);
  if (sniffed === 'image/heic') return declared === 'image/heic' || declared === 'image/heif';
  return sniffed === declared;
}
