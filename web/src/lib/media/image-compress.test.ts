import { describe, expect, it } from 'vitest';
import { PHOTO_OPTIONS, compressImage, fitWithin, makeThumbnail } from './image-compress';
import { FakeCodec, fakeImage } from './media.test-support';

describe('fitWithin', () => {
  it('scales the longest side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(4032, 3024, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3024, 4032, 2048)).toEqual({ width: 1536, height: 2048 });
  });

  it('never scales up, and never to zero', () => {
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(10000, 1, 320)).toEqual({ width: 320, height: 1 });
  });
});

describe('compressImage', () => {
  it('scales a large photo to 2048 px JPEG at quality 0.8, using the upright size', async () => {
    const codec = new FakeCodec();
    // Decoded upright: a portrait photo (EXIF orientation already applied by the decoder).
    const out = await compressImage(fakeImage(3024, 4032, 5_000_000), 'image/jpeg', codec);
    expect(codec.encoded).toEqual([
      { width: 1536, height: 2048, type: 'image/jpeg', quality: PHOTO_OPTIONS.quality },
    ]);
    expect(out).toMatchObject({
      mimeType: 'image/jpeg',
      width: 1536,
      height: 2048,
      reencoded: true,
    });
    expect(await out.blob.text()).toMatch(/^img:1536x2048/);
    expect(codec.closed).toBe(1);
  });

  it('keeps a small photo byte for byte', async () => {
    const codec = new FakeCodec();
    const file = fakeImage(1200, 900, 400_000);
    const out = await compressImage(file, 'image/jpeg', codec);
    expect(out.blob).toBe(file);
    expect(out.reencoded).toBe(false);
    expect(codec.encoded).toEqual([]);
  });

  it('keeps a large-in-bytes photo within the size when re-encoding would not shrink it', async () => {
    const codec = new FakeCodec(1);
    const file = fakeImage(2000, 1000, 1_900_000, 'image/png');
    const out = await compressImage(file, 'image/png', codec);
    expect(out.blob).toBe(file);
    expect(out.mimeType).toBe('image/png');
  });

  it('re-encodes a heavy PNG within the size as JPEG when that is smaller', async () => {
    const codec = new FakeCodec(10);
    const out = await compressImage(
      fakeImage(2000, 1000, 4_000_000, 'image/png'),
      'image/png',
      codec,
    );
    expect(out).toMatchObject({
      mimeType: 'image/jpeg',
      width: 2000,
      height: 1000,
      reencoded: true,
    });
  });

  it('keeps what the browser cannot decode (HEIC) as it is', async () => {
    const codec = new FakeCodec();
    const heic = new Blob(['ftypheic'], { type: 'image/heic' });
    expect((await compressImage(heic, 'image/heic', codec)).blob).toBe(heic);
    const broken = new Blob(['not an image'], { type: 'image/jpeg' });
    expect(await compressImage(broken, 'image/jpeg', codec)).toMatchObject({
      blob: broken,
      width: null,
      reencoded: false,
    });
  });
});

describe('makeThumbnail', () => {
  it('makes a JPEG of at most 320 px', async () => {
    const codec = new FakeCodec();
    const t = await makeThumbnail(fakeImage(2048, 1536, 900_000), 'image/jpeg', codec);
    expect(t).toMatchObject({ width: 320, height: 240 });
    expect(t?.blob.type).toBe('image/jpeg');
  });

  it('makes none for a PDF or an undecodable file', async () => {
    const codec = new FakeCodec();
    expect(await makeThumbnail(new Blob(['%PDF']), 'application/pdf', codec)).toBeNull();
    expect(await makeThumbnail(new Blob(['x']), 'image/jpeg', codec)).toBeNull();
  });
});
