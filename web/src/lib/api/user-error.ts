import { isMessageKey, translate, type Locale } from '@ducha/shared';
import { m } from '$lib/paraglide/messages.js';

/**
 * The one place where a failure becomes something to tell the user. Server errors carry a
 * stable `messageKey` (see @ducha/shared MESSAGES); a request that never got a tRPC answer is
 * treated as "offline / server unreachable" so callers can fall back to local data.
 */
export type UserErrorKind =
  | 'offline'
  | 'unavailable'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'server';

export interface UserError {
  kind: UserErrorKind;
  messageKey: string | null;
  message: string;
  retryAfterSeconds: number | null;
  issues: { path: string; message: string }[];
}

interface ErrorData {
  code?: unknown;
  messageKey?: unknown;
  retryAfterSeconds?: unknown;
  issues?: unknown;
}

function errorData(error: unknown): ErrorData | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data = (error as { data: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as ErrorData) : null;
}

function kindOf(code: unknown, messageKey: string | null): UserErrorKind {
  switch (code) {
    case 'UNAUTHORIZED':
      return messageKey === 'auth.invalid_credentials' ? 'invalid_credentials' : 'unauthenticated';
    case 'TOO_MANY_REQUESTS':
      return 'rate_limited';
    case 'FORBIDDEN':
      return 'forbidden';
    case 'NOT_FOUND':
      return 'not_found';
    case 'BAD_REQUEST':
    case 'PAYLOAD_TOO_LARGE':
    case 'UNPROCESSABLE_CONTENT':
      return 'validation';
    case 'CONFLICT':
      return 'conflict';
    default:
      return 'server';
  }
}

function parseIssues(raw: unknown): UserError['issues'] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ path: String(path ?? ''), message }] : [];
  });
}

function serverMessage(error: unknown): string | null {
  return error instanceof Error && error.message ? error.message : null;
}

export function toUserError(error: unknown, locale: Locale, online: boolean): UserError {
  const data = errorData(error);
  if (!data || data.code === undefined) {
    // No tRPC error shape: the request failed before the API answered (no network, proxy or
    // server down, captive portal). Callers treat both kinds as "work from local data".
    const kind: UserErrorKind =
      online && !(causeOf(error) instanceof TypeError) ? 'unavailable' : 'offline';
    return {
      kind,
      messageKey: null,
      message:
        kind === 'offline'
          ? m.error_offline({}, { locale })
          : translate('common.unavailable', locale),
      retryAfterSeconds: null,
      issues: [],
    };
  }
  const messageKey = typeof data.messageKey === 'string' ? data.messageKey : null;
  const retryAfterSeconds =
    typeof data.retryAfterSeconds === 'number' ? Math.ceil(data.retryAfterSeconds) : null;
  const message =
    messageKey && isMessageKey(messageKey)
      ? translate(messageKey, locale, { retryAfterSeconds: retryAfterSeconds ?? '…' })
      : (serverMessage(error) ?? m.error_unexpected({}, { locale }));
  return {
    kind: kindOf(data.code, messageKey),
    messageKey,
    message,
    retryAfterSeconds,
    issues: parseIssues(data.issues),
  };
}

function causeOf(error: unknown): unknown {
  if (error instanceof TypeError) return error;
  return typeof error === 'object' && error !== null && 'cause' in error
    ? (error as { cause: unknown }).cause
    : undefined;
}

/** Failures after which the app should keep showing what it has stored locally. */
export function isNetworkFailure(error: UserError): boolean {
  return error.kind === 'offline' || error.kind === 'unavailable';
}
