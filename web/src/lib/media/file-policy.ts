import { MAX_ATTACHMENT_BYTES } from '@ducha/shared';

/*
 * What the device accepts as evidence, checked before anything is stored: a file the server
 * would refuse must be refused while the inspector still holds the original and can pick another,
 * not hours later at upload time. The list mirrors the server's (api/src/attachments, `mime-sniff`).
 */

export const ACCEPTED_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
] as const;
export type AcceptedMimeType = (typeof ACCEPTED_MIME_TYPES)[number];

/** For `<input accept>`: what the server takes (extensions too: some pickers ignore MIME types). */
export const ACCEPT_ATTRIBUTE = [
  ...ACCEPTED_MIME_TYPES,
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.heic',
  '.heif',
  '.pdf',
].join(',');

const BY_EXTENSION: Readonly<Record<string, AcceptedMimeType>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

const OFFICE = /\.(docx?|xlsx?|pptx?|wps|et|dps|odt|ods|odp)$/i;

/**
 * Why a file was not taken. `office`: Word/Excel/PowerPoint/WPS, which the server does not store
 * (export to PDF first); `unreadable`: the browser could not read the file.
 */
export type MediaRefusal = 'too_large' | 'unsupported_type' | 'office' | 'empty' | 'unreadable';

export type FileCheck =
  { ok: true; mimeType: AcceptedMimeType } | { ok: false; reason: MediaRefusal };

function isAccepted(type: string): type is AcceptedMimeType {
  return (ACCEPTED_MIME_TYPES as readonly string[]).includes(type);
}

/**
 * Decides the type (the browser's, else the file name's: Android pickers often give none) and
 * checks it and the size. `size` is the size that will be stored (after compression for photos).
 */
export function checkFile(file: { name: string; type: string; size: number }): FileCheck {
  const declared = file.type.toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const type = isAccepted(declared) ? declared : (BY_EXTENSION[ext] ?? null);
  if (type === null) {
    return { ok: false, reason: OFFICE.test(file.name) ? 'office' : 'unsupported_type' };
  }
  if (file.size === 0) return { ok: false, reason: 'empty' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'too_large' };
  return { ok: true, mimeType: type };
}

/** Raster images a browser can decode, re-encode and thumbnail (HEIC mostly cannot). */
export function isDecodableImage(mimeType: string): boolean {
  return mimeType === 'image/jpeg' || mimeType === 'image/png' || mimeType === 'image/webp';
}

export const MAX_ATTACHMENT_MIB = MAX_ATTACHMENT_BYTES / (1024 * 1024);
