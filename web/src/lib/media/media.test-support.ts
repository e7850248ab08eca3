import type { DecodedImage, ImageCodec } from './image-codec';

/**
 * A codec for tests: a blob whose text starts with `img:W×H` decodes to that upright size; encoding
 * yields `jpeg:W×H@q` padded to W×H/`bytesPerPixelDivisor` bytes, so sizes follow pixel counts.
 */
export class FakeCodec implements ImageCodec {
  readonly encoded: { width: number; height: number; type: string; quality: number }[] = [];
  closed = 0;
  constructor(readonly divisor = 10) {}

  async decode(blob: Blob): Promise<DecodedImage | null> {
    const m = /^img:(\d+)x(\d+)/.exec(await blob.text());
    if (!m) return null;
    return {
      width: Number(m[1]),
      height: Number(m[2]),
      encode: async (width, height, type, quality) => {
        this.encoded.push({ width, height, type, quality });
        const head = `img:${width}x${height}`;
        const size = Math.max(head.length, Math.round((width * height) / this.divisor));
        return new Blob([head.padEnd(size, '.')], { type });
      },
      close: () => {
        this.closed++;
      },
    };
  }
}

/** An image blob the fake codec decodes, `bytes` long. */
export function fakeImage(width: number, height: number, bytes: number, type = 'image/jpeg'): Blob {
  return new Blob([`img:${width}x${height}`.padEnd(bytes, '#')], { type });
}
