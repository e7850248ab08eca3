import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { acceptsEncoding } from './accept-encoding';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Answers smaller than this go as they are: compressing them saves less than its headers. */
const MIN_BYTES = 1024;

/*
 * API answers are compressed whole, at the fastest settings, on libuv's thread pool. A pull page
 * is ~1.7 MB of JSON, mostly Chinese text: gzip at its default level 6 costs ~37 ms of CPU per
 * page (zlib in Node; hono's compress streamed it chunk by chunk through CompressionStream), gzip
 * level 1 ~18 ms for 9 % more bytes, brotli quality 1 ~16 ms for 2 % more than gzip level 6
 * (measured on the 2-core machine, bench/RESULTS.md). Brotli where the client accepts it
 * (browsers send `br` over HTTPS and to localhost), gzip level 1 otherwise. tRPC builds its
 * answers whole anyway, so nothing is lost by not streaming.
 */
export function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!res.body || res.headers.has('content-encoding')) return;
    const accepted = c.req.header('accept-encoding');
    const encoding = acceptsEncoding(accepted, 'br')
      ? 'br'
      : acceptsEncoding(accepted, 'gzip')
        ? 'gzip'
        : null;
    c.res.headers.append('vary', 'accept-encoding');
    if (!encoding) return;
    const raw = Buffer.from(await res.arrayBuffer());
    const packed =
      raw.length < MIN_BYTES
        ? null
        : encoding === 'br'
          ? await brotliAsync(raw, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 1,
                [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            })
          : await gzipAsync(raw, { level: 1 });
    c.res = new Response(packed ?? raw, res);
    c.res.headers.delete('content-length');
    if (packed) c.res.headers.set('content-encoding', encoding);
  };
}
