import { describe, expect, it } from 'vitest';
import { isMessageKey, translate } from '../i18n/messages';
import {
  Change,
  DEFAULT_PULL_LIMIT,
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  MIN_SYNC_SCHEMA_VERSION,
  PullRequest,
  PullResponse,
  PushFailure,
  PushRequest,
  SYNC_FAILURE_CODES,
  SYNC_SCHEMA_VERSION,
  checkSchemaVersion,
} from './protocol';
import { DEVICE_A, T } from './sync-fixtures.test-support';

const m = (id: number) => ({ id, name: 'note.add', args: {}, schemaVersion: 2, clientTime: T(id) });

describe('push', () => {
  it('carries consecutive mutation numbers, at most a bounded batch', () => {
    expect(
      PushRequest.safeParse({ deviceId: DEVICE_A, mutations: [m(4), m(5), m(6)] }).success,
    ).toBe(true);
    const gap = PushRequest.safeParse({ deviceId: DEVICE_A, mutations: [m(4), m(6)] });
    expect(gap.error?.issues[0]).toMatchObject({
      path: ['mutations', 1, 'id'],
      message: 'sync.mutation_ids_not_consecutive',
    });
    expect(PushRequest.safeParse({ deviceId: DEVICE_A, mutations: [] }).success).toBe(false);
    const many = Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, (_, i) => m(i + 1));
    expect(PushRequest.safeParse({ deviceId: DEVICE_A, mutations: many }).success).toBe(false);
    expect(PushRequest.safeParse({ deviceId: DEVICE_A, mutations: [m(0)] }).success).toBe(false);
  });

  it('fails as a whole with a localised, typed reason', () => {
    const gap = PushFailure.parse({ messageKey: 'sync.mutation_gap', lastMutationId: 41 });
    expect(translate(gap.messageKey, 'zh-CN', { lastMutationId: 41 })).toContain('41');
    expect(PushFailure.safeParse({ messageKey: 'sync.mutation_gap' }).success).toBe(false);
    for (const key of Object.keys(SYNC_FAILURE_CODES)) expect(isMessageKey(key)).toBe(true);
  });
});

describe('pull', () => {
  it('defaults and bounds the page size', () => {
    const req = PullRequest.parse({ deviceId: DEVICE_A, cursor: null, schemaVersion: 2 });
    expect(req.limit).toBe(DEFAULT_PULL_LIMIT);
    expect(req.elideOwn).toBe(false);
    expect(PullRequest.safeParse({ ...req, limit: MAX_PULL_LIMIT }).success).toBe(true);
    expect(PullRequest.safeParse({ ...req, limit: MAX_PULL_LIMIT + 1 }).success).toBe(false);
    expect(PullRequest.safeParse({ ...req, cursor: '' }).success).toBe(false);
  });

  it('streams upserts, tombstones and revocations', () => {
    const changes = [
      { op: 'upsert', type: 'note', id: 'n', planId: null, version: 3, fields: { text: '记录' } },
      { op: 'delete', type: 'finding', id: 'f', version: 4 },
      { op: 'revoked', type: 'plan', id: 'p' },
    ];
    expect(
      PullResponse.parse({ changes, cursor: 'opaque', hasMore: false, lastMutationId: 0 }).changes,
    ).toEqual(changes);
    expect(
      Change.safeParse({
        op: 'upsert',
        type: 'secret',
        id: 'x',
        planId: null,
        version: 1,
        fields: {},
      }).success,
    ).toBe(false);
  });
});

describe('schema versions', () => {
  it('accepts the current and previous version and names the failure otherwise', () => {
    expect(SYNC_SCHEMA_VERSION - MIN_SYNC_SCHEMA_VERSION).toBe(1);
    expect(checkSchemaVersion(SYNC_SCHEMA_VERSION)).toBe('ok');
    expect(checkSchemaVersion(MIN_SYNC_SCHEMA_VERSION)).toBe('ok');
    expect(checkSchemaVersion(MIN_SYNC_SCHEMA_VERSION - 1)).toBe('sync.client_outdated');
    expect(checkSchemaVersion(SYNC_SCHEMA_VERSION + 1)).toBe('sync.server_outdated');
  });
});
