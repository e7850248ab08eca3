import {
  SYNC_FAILURE_CODES,
  isMessageKey,
  type PullFailure,
  type PullOutcome,
  type PushFailure,
  type PushOutcome,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';
import { SyncFailure, type SyncTransport } from './sync-engine';

export interface TrpcSyncTransportOptions {
  /** The server no longer knows the session (expired, user disabled). */
  onUnauthenticated?: () => void;
}

/*
 * `sync.push` / `sync.pull` over the app's tRPC client. The protocol's whole-request refusals
 * (SYNC_FAILURE_CODES) come back as `{ ok: false }` so the engine can act on them (resend after a
 * gap, pull from scratch); every other error is thrown and retried with backoff. Both are
 * mutations: pulls register the device and must never be cached.
 */
export function createTrpcSyncTransport(
  api: ApiClient,
  options: TrpcSyncTransportOptions = {},
): SyncTransport {
  return {
    push: async (request): Promise<PushOutcome> => {
      try {
        return { ok: true, value: await api.sync.push.mutate(request) };
      } catch (error) {
        return { ok: false, failure: await protocolFailure<PushFailure>(error, 'push', options) };
      }
    },
    pull: async (request): Promise<PullOutcome> => {
      try {
        return { ok: true, value: await api.sync.pull.mutate(request) };
      } catch (error) {
        return { ok: false, failure: await protocolFailure<PullFailure>(error, 'pull', options) };
      }
    },
  };
}

function errorData(error: unknown): Record<string, unknown> | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data = (error as { data: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
}

/**
 * The failure the error carries, or throws: only protocol failures are answers. Their schemas
 * load with the first one (they are rare; the first screen need not build them).
 */
async function protocolFailure<F extends PushFailure | PullFailure>(
  error: unknown,
  call: 'push' | 'pull',
  options: TrpcSyncTransportOptions,
): Promise<F> {
  const data = errorData(error);
  // No tRPC answer at all: no network, a proxy, the server down. The engine retries.
  if (!data) throw error;
  const key = data.messageKey;
  if (typeof key === 'string' && key in SYNC_FAILURE_CODES) {
    const { PullFailure, PushFailure } = await import('@ducha/shared/sync-schemas');
    const parsed = (call === 'push' ? PushFailure : PullFailure).safeParse(data);
    if (parsed.success) return parsed.data as F;
  }
  if (data.code === 'UNAUTHORIZED') options.onUnauthenticated?.();
  // A 500 or an auth error: keep its catalogue key for the status bar, and retry later.
  if (typeof key === 'string' && isMessageKey(key)) throw new SyncFailure(key);
  throw error;
}
