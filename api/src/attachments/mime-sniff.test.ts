import { describe, expect, it } from 'vitest';
import { contentMatchesMimeType, sniffMimeType } from './mime-sniff';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((ch) => ch.charCodeAt(0)) : p)),
  );

describe('mime sniffing', () => {
  it('recognises each allowed type by its leading bytes', () => {
    expect(sniffMimeType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMimeType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffMimeType(bytes('RIFF', [1, 2, 3, 4], 'WEBP'))).toBe('image/webp');
    expect(sniffMimeType(bytes([0, 0, 0, 24], 'ftypheic'))).toBe('image/heic');
    expect(sniffMimeType(bytes('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffMimeType(bytes('<html>'))).toBeNull();
    expect(sniffMimeType(bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBeNull();
  });

  it('accepts HEIF content under either HEIF type and nothing else', () => {
    const heif = bytes([0, 0, 0, 24], 'ftypmif1');
    expect(contentMatchesMimeType('image/heif', heif)).toBe(true);
    expect(contentMatchesMimeType('image/heic', heif)).toBe(true);
    expect(contentMatchesMimeType('image/jpeg', heif)).toBe(false);
    expect(contentMatchesMimeType('application/pdf', bytes('%PDF-1.4'))).toBe(true);
  });
});
