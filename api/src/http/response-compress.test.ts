import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compressAnswers } from './response-compress';

const large = JSON.stringify({ text: '检查食堂账目，核对公务接待清单。'.repeat(200) });

function appAnswering(body: string) {
  const app = new Hono();
  app.use('*', compressAnswers());
  app.get('/x', (c) => {
    c.header('x-kept', 'yes');
    return c.body(body, 200, { 'content-type': 'application/json' });
  });
  return app;
}

async function ask(body: string, acceptEncoding?: string) {
  const res = await appAnswering(body).request('/x', {
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('compressAnswers', () => {
  it('sends brotli when the client accepts it, even if it lists gzip first', async () => {
    const { res, bytes } = await ask(large, 'gzip, deflate, br');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toContain('accept-encoding');
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('x-kept')).toBe('yes');
    expect(brotliDecompressSync(bytes).toString('utf8')).toBe(large);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(large) / 2);
  });

  it('sends gzip to a client that accepts only gzip', async () => {
    const { res, bytes } = await ask(large, 'gzip');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(bytes).toString('utf8')).toBe(large);
  });

  it('honours a zero weight: br;q=0 gets gzip, both refused get the answer as it is', async () => {
    expect((await ask(large, 'br;q=0, gzip;q=0.5')).res.headers.get('content-encoding')).toBe(
      'gzip',
    );
    expect((await ask(large, 'br; q=0, gzip;q=0')).res.headers.get('content-encoding')).toBeNull();
  });

  it('sends the answer as it is to a client that accepts neither', async () => {
    for (const accept of [undefined, 'identity', 'deflate', 'brx, gzipped']) {
      const { res, bytes } = await ask(large, accept);
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('vary')).toContain('accept-encoding');
      expect(bytes.toString('utf8')).toBe(large);
    }
  });

  it('leaves a small answer uncompressed', async () => {
    const small = JSON.stringify({ ok: true });
    const { res, bytes } = await ask(small, 'br, gzip');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(bytes.toString('utf8')).toBe(small);
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});
