import { PassThrough, Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { LedgerListInput, translate, type MessageKey } from '@ducha/shared';
import { auditBy, recordAudit } from '../audit/audit.service';
import { resolveSession, type SessionUser } from '../auth/session.service';
import type { AppDeps } from '../deps';
import { clientAddress, isSecureRequest } from '../http/client-address';
import { LOCALE_HEADER, parseLocale } from '../http/request-locale';
import { readSessionToken } from '../http/session-cookie';
import { writeLedgerXlsx } from './ledger-export.service';

type Env = { Variables: { requestId: string } };

/** The roles that read the ledger (ledger.list): not administrators. */
const READERS = new Set(['inspector', 'team_leader', 'supervisor']);

function refuse(c: Context, status: 400 | 401 | 403, key: MessageKey): Response {
  const locale = parseLocale(c.req.header(LOCALE_HEADER));
  return c.json({ error: { messageKey: key, message: translate(key, locale) } }, status, {
    'cache-control': 'no-store',
  });
}

function parseQuery(c: Context): LedgerListInput | null {
  try {
    const filter: unknown = JSON.parse(c.req.query('filter') ?? '{}');
    const parsed = LedgerListInput.safeParse({
      filter,
      sort: c.req.query('sort') ?? 'deadline',
      desc: c.req.query('desc') === 'true',
    });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * `GET /exports/ledger.xlsx?filter=<JSON LedgerFilter>&sort=&desc=`: the ledger the caller sees
 * (the session cookie decides, as for ledger.list), filtered and sorted like the list, streamed.
 */
export function ledgerExportRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/exports/ledger.xlsx', async (c) => {
    const secure = isSecureRequest(c, deps.config.trustProxy);
    const lookup = await resolveSession(deps, readSessionToken(c.req.header('cookie'), secure));
    if (lookup.state !== 'valid') {
      return refuse(
        c,
        401,
        lookup.state === 'expired' ? 'auth.session_expired' : 'auth.unauthenticated',
      );
    }
    const user: SessionUser = lookup.session.user;
    if (!READERS.has(user.role)) return refuse(c, 403, 'auth.forbidden');
    const input = parseQuery(c);
    if (!input) return refuse(c, 400, 'common.bad_request');

    const now = deps.clock.now();
    await recordAudit(deps.db, {
      ...auditBy(
        {
          user,
          req: {
            requestId: c.get('requestId') ?? null,
            ip: clientAddress(c, deps.config.trustProxy),
          },
        },
        now,
      ),
      action: 'ledger.export',
      entity: 'rectification_item',
      entityId: null,
      details: { sort: input.sort, filters: Object.keys(input.filter ?? {}) },
    });
    const out = new PassThrough();
    writeLedgerXlsx(deps.db, user, input, now, out).catch((err: unknown) => {
      deps.logger.error({ err }, 'ledger export failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const name = encodeURIComponent(`整改台账-${day}.xlsx`);
    return new Response(Readable.toWeb(out) as ReadableStream, {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="ledger-${day}.xlsx"; filename*=UTF-8''${name}`,
        'cache-control': 'no-store',
      },
    });
  });
  return app;
}
