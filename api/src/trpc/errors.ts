import { TRPCError } from '@trpc/server';
import type { Locale, MessageKey, MessageParams } from '@ducha/shared';

type Code = ConstructorParameters<typeof TRPCError>[0]['code'];

/** A field-level problem found by a service (not by zod), localized like a zod issue. */
export interface FieldIssue {
  path: string;
  messageKey: MessageKey;
}

/**
 * An error whose user-facing text is a catalogue key, rendered in the caller's locale by the
 * error formatter. `message` holds the key, so logs stay language-neutral.
 */
export class AppError extends TRPCError {
  readonly messageKey: MessageKey;
  readonly params: MessageParams | undefined;
  readonly extraData: Record<string, unknown> | undefined;
  readonly fieldIssues: FieldIssue[] | undefined;
  /** Issues that localize themselves (an import names sheets, rows and columns). */
  readonly issuesIn: ((locale: Locale) => { path: string; message: string }[]) | undefined;

  constructor(
    code: Code,
    messageKey: MessageKey,
    opts: {
      params?: MessageParams;
      data?: Record<string, unknown>;
      issues?: FieldIssue[];
      issuesIn?: (locale: Locale) => { path: string; message: string }[];
      cause?: unknown;
    } = {},
  ) {
    super({ code, message: messageKey, cause: opts.cause });
    this.name = 'AppError';
    this.messageKey = messageKey;
    this.params = opts.params;
    this.extraData = opts.data;
    this.fieldIssues = opts.issues;
    this.issuesIn = opts.issuesIn;
  }
}

/**
 * The one answer for "no such record" and for "a record you may not see": same code, same key,
 * same text, so probing ids reveals nothing.
 */
export function notFound(): AppError {
  return new AppError('NOT_FOUND', 'common.not_found');
}

export function invalidFields(issues: FieldIssue[]): AppError {
  return new AppError('BAD_REQUEST', 'common.validation_failed', { issues });
}
