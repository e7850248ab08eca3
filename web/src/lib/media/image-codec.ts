/*
 * Decoding and encoding images in the browser, behind a small interface so the sizing decisions
 * are tested without a browser. The browser decodes with `imageOrientation: 'from-image'`, so
 * the pixels come out upright and width/height are the upright ones (no EXIF rotation of our
 * own: that is where `browser-image-compression` double-rotates on iOS); EXIF goes away with the
 * re-encode, after we read what we keep of it (evidence-metadata.ts). Scaling is pica's
 * (Lanczos/mks2013, tiled, WebAssembly where it can): a phone photo shrunk 4× by a canvas
 * `drawImage` aliases fine print on a document photographed as evidence, pica keeps it legible.
 * It is loaded with the first photo, not with the app.
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

type Pica = ReturnType<(typeof import('pica'))['default']>;
let picaPromise: Promise<Pica> | null = null;

/** One pica for the page, made with the first photo. */
function picaInstance(): Promise<Pica> {
  picaPromise ??= import('pica').then(({ default: pica }) =>
    // No workers: a worker script would be one more file to precache for offline use; pica
    // tiles the work, and createImageBitmap ('cib') does it off the main thread where it can.
    pica({ features: ['js', 'wasm', 'cib'] }),
  );
  return picaPromise;
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
        const scaled = canvasOf(width, height);
        const resizer = await picaInstance();
        await resizer.resize(bitmap, scaled, { filter: 'mks2013' });
        const canvas = canvasOf(width, height);
        const ctx = canvas.getContext('2d') as
          OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
        if (!ctx) throw new Error('no 2d context');
        // JPEG has no alpha: a transparent PNG would turn black without a white ground.
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, width, height);
        ctx.drawImage(scaled, 0, 0);
        return toBlob(canvas, type, quality);
      },
      close: () => bitmap.close(),
    };
  },
};
