/*
 * Large request bodies leave the phone gzipped: a push of a day's notes is mostly Chinese text,
 * which gzip halves or better, and field connections are slow and metered. The API inflates
 * `Content-Encoding: gzip` (api/src/http/request-decompress.ts). Small bodies go as they are: a
 * few hundred bytes are not worth the CPU, and browsers without CompressionStream send plain.
 */

/** Bodies shorter than this (in UTF-16 units) are sent as they are. */
export const COMPRESS_FROM = 1024;

export async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export function compressedFetch(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const body = init?.body;
    if (
      typeof body !== 'string' ||
      body.length < COMPRESS_FROM ||
      typeof CompressionStream !== 'function'
    ) {
      return base(input, init);
    }
    const headers = new Headers(init?.headers);
    headers.set('content-encoding', 'gzip');
    return base(input, { ...init, headers, body: await gzip(body) });
  };
}
