import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { acceptsEncoding } from './accept-encoding';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Everything not content-hashed must be revalidated, or a deploy would leave clients on an old
// shell (the service worker, index.html, the manifest and icons among them).
const REVALIDATE = 'no-cache';

export const WEB_NOT_BUILT_TEXT = [
  '督查 Ducha API 正在运行，但尚未构建网页应用。请在仓库根目录运行 `pnpm build` 后重新启动。',
  'The Ducha API is running, but the web app has not been built. Run `pnpm build` at the repository root, then restart.',
  '',
].join('\n');

interface Found {
  file: string;
  size: number;
  mtime: Date;
}

/** A compressed sibling written at build time (web/scripts/precompress.js). */
interface Encoded extends Found {
  encoding: 'br' | 'gzip';
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

async function compressedSibling(
  found: Found,
  acceptEncoding: string | undefined,
): Promise<Encoded | null> {
  for (const { name, suffix } of ENCODINGS) {
    if (!acceptsEncoding(acceptEncoding, name)) continue;
    try {
      const s = await stat(found.file + suffix);
      if (s.isFile())
        return { file: found.file + suffix, size: s.size, mtime: s.mtime, encoding: name };
    } catch {
      // No compressed copy of this file: try the next encoding, or send it as it is.
    }
  }
  return null;
}

async function findFile(root: string, urlPath: string): Promise<Found | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  // Never serve anything outside the build directory.
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    let s = await stat(file);
    let target = file;
    if (s.isDirectory()) {
      target = path.join(file, 'index.html');
      s = await stat(target);
    }
    return s.isFile() ? { file: target, size: s.size, mtime: s.mtime } : null;
  } catch {
    return null;
  }
}

async function respond(c: Context, found: Found, cacheControl: string): Promise<Response> {
  const sibling = await compressedSibling(found, c.req.header('accept-encoding'));
  const sent = sibling ?? found;
  const encoding = sibling?.encoding ?? null;
  // Each representation has its own tag, so a cache never answers gzip to a brotli client.
  const etag = `W/"${sent.size.toString(16)}-${Math.floor(sent.mtime.getTime()).toString(16)}${encoding ? `-${encoding}` : ''}"`;
  const headers = new Headers({
    'content-type': MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': cacheControl,
    etag,
    'last-modified': found.mtime.toUTCString(),
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  });
  if (encoding) headers.set('content-encoding', encoding);
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  headers.set('content-length', String(sent.size));
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(sent.file)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

/**
 * Serves the built SvelteKit app (adapter-static) with an SPA fallback: an unknown path that is
 * not a hashed asset gets index.html, and the client router takes it from there.
 */
export function webStatic(webDir: string) {
  const root = path.resolve(webDir);
  return async (c: Context): Promise<Response> => {
    const urlPath = c.req.path;
    const found = await findFile(root, urlPath);
    if (found) {
      const immutable = urlPath.startsWith('/_app/immutable/');
      return respond(c, found, immutable ? IMMUTABLE : REVALIDATE);
    }
    // A missing hashed asset must stay a 404: answering HTML for a script breaks loudly later.
    if (urlPath.startsWith('/_app/')) return c.text('Not Found', 404);
    const index = await findFile(root, '/index.html');
    if (index) return respond(c, index, REVALIDATE);
    return c.text(WEB_NOT_BUILT_TEXT, 404);
  };
}
