import { MAX_ATTACHMENT_BYTES } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { checkFile } from './file-policy';

describe('checkFile', () => {
  it('accepts photos and PDFs, taking the type from the name when the browser gives none', () => {
    expect(checkFile({ name: 'a.jpg', type: 'image/jpeg', size: 10 })).toEqual({
      ok: true,
      mimeType: 'image/jpeg',
    });
    expect(checkFile({ name: '通报.PDF', type: '', size: 10 })).toEqual({
      ok: true,
      mimeType: 'application/pdf',
    });
    expect(checkFile({ name: 'IMG_0001.HEIC', type: '', size: 10 })).toMatchObject({
      mimeType: 'image/heic',
    });
  });

  it('refuses Office documents with their own reason (export to PDF), and other types', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(checkFile({ name: '台账.docx', type: docx, size: 10 })).toEqual({
      ok: false,
      reason: 'office',
    });
    expect(checkFile({ name: '表.xls', type: '', size: 10 })).toMatchObject({ reason: 'office' });
    expect(checkFile({ name: 'a.gif', type: 'image/gif', size: 10 })).toMatchObject({
      reason: 'unsupported_type',
    });
    expect(checkFile({ name: 'x.exe', type: '', size: 10 })).toMatchObject({
      reason: 'unsupported_type',
    });
  });

  it('refuses empty files and files over the limit, and takes one exactly at it', () => {
    expect(checkFile({ name: 'a.pdf', type: '', size: 0 })).toMatchObject({ reason: 'empty' });
    expect(checkFile({ name: 'a.pdf', type: '', size: MAX_ATTACHMENT_BYTES + 1 })).toMatchObject({
      reason: 'too_large',
    });
    expect(checkFile({ name: 'a.pdf', type: '', size: MAX_ATTACHMENT_BYTES }).ok).toBe(true);
  });
});
