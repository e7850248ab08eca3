import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { trpcServer } from '@hono/trpc-server';
import { sql } from 'kysely';
import { translate } from '@ducha/shared';
import type { AppDeps } from './deps';
import { appRouter } from './trpc/app.router';
import { createContext } from './trpc/context';
import { clientAddress, isSecureRequest } from './http/client-address';
import { LOCALE_HEADER, parseLocale, requestLocale } from './http/request-locale';
import { readSessionToken } from './http/session-cookie';
import { compressAnswers } from './http/response-compress';
import { decompressRequests } from './http/request-decompress';
import { trpcErrorResponse, trpcGuard } from './http/trpc-guard';
import { webStatic } from './http/web-static';
import { attachmentRoutes } from './attachments/upload.routes';
import { reviewEventRoutes } from './review/review-events.routes';
import { ledgerExportRoutes } from './ledger/ledger-export.routes';

type Env = { Variables: { requestId: string } };

const MAX_BATCH_SIZE = 50;

/** The whole product behind one origin: tRPC, health check and the built web app. */
export function createApp(deps: AppDeps): Hono<Env> {
  const { config, logger } = deps;
  const app = new Hono<Env>();

  app.use(requestId({ limitLength: 128 }));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Set again on the final response: handlers that build their own Response (tRPC, static
    // files) drop headers set on the context earlier.
    c.res.headers.set('x-request-id', c.get('requestId'));
    const status = c.res.status;
    const line = {
      reqId: c.get('requestId'),
      method: c.req.method,
      // The path only: tRPC GET inputs travel in the query string and may carry user text.
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  });
  app.use(
    secureHeaders({
      // HSTS belongs to the TLS terminator, which knows whether HTTPS is really in place.
      strictTransportSecurity: false,
    }),
  );

  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ ok: true });
    } catch (err) {
      logger.error({ err, reqId: c.get('requestId') }, 'health check failed');
      return c.json({ ok: false }, 503);
    }
  });

  app.use('/trpc/*', async (c, next) => {
    await next();
    // API answers hold personal and confidential data: no browser or proxy cache may keep them.
    c.res.headers.set('cache-control', 'no-store');
  });
  // A pull page of notes is mostly text: compression cuts what a phone downloads by two thirds.
  app.use('/trpc/*', compressAnswers());
  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => trpcErrorResponse(c, 413, 'PAYLOAD_TOO_LARGE', 'common.payload_too_large'),
    }),
    decompressRequests(config.maxBodyBytes),
    trpcGuard,
  );

  const trpc = trpcServer({
    router: appRouter,
    endpoint: '/trpc',
    // One HTTP request must not fan out into an unbounded number of procedure calls.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: (opts, c) => {
      const secure = isSecureRequest(c, config.trustProxy);
      return createContext(deps, {
        requestId: (c.get('requestId') as string | undefined) ?? null,
        ip: clientAddress(c, config.trustProxy),
        userAgent: c.req.header('user-agent') ?? null,
        locale: parseLocale(c.req.header(LOCALE_HEADER)),
        secure,
        sessionToken: readSessionToken(c.req.header('cookie'), secure),
        resHeaders: opts.resHeaders,
      });
    },
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, path, type }, 'procedure failed');
      }
    },
  });
  app.use('/trpc/*', (c, next) =>
    requestLocale.run(parseLocale(c.req.header(LOCALE_HEADER)), () => trpc(c, next)),
  );

  app.route('/', attachmentRoutes(deps));
  app.route('/', reviewEventRoutes(deps));
  app.route('/', ledgerExportRoutes(deps));

  app.on(['GET', 'HEAD'], '*', webStatic(config.webDir));

  app.notFound((c) => c.text('Not Found', 404));
  app.onError((err, c) => {
    logger.error({ err, reqId: c.get('requestId') }, 'unhandled error');
    const locale = parseLocale(c.req.header(LOCALE_HEADER));
    return c.json({ error: { message: translate('common.internal', locale) } }, 500);
  });

  return app;
}
