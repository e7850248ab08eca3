import type { Context, MiddlewareHandler } from 'hono';
import { translate, type MessageKey } from '@ducha/shared';
import { parseLocale, LOCALE_HEADER } from './request-locale';

const RPC_CODES = {
  PARSE_ERROR: -32700,
  BAD_REQUEST: -32600,
  PAYLOAD_TOO_LARGE: -32413,
  UNSUPPORTED_MEDIA_TYPE: -32415,
} as const;

type GuardCode = keyof typeof RPC_CODES;

/**
 * An error in tRPC's wire shape for requests rejected before tRPC runs, so the client reads the
 * same `data.messageKey` whatever stopped the request. Batch requests get one entry per call.
 */
export function trpcErrorResponse(
  c: Context,
  status: 400 | 413 | 415,
  code: GuardCode,
  messageKey: MessageKey,
): Response {
  const locale = parseLocale(c.req.header(LOCALE_HEADER));
  const error = {
    error: {
      message: translate(messageKey, locale),
      code: RPC_CODES[code],
      data: { code, httpStatus: status, messageKey },
    },
  };
  const isBatch = new URL(c.req.url).searchParams.get('batch') === '1';
  const calls = isBatch ? Math.max(1, c.req.path.split('/').pop()!.split(',').length) : 1;
  const body = isBatch ? Array.from({ length: calls }, () => error) : error;
  return c.json(body, status);
}

function isJsonContentType(value: string | undefined): boolean {
  return value?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/*
 * Rejects what tRPC would otherwise turn into a 500 or accept too loosely:
 * - a mutation must be `application/json`. tRPC also accepts form and octet-stream bodies, which
 *   a foreign page can send without a CORS preflight; refusing them (with SameSite=Strict
 *   cookies) closes the CSRF door.
 * - a body or `input` parameter that is not JSON is a 400, not an internal error.
 */
export const trpcGuard: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST') {
    if (!isJsonContentType(c.req.header('content-type'))) {
      return trpcErrorResponse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'common.bad_request');
    }
    const text = await c.req.text();
    if (text !== '' && !parsesAsJson(text)) {
      return trpcErrorResponse(c, 400, 'PARSE_ERROR', 'common.bad_request');
    }
  } else if (c.req.method === 'GET') {
    const input = c.req.query('input');
    if (input !== undefined && !parsesAsJson(input)) {
      return trpcErrorResponse(c, 400, 'PARSE_ERROR', 'common.bad_request');
    }
  }
  return next();
};
