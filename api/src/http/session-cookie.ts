export const SESSION_COOKIE = 'ducha_session';
/** Over HTTPS: the `__Host-` prefix pins the cookie to this exact origin, Secure, Path=/. */
export const SECURE_SESSION_COOKIE = '__Host-ducha_session';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/*
 * SameSite=Strict keeps the cookie off every cross-site request, which with the JSON-only rule on
 * /trpc (see http/trpc-guard.ts) is the CSRF defence; HttpOnly keeps it from scripts.
 */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  const parts = [
    `${sessionCookieName(secure)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', secure, 0);
}

/** The session token from a Cookie header, under the name that fits the connection. */
export function readSessionToken(cookieHeader: string | null | undefined, secure: boolean) {
  if (!cookieHeader) return null;
  const wanted = sessionCookieName(secure);
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === wanted) {
      const value = pair.slice(eq + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}
