import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Sha256Hex, translate, type MessageKey } from '@ducha/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { resolveSession, type SessionUser } from '../auth/session.service';
import { isSecureRequest } from '../http/client-address';
import { LOCALE_HEADER, parseLocale } from '../http/request-locale';
import { readSessionToken } from '../http/session-cookie';
import { loadAttachmentConfig, type AttachmentConfig } from './attachment.config';
import type { FileStore } from './file-store';
import { createFsFileStore } from './fs-file-store';
import {
  UploadError,
  abandonUpload,
  appendChunk,
  createUpload,
  readableFile,
  uploadProgress,
  type UploadContext,
} from './upload.service';

/* The resumable upload protocol and the download route; README.md in this folder specifies them. */

type Env = { Variables: { user: SessionUser } };

export const CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OFFSET = /^\d{1,15}$/;

const CreateBody = z.object({
  sha256: Sha256Hex,
  size: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  mime: z.string().min(1).max(100),
});

function errorResponse(
  c: Context,
  status: UploadError['status'] | 401 | 415,
  messageKey: MessageKey,
  params: Record<string, string | number> = {},
  offset?: number,
): Response {
  const locale = parseLocale(c.req.header(LOCALE_HEADER));
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (offset !== undefined) headers['upload-offset'] = String(offset);
  return c.json(
    { error: { messageKey, message: translate(messageKey, locale, params), offset } },
    status,
    headers,
  );
}

function contentType(c: Context): string | undefined {
  return c.req.header('content-type')?.split(';', 1)[0]?.trim().toLowerCase();
}

export interface AttachmentRouteOptions {
  store?: FileStore;
  config?: AttachmentConfig;
}

/**
 * `POST /uploads`, `HEAD|GET|PATCH|DELETE /uploads/:id`, `GET /files/:sha256`. Every route needs a
 * session; an upload is visible only to its uploader and a file only per canReadFile, and
 * everything else answers 404 like a missing record.
 */
export function attachmentRoutes(deps: AppDeps, opts: AttachmentRouteOptions = {}): Hono<Env> {
  const ctx: UploadContext = {
    deps,
    store: opts.store ?? createFsFileStore(deps.config.dataDir),
    config: opts.config ?? loadAttachmentConfig(),
  };
  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof UploadError) {
      return errorResponse(c, err.status, err.messageKey, err.params, err.offset);
    }
    throw err;
  });

  // Exact patterns: a wildcard here would, once mounted at '/', run for every request of the app.
  for (const pattern of ['/uploads', '/uploads/:id', '/files/:sha256']) {
    app.use(pattern, async (c, next) => {
      const secure = isSecureRequest(c, deps.config.trustProxy);
      const lookup = await resolveSession(deps, readSessionToken(c.req.header('cookie'), secure));
      if (lookup.state !== 'valid') {
        return errorResponse(
          c,
          401,
          lookup.state === 'expired' ? 'auth.session_expired' : 'auth.unauthenticated',
        );
      }
      c.set('user', lookup.session.user);
      await next();
      if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
    });
  }

  app.post('/uploads', async (c) => {
    // JSON only: a foreign page cannot send it without a CORS preflight (see http/trpc-guard.ts).
    if (contentType(c) !== 'application/json') {
      return errorResponse(c, 415, 'common.bad_request');
    }
    const parsed = CreateBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return errorResponse(c, 400, 'common.bad_request');
    const result = await createUpload(ctx, c.get('user'), parsed.data);
    if (result.status === 'exists') return c.json(result, 200);
    return c.json(result, 201, {
      location: `/uploads/${result.uploadId}`,
      'upload-offset': String(result.offset),
      'upload-length': String(result.size),
    });
  });

  // Hono answers HEAD with the GET route minus its body, so HEAD and GET share this handler.
  app.get('/uploads/:id', async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) return errorResponse(c, 404, 'common.not_found');
    const progress = await uploadProgress(ctx, c.get('user'), id);
    return c.json(progress, 200, {
      'upload-offset': String(progress.offset),
      'upload-length': String(progress.size),
    });
  });

  app.patch(
    '/uploads/:id',
    bodyLimit({
      maxSize: ctx.config.maxChunkBytes,
      onError: (c) => errorResponse(c, 413, 'upload.chunk_too_large'),
    }),
    async (c) => {
      const id = c.req.param('id');
      if (!UUID.test(id)) return errorResponse(c, 404, 'common.not_found');
      if (contentType(c) !== CHUNK_CONTENT_TYPE) return errorResponse(c, 415, 'common.bad_request');
      const offsetHeader = c.req.header('upload-offset') ?? '';
      if (!OFFSET.test(offsetHeader)) return errorResponse(c, 400, 'common.bad_request');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const result = await appendChunk(ctx, c.get('user'), id, Number(offsetHeader), bytes);
      return c.json(result, 200, { 'upload-offset': String(result.offset) });
    },
  );

  app.delete('/uploads/:id', async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) return errorResponse(c, 404, 'common.not_found');
    await abandonUpload(ctx, c.get('user'), id);
    return c.body(null, 204);
  });

  app.get('/files/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    const file = Sha256Hex.safeParse(sha256).success
      ? await readableFile(ctx, c.get('user'), sha256)
      : null;
    if (!file) return errorResponse(c, 404, 'common.not_found');
    // Content-addressed bytes never change, but access can be withdrawn: revalidate every time.
    const headers = {
      'cache-control': 'private, no-cache',
      etag: `"${file.sha256}"`,
      'content-type': file.mimeType,
      'content-length': String(file.size),
      'content-disposition': `inline; filename="${file.sha256}"`,
    };
    if (c.req.header('if-none-match') === headers.etag) return c.body(null, 304, headers);
    return c.body(ctx.store.read(file.sha256), 200, headers);
  });

  return app;
}
