import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { trpcErrorResponse } from './trpc-guard';

const gunzipAsync = promisify(gunzip);

/*
 * Devices gzip large request bodies (a push of a day's notes is mostly Chinese text, which gzip
 * halves or better): `Content-Encoding: gzip` is inflated here, after the body limit has
 * bounded the compressed bytes and with the same limit on what it inflates to, so a small bomb
 * cannot become a large body. Any other encoding is refused rather than read as JSON.
 */
export function decompressRequests(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return next();
    if (encoding !== 'gzip') {
      return trpcErrorResponse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'common.bad_request');
    }
    let text: string;
    try {
      const packed = Buffer.from(await c.req.raw.arrayBuffer());
      text = (await gunzipAsync(packed, { maxOutputLength: maxBytes })).toString('utf8');
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        return trpcErrorResponse(c, 413, 'PAYLOAD_TOO_LARGE', 'common.payload_too_large');
      }
      return trpcErrorResponse(c, 400, 'PARSE_ERROR', 'common.bad_request');
    }
    // Every later reader (the guard, tRPC) reads the body through Hono's cache, which holds
    // promises at run time whatever its declared type says.
    (c.req.bodyCache as Record<string, Promise<unknown>>).text = Promise.resolve(text);
    return next();
  };
}
