import { describe, expect, it } from 'vitest';
import type { ConnectivityManager } from './connectivity.svelte';
import { RemoteActivity, type RemoteActivityDeps } from './remote-activity.svelte';

function deps(online: boolean): RemoteActivityDeps & { reported: boolean[] } {
  const reported: boolean[] = [];
  const connectivity = {
    browserOnline: online,
    reportReachable: (reachable: boolean) => reported.push(reachable),
  } as unknown as ConnectivityManager;
  return { connectivity, locale: () => 'zh-CN', reported };
}

describe('RemoteActivity', () => {
  it('is busy while a request runs, then clears an earlier error and reports the server reachable', async () => {
    const activity = new RemoteActivity();
    activity.fail({
      kind: 'validation',
      messageKey: null,
      message: '文件格式不正确',
      retryAfterSeconds: null,
      issues: [],
    });
    const d = deps(true);
    let release!: () => void;
    const running = activity.run(d, () => new Promise<void>((r) => (release = r)));
    expect(activity.busy).toBe(true);
    release();
    expect(await running).toBeNull();
    expect(activity.busy).toBe(false);
    expect(activity.error).toBeNull();
    expect(d.reported).toEqual([true]);
  });

  it('turns a request that never reached the server into an offline error, and says so', async () => {
    const activity = new RemoteActivity();
    const d = deps(false);
    const failure = await activity.run(d, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(failure?.kind).toBe('offline');
    expect(activity.error).toEqual(failure);
    expect(activity.busy).toBe(false);
    expect(d.reported).toEqual([false]);
  });

  it('shows a refusal of the server in the user language without calling the server unreachable', async () => {
    const activity = new RemoteActivity();
    const d = deps(true);
    const refusal = Object.assign(new Error('forbidden'), {
      data: { code: 'FORBIDDEN', messageKey: 'auth.forbidden' },
    });
    const failure = await activity.run(d, () => Promise.reject(refusal));
    expect(failure?.kind).toBe('forbidden');
    expect(failure?.message).toBe('无权执行此操作');
    expect(d.reported).toEqual([]);
  });
});
