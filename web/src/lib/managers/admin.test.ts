import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { createAdminService } from '$lib/services/admin.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { AdminManager } from './admin.svelte';
import { ConnectivityManager } from './connectivity.svelte';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function setup(handlers: Record<string, (input: unknown) => unknown>) {
  const server = fakeTrpcServer({ 'user.list': () => [], 'team.list': () => [], ...handlers });
  let unitReloads = 0;
  const manager = new AdminManager(
    createAdminService(createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch })),
    new ConnectivityManager(true),
    () => 'zh-CN',
    async () => void unitReloads++,
  );
  return { server, manager, unitReloads: () => unitReloads };
}

describe('AdminManager', () => {
  it('moves a unit and has the unit list reloaded', async () => {
    const { server, manager, unitReloads } = setup({
      'unit.move': (input) => ({ ...(input as object), name: '城中区', kind: 'county', code: 'X' }),
    });
    expect(await manager.moveUnit({ id: ID(1), parentId: ID(2) })).toBeNull();
    expect(server.calls.at(-1)).toMatchObject({
      procedure: 'unit.move',
      input: { id: ID(1), parentId: ID(2) },
    });
    expect(unitReloads()).toBe(1);
  });

  it('reports a move into the unit’s own subtree without reloading', async () => {
    const { manager, unitReloads } = setup({
      'unit.move': () => {
        throw new FakeTrpcError('BAD_REQUEST', 400, {
          messageKey: 'common.validation_failed',
          issues: [{ path: 'parentId', message: '不能把单位移到它自己或其下级单位之下' }],
        });
      },
    });
    const error = await manager.moveUnit({ id: ID(1), parentId: ID(3) });
    expect(error?.issues).toEqual([
      { path: 'parentId', message: '不能把单位移到它自己或其下级单位之下' },
    ]);
    expect(unitReloads()).toBe(0);
  });

  it('resets a password and renames a team', async () => {
    const { server, manager } = setup({
      'user.resetPassword': () => null,
      'team.rename': () => null,
    });
    expect(await manager.resetPassword(ID(5), 'Xinmima2026!')).toBeNull();
    expect(await manager.renameTeam(ID(6), '第一督查组')).toBeNull();
    expect(server.calls.map((c) => c.procedure)).toEqual([
      'user.resetPassword',
      'team.rename',
      'team.list',
    ]);
    expect(server.calls[0]!.input).toEqual({ id: ID(5), password: 'Xinmima2026!' });
  });
});
