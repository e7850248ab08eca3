import { describe, expect, it } from 'vitest';
import {
  EXIF_UNKNOWN_ACCURACY_M,
  exifDateToIso,
  exifrReader,
  readEvidenceMetadata,
} from './evidence-metadata';
import { jpegWithExif } from './exif.test-support';

const now = () => new Date('2026-03-02T10:00:00.000Z');

function photo(bytes: Uint8Array, lastModified?: number): Blob & { lastModified?: number } {
  const blob = new Blob([bytes as BlobPart], { type: 'image/jpeg' }) as Blob & {
    lastModified?: number;
  };
  if (lastModified !== undefined) blob.lastModified = lastModified;
  return blob;
}

describe('exifDateToIso', () => {
  it('honours the offset the camera wrote', () => {
    expect(exifDateToIso('2026:03:02 08:15:30', '+08:00')).toBe('2026-03-02T00:15:30.000Z');
    expect(exifDateToIso('2026:03:02 08:15:30', '-05:30')).toBe('2026-03-02T13:45:30.000Z');
  });

  it('reads a time without offset as the phone’s local time', () => {
    expect(exifDateToIso('2026:03:02 08:15:30')).toBe(
      new Date(2026, 2, 2, 8, 15, 30).toISOString(),
    );
  });

  it('refuses blanks and nonsense rather than inventing a date', () => {
    expect(exifDateToIso('0000:00:00 00:00:00')).toBeNull();
    expect(exifDateToIso('    :  :     :  :  ')).toBeNull();
    expect(exifDateToIso(20260302)).toBeNull();
  });
});

describe('readEvidenceMetadata with real EXIF bytes (exifr)', () => {
  it('takes the capture time and GPS position from the photo', async () => {
    const file = photo(
      jpegWithExif({
        dateTimeOriginal: '2026:03:01 14:20:05',
        offsetTimeOriginal: '+08:00',
        gps: { lat: 30.2741, lng: 120.1551, error: 8 },
      }),
      Date.parse('2026-03-02T09:00:00Z'),
    );
    const meta = await readEvidenceMetadata({
      file,
      read: exifrReader,
      now,
      devicePlace: { lat: 1, lng: 1, accuracy: 5 },
      readExif: true,
    });
    expect(meta.capturedAt).toBe('2026-03-01T06:20:05.000Z');
    expect(meta.capturedAtSource).toBe('exif');
    expect(meta.placeSource).toBe('exif');
    expect(meta.place?.lat).toBeCloseTo(30.2741, 4);
    expect(meta.place?.lng).toBeCloseTo(120.1551, 4);
    expect(meta.place?.accuracy).toBeCloseTo(8);
  });

  it('says the accuracy is unknown-typical when EXIF does not state it; south and west', async () => {
    const file = photo(jpegWithExif({ gps: { lat: -33.8688, lng: -70.6693 } }));
    const meta = await readEvidenceMetadata({ file, read: exifrReader, now, readExif: true });
    expect(meta.place?.lat).toBeCloseTo(-33.8688, 4);
    expect(meta.place?.lng).toBeCloseTo(-70.6693, 4);
    expect(meta.place?.accuracy).toBe(EXIF_UNKNOWN_ACCURACY_M);
  });

  it('falls back to the file time and the visit position', async () => {
    const file = photo(jpegWithExif({}), Date.parse('2026-03-02T09:00:00Z'));
    const here = { lat: 30.1, lng: 120.2, accuracy: 12 };
    const meta = await readEvidenceMetadata({
      file,
      read: exifrReader,
      now,
      devicePlace: here,
      readExif: true,
    });
    expect(meta).toEqual({
      capturedAt: '2026-03-02T09:00:00.000Z',
      capturedAtSource: 'file',
      place: here,
      placeSource: 'device',
    });
  });

  it('uses now when nothing is known, and reads no EXIF when told not to', async () => {
    let read = 0;
    const meta = await readEvidenceMetadata({
      file: new Blob(['%PDF-1.7']),
      read: async () => {
        read++;
        return null;
      },
      now,
      readExif: false,
    });
    expect(read).toBe(0);
    expect(meta.capturedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(meta.place).toBeNull();
  });

  it('survives a file exifr cannot parse', async () => {
    const meta = await readEvidenceMetadata({
      file: photo(new Uint8Array([1, 2, 3])),
      read: exifrReader,
      now,
      readExif: true,
    });
    expect(meta.capturedAtSource).toBe('now');
  });
});
