import { describe, expect, it } from 'vitest';
import { DownloadError, createAttachmentDownloader } from './attachment-downloader';
import { sha256OfBlob } from './attachment-uploader';

const bytes = new Blob(['现场照片'], { type: 'image/jpeg' });

function serving(respond: (url: string) => Response | Promise<Response>) {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input));
    expect(init?.credentials).toBe('same-origin');
    return respond(String(input));
  }) as typeof globalThis.fetch;
  return { urls, download: createAttachmentDownloader({ fetch }).download };
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DownloadError) return e.reason;
    throw e;
  }
  return 'resolved';
}

describe('attachment downloader', () => {
  it('fetches GET /files/:sha256 and returns the bytes with the server’s type', async () => {
    const sha = await sha256OfBlob(bytes);
    const s = serving(
      () => new Response(bytes, { status: 200, headers: { 'content-type': 'image/jpeg' } }),
    );
    const blob = await s.download(sha);
    expect(s.urls).toEqual([`/files/${sha}`]);
    expect(await blob.text()).toBe('现场照片');
    expect(blob.type).toBe('image/jpeg');
  });

  it('refuses bytes that do not hash to what was asked', async () => {
    const s = serving(() => new Response('别的内容', { status: 200 }));
    expect(await reason(s.download(await sha256OfBlob(bytes)))).toBe('hash_mismatch');
  });

  it('tells a missing file from a network failure', async () => {
    const sha = 'b'.repeat(64);
    expect(await reason(serving(() => new Response('', { status: 404 })).download(sha))).toBe(
      'not_found',
    );
    expect(await reason(serving(() => new Response('', { status: 503 })).download(sha))).toBe(
      'network',
    );
    const offline = serving(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await reason(offline.download(sha))).toBe('network');
  });
});
