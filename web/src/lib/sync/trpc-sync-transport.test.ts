import 'fake-indexeddb/auto';
import {
  SYNC_FAILURE_CODES,
  SYNC_SCHEMA_VERSION,
  type PullFailure,
  type PushFailure,
  type PushRequest,
} from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { FakeTrpcError, fakeTrpcServer, type FakeServer } from '$lib/testing/fake-trpc-server';
import { SyncFailure } from './sync-engine';
import { PLAN_1, USER_1, newDevice, newRecordId, newServer, note } from './sync.test-support';
import { createTrpcSyncTransport } from './trpc-sync-transport';

const HTTP_STATUS: Record<string, number> = {
  CONFLICT: 409,
  FORBIDDEN: 403,
  PRECONDITION_FAILED: 412,
  SERVICE_UNAVAILABLE: 503,
  BAD_REQUEST: 400,
};

/** The API's error shape for a protocol failure (api/src/sync/sync-errors.ts). */
function failureError(failure: PushFailure | PullFailure): FakeTrpcError {
  const code = SYNC_FAILURE_CODES[failure.messageKey];
  return new FakeTrpcError(code, HTTP_STATUS[code] ?? 500, { ...failure });
}

/** The reference server behind tRPC's wire format, as the signed-in `userId`. */
function referenceOverTrpc(userId: string): FakeServer {
  const reference = newServer();
  return fakeTrpcServer({
    'sync.push': (input) => {
      const out = reference.push(userId, input as never);
      if (!out.ok) throw failureError(out.failure);
      return out.value;
    },
    'sync.pull': (input) => {
      const out = reference.pull(userId, input as never);
      if (!out.ok) throw failureError(out.failure);
      return out.value;
    },
  });
}

function transportOn(server: FakeServer, onUnauthenticated?: () => void) {
  const api = createApiClient({ getLocale: () => 'en', fetch: server.fetch });
  return createTrpcSyncTransport(api, { onUnauthenticated });
}

const pull = { deviceId: '00000000-0000-4000-8000-0000000000d1', cursor: null, schemaVersion: 2 };
const push = {
  deviceId: pull.deviceId,
  mutations: [
    {
      id: 5,
      name: 'note.add' as const,
      args: {},
      schemaVersion: SYNC_SCHEMA_VERSION,
      clientTime: '2026-03-02T08:00:00.000Z',
    },
  ],
};

describe('tRPC sync transport', () => {
  it('sends push and pull as POST mutations with the locale header', async () => {
    const server = fakeTrpcServer({
      'sync.pull': () => ({ changes: [], cursor: 'c1', hasMore: false, lastMutationId: 0 }),
      'sync.push': () => ({ lastMutationId: 5, results: [{ id: 5, status: 'applied' }] }),
    });
    const methods: string[] = [];
    const recording = Object.assign({}, server, {
      fetch: ((input, init) => {
        methods.push(init?.method ?? 'GET');
        return server.fetch(input, init);
      }) as typeof fetch,
    });
    const transport = transportOn(recording);

    expect(await transport.pull(pull)).toEqual({
      ok: true,
      value: { changes: [], cursor: 'c1', hasMore: false, lastMutationId: 0 },
    });
    expect(await transport.push(push)).toEqual({
      ok: true,
      value: { lastMutationId: 5, results: [{ id: 5, status: 'applied' }] },
    });
    expect(methods).toEqual(['POST', 'POST']);
    expect(server.calls.map((c) => c.procedure)).toEqual(['sync.pull', 'sync.push']);
    expect(server.calls[0]?.input).toEqual(pull);
    expect(server.calls[0]?.headers.get('x-ducha-locale')).toBe('en');
  });

  it('answers a protocol refusal as a failure with its data', async () => {
    const server = fakeTrpcServer({
      'sync.push': () => {
        throw failureError({ messageKey: 'sync.mutation_gap', lastMutationId: 3 });
      },
      'sync.pull': () => {
        throw failureError({ messageKey: 'sync.cursor_invalid' });
      },
    });
    const transport = transportOn(server);

    expect(await transport.push(push)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.mutation_gap', lastMutationId: 3 },
    });
    expect(await transport.pull(pull)).toEqual({
      ok: false,
      failure: { messageKey: 'sync.cursor_invalid' },
    });
  });

  it('throws for a refusal that is not the procedure’s (a pull failure on push)', async () => {
    const server = fakeTrpcServer({
      'sync.push': () => {
        throw failureError({ messageKey: 'sync.cursor_invalid' });
      },
    });

    await expect(transportOn(server).push(push)).rejects.toThrow();
  });

  it('throws on a server error so the engine retries, keeping its message key', async () => {
    const server = fakeTrpcServer({
      'sync.push': () => {
        throw new FakeTrpcError('INTERNAL_SERVER_ERROR', 500, { messageKey: 'common.internal' });
      },
    });

    const error = await transportOn(server)
      .push(push)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SyncFailure);
    expect((error as SyncFailure).messageKey).toBe('common.internal');
  });

  it('throws the network error itself when there is no network', async () => {
    const server = fakeTrpcServer();
    server.offline = true;

    const error = await transportOn(server)
      .pull(pull)
      .catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(SyncFailure);
    expect(error).toBeInstanceOf(Error);
  });

  it('reports a lost session', async () => {
    const server = fakeTrpcServer({
      'sync.pull': () => {
        throw new FakeTrpcError('UNAUTHORIZED', 401, { messageKey: 'auth.session_expired' });
      },
    });
    let expired = 0;

    const error = await transportOn(server, () => expired++)
      .pull(pull)
      .catch((e: unknown) => e);

    expect(expired).toBe(1);
    expect((error as SyncFailure).messageKey).toBe('auth.session_expired');
  });

  it('drives the engine over the wire: a local change reaches the server and comes back', async () => {
    const server = referenceOverTrpc(USER_1);
    const device = await newDevice(USER_1, transportOn(server));
    await device.engine.syncNow();
    expect(await device.store.get('plan', PLAN_1)).toBeDefined();

    const added = await device.store.mutate('note.add', note(1));
    expect(added.ok).toBe(true);
    expect(await device.store.isUnsynced('note', newRecordId(1))).toBe(true);
    await device.engine.syncNow();

    expect(await device.store.pendingCount()).toBe(0);
    expect(await device.store.isUnsynced('note', newRecordId(1))).toBe(false);
    expect(server.calls.filter((c) => c.procedure === 'sync.push')).toHaveLength(1);
    expect((await device.store.state()).lastError).toBeNull();
  });

  it('recovers from a gap the server reports over the wire', async () => {
    const server = referenceOverTrpc(USER_1);
    const device = await newDevice(USER_1, transportOn(server));
    await device.engine.syncNow();
    await device.store.mutate('note.add', note(1));
    // The device believes mutation 1 was already acknowledged, so it starts its push at 2.
    await device.db.syncState.update('state', { ackedUpTo: 1 });
    await device.store.mutate('note.add', note(2));

    await device.engine.syncNow();

    const pushed = server.calls.filter((c) => c.procedure === 'sync.push');
    const firstIds = pushed.map((c) => (c.input as PushRequest).mutations[0]?.id);
    expect(firstIds).toEqual([2, 1]);
    expect((await device.store.state()).lastError).toBeNull();
    expect(await device.store.pendingCount()).toBe(0);
  });
});
