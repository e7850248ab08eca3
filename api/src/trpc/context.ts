import type { Locale } from '@ducha/shared';
import type { AppDeps } from '../deps';
import { resolveSession, type ActiveSession } from '../auth/session.service';
import { clearedSessionCookie } from '../http/session-cookie';

/** What the transport knows about the request; built by the HTTP layer or by tests. */
export interface RequestMeta {
  requestId: string | null;
  /** Client address used for rate limiting and the audit trail. */
  ip: string;
  userAgent: string | null;
  locale: Locale;
  /** Served over HTTPS (decides the cookie name and the Secure flag). */
  secure: boolean;
  /** The raw session token from the cookie, if one came. */
  sessionToken: string | null;
  /** Headers the procedure wants on the response (Set-Cookie). */
  resHeaders: Headers;
}

// A type alias (not an interface) so tRPC's adapter sees it as a plain record.
export type Context = {
  deps: AppDeps;
  req: RequestMeta;
  session: ActiveSession | null;
  /** 'expired' when a token came but no longer opens a session (for a precise message). */
  sessionState: 'none' | 'expired' | 'valid';
};

export async function createContext(deps: AppDeps, req: RequestMeta): Promise<Context> {
  const lookup = await resolveSession(deps, req.sessionToken);
  if (lookup.state === 'expired') {
    // Tell the browser to forget a cookie that no longer opens anything.
    req.resHeaders.append('set-cookie', clearedSessionCookie(req.secure));
  }
  return {
    deps,
    req,
    session: lookup.state === 'valid' ? lookup.session : null,
    sessionState: lookup.state,
  };
}
