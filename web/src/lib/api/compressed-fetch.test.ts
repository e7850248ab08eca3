import { describe, expect, it } from 'vitest';
import { COMPRESS_FROM, compressedFetch } from './compressed-fetch';

async function inflate(body: BodyInit): Promise<string> {
  const stream = new Response(body).body!.pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

function recorder() {
  const sent: { headers: Headers; body: BodyInit | null | undefined }[] = [];
  const base: typeof fetch = async (_input, init) => {
    sent.push({ headers: new Headers(init?.headers), body: init?.body });
    return new Response('{}');
  };
  return { sent, fetch: compressedFetch(base) };
}

describe('compressed fetch', () => {
  it('gzips a large body, says so, and the bytes inflate back to the same text', async () => {
    const { sent, fetch } = recorder();
    const text = JSON.stringify({ notes: Array.from({ length: 200 }, (_, i) => `检查记录${i}`) });
    expect(text.length).toBeGreaterThan(COMPRESS_FROM);
    await fetch('/trpc/sync.push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    const { headers, body } = sent[0]!;
    expect(headers.get('content-encoding')).toBe('gzip');
    expect(headers.get('content-type')).toBe('application/json');
    expect(body).toBeInstanceOf(ArrayBuffer);
    expect((body as ArrayBuffer).byteLength).toBeLessThan(new TextEncoder().encode(text).length);
    expect(await inflate(body!)).toBe(text);
  });

  it('sends small bodies and requests without a body as they are', async () => {
    const { sent, fetch } = recorder();
    await fetch('/trpc/auth.login', { method: 'POST', body: '{"username":"inspector"}' });
    await fetch('/trpc/plan.list');
    expect(sent.map((s) => s.headers.get('content-encoding'))).toEqual([null, null]);
    expect(sent[0]!.body).toBe('{"username":"inspector"}');
  });
});
