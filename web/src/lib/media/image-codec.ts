/*
 * Decoding and encoding images in the browser, behind a small interface so the sizing decisions
 * are tested without a browser. Why not `browser-image-compression`: it re-implements EXIF
 * orientation on top of browsers that now apply it themselves (its known double-rotation bugs on
 * iOS), ships a worker and 50 kB, and we need only "decode upright, scale, encode". Here the
 * browser decodes with `imageOrientation: 'from-image'`, so the pixels come out upright and
 * width/height are the upright ones; EXIF goes away with the re-encode, after we read what we
 * keep of it (evidence-metadata.ts).
 */

export interface DecodedImage {
  /** Upright size (EXIF orientation applied). */
  width: number;
  height: number;
  /** Draws the upright image scaled to `width` × `height` and encodes it. */
  encode(width: number, height: number, type: string, quality: number): Promise<Blob>;
  close(): void;
}

export interface ImageCodec {
  /** Null when the browser cannot decode this file (HEIC on most, a corrupt file). */
  decode(blob: Blob): Promise<DecodedImage | null>;
}

function canvasOf(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

async function toBlob(
  canvas: OffscreenCanvas | HTMLCanvasElement,
  type: string,
  quality: number,
): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), type, quality),
  );
}

export const browserImageCodec: ImageCodec = {
  async decode(blob) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    } catch {
      return null;
    }
    return {
      width: bitmap.width,
      height: bitmap.height,
      async encode(width, height, type, quality) {
        const canvas = canvasOf(width, height);
        const ctx = canvas.getContext('2d') as
          OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
        if (!ctx) throw new Error('no 2d context');
        // JPEG has no alpha: a transparent PNG would turn black without a white ground.
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, width, height);
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(bitmap, 0, 0, width, height);
        return toBlob(canvas, type, quality);
      },
      close: () => bitmap.close(),
    };
  },
};
