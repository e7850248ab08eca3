import { initTRPC, TRPCError } from '@trpc/server';
import {
  localizeZodIssues,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
  type Role,
} from '@ducha/shared';
import type { z } from 'zod';
import { requestLocale } from '../http/request-locale';
import type { Context } from './context';
import { AppError } from './errors';

export type { Context } from './context';

/** The message key for errors raised by tRPC itself or by unexpected failures. */
const KEY_BY_CODE: Partial<Record<TRPCError['code'], MessageKey>> = {
  PARSE_ERROR: 'common.bad_request',
  BAD_REQUEST: 'common.bad_request',
  UNAUTHORIZED: 'auth.unauthenticated',
  FORBIDDEN: 'auth.forbidden',
  NOT_FOUND: 'common.not_found',
  CONFLICT: 'common.conflict',
  PAYLOAD_TOO_LARGE: 'common.payload_too_large',
  TOO_MANY_REQUESTS: 'auth.rate_limited',
  METHOD_NOT_SUPPORTED: 'common.bad_request',
  UNSUPPORTED_MEDIA_TYPE: 'common.bad_request',
  UNPROCESSABLE_CONTENT: 'common.bad_request',
};

function isZodError(e: unknown): e is z.ZodError {
  return (
    e instanceof Error && e.name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues)
  );
}

export interface LocalizedError {
  message: string;
  messageKey: MessageKey;
  issues?: { path: string; message: string }[];
  extra?: Record<string, unknown>;
}

/** Turns any tRPC error into the localized message and data the contract promises. */
export function localizeError(error: TRPCError, locale: Locale): LocalizedError {
  if (error instanceof AppError) {
    const out: LocalizedError = {
      message: translate(error.messageKey, locale, error.params as MessageParams | undefined),
      messageKey: error.messageKey,
    };
    if (error.fieldIssues) {
      out.issues = error.fieldIssues.map((i) => ({
        path: i.path,
        message: translate(i.messageKey, locale),
      }));
    }
    if (error.issuesIn) out.issues = [...(out.issues ?? []), ...error.issuesIn(locale)];
    if (error.extraData) out.extra = error.extraData;
    return out;
  }
  if (isZodError(error.cause)) {
    return {
      message: translate('common.validation_failed', locale),
      messageKey: 'common.validation_failed',
      issues: localizeZodIssues(error.cause, locale),
    };
  }
  const key = KEY_BY_CODE[error.code] ?? 'common.internal';
  // Unknown failures keep their details in the server log only.
  return { message: translate(key, locale), messageKey: key };
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const locale = ctx?.req.locale ?? requestLocale.getStore() ?? 'zh-CN';
    const localized = localizeError(error, locale);
    return {
      message: localized.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        messageKey: localized.messageKey,
        ...(localized.issues ? { issues: localized.issues } : {}),
        ...localized.extra,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
export const publicProcedure = t.procedure;

/** Signed in; `ctx.session` is set from here on. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    throw new AppError(
      'UNAUTHORIZED',
      ctx.sessionState === 'expired' ? 'auth.session_expired' : 'auth.unauthenticated',
    );
  }
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** Signed in with one of `roles`. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.session.user.role)) throw new AppError('FORBIDDEN', 'auth.forbidden');
    return next();
  });
}

export const adminProcedure = roleProcedure('admin');
