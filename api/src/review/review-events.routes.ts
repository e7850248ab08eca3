import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { translate } from '@ducha/shared';
import { resolveSession } from '../auth/session.service';
import type { AppDeps } from '../deps';
import { isSecureRequest } from '../http/client-address';
import { LOCALE_HEADER, parseLocale } from '../http/request-locale';
import { readSessionToken } from '../http/session-cookie';
import { reviewablePlanIds } from './review-scope';
import { changeNotifier } from './change-notifier';

/*
 * `GET /events/review`: Server-Sent Events telling an open review screen that visits it may
 * review changed (an inspector's push committed, a reviewer decided), so it refetches. Each event
 * is a bare hint, `changed`, sent only when a changed plan is one the caller may review, decided
 * with the caller's session as it stands at that moment (a signed-out or narrowed session learns
 * nothing more); the data itself comes through the authorised procedures.
 */

export const REVIEW_EVENTS_PATH = '/events/review';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReviewEventOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  keepAliveMs?: number;
}

export function reviewEventRoutes(deps: AppDeps, opts: ReviewEventOptions = {}): Hono {
  const keepAliveMs = opts.keepAliveMs ?? 25_000;
  const app = new Hono();

  app.get(REVIEW_EVENTS_PATH, async (c) => {
    const locale = parseLocale(c.req.header(LOCALE_HEADER));
    const token = readSessionToken(
      c.req.header('cookie'),
      isSecureRequest(c, deps.config.trustProxy),
    );
    const lookup = await resolveSession(deps, token);
    if (lookup.state !== 'valid') {
      const key = lookup.state === 'expired' ? 'auth.session_expired' : 'auth.unauthenticated';
      return c.json({ error: { messageKey: key, message: translate(key, locale) } }, 401);
    }

    /** Whether one of `planIds` is the caller's to review, under the session as it is now. */
    const concerns = async (planIds: readonly string[]): Promise<boolean | 'gone'> => {
      const now = await resolveSession(deps, token);
      if (now.state !== 'valid') return 'gone';
      const ids = planIds.filter((id) => UUID.test(id));
      if (ids.length === 0) return false;
      const hit = await reviewablePlanIds(deps.db, now.session.user)
        .where('plans.id', 'in', ids)
        .executeTakeFirst();
      return hit !== undefined;
    };

    return streamSSE(c, async (stream) => {
      // The keep-alive wait ends early when the stream ends, so nothing outlives the client.
      let wake = () => {};
      let ended = false;
      const end = () => {
        ended = true;
        unsubscribe();
        wake();
      };
      // Hints are judged one after another, so they reach the client in commit order.
      let queue = Promise.resolve();
      const unsubscribe = changeNotifier(deps).subscribe((planIds) => {
        queue = queue
          .then(async () => {
            if (ended) return;
            const verdict = await concerns(planIds);
            if (verdict === 'gone') end();
            else if (verdict) await stream.writeSSE({ event: 'changed', data: '{}' });
          })
          .catch((err: unknown) => {
            deps.logger.warn({ err }, 'review event not delivered');
            end();
          });
      });
      stream.onAbort(end);
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
        while (!ended) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, keepAliveMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (!ended) await stream.write(': keep-alive\n\n');
        }
      } finally {
        end();
      }
    });
  });
  return app;
}
