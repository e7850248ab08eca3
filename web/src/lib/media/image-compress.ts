import type { ImageCodec } from './image-codec';
import { isDecodableImage } from './file-policy';

export interface CompressOptions {
  /** Longest side after scaling, in pixels. */
  maxSide: number;
  /** JPEG quality, 0–1. */
  quality: number;
  /** A photo within `maxSide` and at most this large is kept byte for byte (EXIF and all). */
  keepBelowBytes: number;
}

export const PHOTO_OPTIONS: CompressOptions = {
  maxSide: 2048,
  quality: 0.8,
  keepBelowBytes: 1.5 * 1024 * 1024,
};

export const THUMBNAIL_MAX_SIDE = 320;

/** The size to scale `width` × `height` to so its longest side is at most `maxSide`; never up. */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

export interface CompressedImage {
  blob: Blob;
  mimeType: string;
  /** Upright size of what is stored; null when the image could not be decoded. */
  width: number | null;
  height: number | null;
  /** False: the original bytes are kept. */
  reencoded: boolean;
}

/**
 * Makes a phone photo small enough to upload on a weak network: longest side `maxSide`, JPEG at
 * `quality`, upright. Keeps the original when it is already small, when re-encoding would not make
 * it smaller, or when the browser cannot decode it (HEIC): the server takes those as they are.
 */
export async function compressImage(
  file: Blob,
  mimeType: string,
  codec: ImageCodec,
  options: CompressOptions = PHOTO_OPTIONS,
): Promise<CompressedImage> {
  const original = { blob: file, mimeType, reencoded: false };
  if (!isDecodableImage(mimeType)) return { ...original, width: null, height: null };
  const image = await codec.decode(file);
  if (!image) return { ...original, width: null, height: null };
  try {
    const size = fitWithin(image.width, image.height, options.maxSide);
    const scaled = size.width !== image.width || size.height !== image.height;
    if (!scaled && file.size <= options.keepBelowBytes) {
      return { ...original, width: image.width, height: image.height };
    }
    const blob = await image.encode(size.width, size.height, 'image/jpeg', options.quality);
    if (!scaled && blob.size >= file.size) {
      return { ...original, width: image.width, height: image.height };
    }
    return { blob, mimeType: 'image/jpeg', ...size, reencoded: true };
  } finally {
    image.close();
  }
}

export interface Thumbnail {
  blob: Blob;
  width: number;
  height: number;
}

/** A ~320 px JPEG for galleries, or null for what cannot be drawn (PDF, HEIC). */
export async function makeThumbnail(
  file: Blob,
  mimeType: string,
  codec: ImageCodec,
  maxSide = THUMBNAIL_MAX_SIDE,
): Promise<Thumbnail | null> {
  if (!isDecodableImage(mimeType)) return null;
  const image = await codec.decode(file);
  if (!image) return null;
  try {
    const size = fitWithin(image.width, image.height, maxSide);
    const blob = await image.encode(size.width, size.height, 'image/jpeg', 0.7);
    return { blob, ...size };
  } catch {
    return null;
  } finally {
    image.close();
  }
}
