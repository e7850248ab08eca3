import { SYNC_FAILURE_CODES, type PullFailure, type PushFailure } from '@ducha/shared';
import { AppError } from '../trpc/errors';

/** A whole-push or whole-pull refusal as the tRPC error the protocol specifies. */
export function failureError(failure: PushFailure | PullFailure): AppError {
  const { messageKey, ...data } = failure;
  return new AppError(SYNC_FAILURE_CODES[messageKey], messageKey, { data });
}

const RETRYABLE = new Set([
  '40001', // serialization_failure: a row we read changed after our snapshot
  '40P01', // deadlock_detected
  '23505', // unique_violation: two transactions created the same record at once
]);

export function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** Runs `work` again while PostgreSQL asks for it (each attempt is a fresh transaction). */
export async function withRetry<T>(work: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw e;
    }
  }
}
