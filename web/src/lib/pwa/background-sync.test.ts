import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_SYNC_MESSAGE,
  BACKGROUND_SYNC_TAG,
  createBackgroundSync,
  needsBackgroundSync,
  type ServiceWorkerContainerLike,
} from './background-sync';

class FakeContainer implements ServiceWorkerContainerLike {
  readonly tags: string[] = [];
  readonly listeners = new Set<(e: MessageEvent) => void>();
  constructor(private readonly hasSync: boolean) {}
  get ready() {
    return Promise.resolve(
      this.hasSync ? { sync: { register: async (tag: string) => void this.tags.push(tag) } } : {},
    );
  }
  addEventListener(_: 'message', l: (e: MessageEvent) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_: 'message', l: (e: MessageEvent) => void) {
    this.listeners.delete(l);
  }
  /** What the worker does: posts the wake-up with a port and waits for the answer. */
  wake(): Promise<unknown> {
    const channel = new MessageChannel();
    const answer = new Promise((r) => (channel.port1.onmessage = (e) => r(e.data)));
    const event = { data: { type: BACKGROUND_SYNC_MESSAGE }, ports: [channel.port2] };
    for (const l of this.listeners) l(event as unknown as MessageEvent);
    return answer.finally(() => channel.port1.close());
  }
}

describe('background sync, page side', () => {
  it('asks only when changes wait after a failure', () => {
    expect(needsBackgroundSync({ pending: 2, error: 'sync.network_failed' })).toBe(true);
    expect(needsBackgroundSync({ pending: 0, error: 'sync.network_failed' })).toBe(false);
    expect(needsBackgroundSync({ pending: 2, error: null })).toBe(false);
  });

  it('registers the tag where the browser has Background Sync, and is silent elsewhere', async () => {
    const chromium = new FakeContainer(true);
    expect(await createBackgroundSync(chromium).register()).toBe(true);
    expect(chromium.tags).toEqual([BACKGROUND_SYNC_TAG]);
    expect(await createBackgroundSync(new FakeContainer(false)).register()).toBe(false);
    expect(await createBackgroundSync(null).register()).toBe(false);
  });

  it('runs a sync when the worker wakes the page and answers how it went', async () => {
    const c = new FakeContainer(true);
    let runs = 0;
    const off = createBackgroundSync(c).listen(async () => ++runs > 1);
    expect(await c.wake()).toEqual({ ok: false });
    expect(await c.wake()).toEqual({ ok: true });
    off();
    expect(c.listeners.size).toBe(0);
  });
});

/** Loads static/sw-background-sync.js into a fake worker scope. */
function worker(pages: { answer: boolean | null }[]) {
  const handlers = new Map<string, (e: unknown) => void>();
  const posted: unknown[] = [];
  const self = {
    addEventListener: (type: string, fn: (e: unknown) => void) => handlers.set(type, fn),
    clients: {
      matchAll: async () =>
        pages.map((p) => ({
          postMessage: (msg: unknown, [port]: MessagePort[]) => {
            posted.push(msg);
            if (p.answer !== null) port!.postMessage({ ok: p.answer });
            else port!.close();
          },
        })),
    },
  };
  const code = readFileSync(
    new URL('../../../static/sw-background-sync.js', import.meta.url),
    'utf8',
  );
  new Function('self', code)(self);
  const fire = async (tag: string) => {
    let waited: Promise<unknown> | null = null;
    handlers.get('sync')!({ tag, waitUntil: (p: Promise<unknown>) => (waited = p) });
    return waited;
  };
  return { fire, posted };
}

describe('background sync, worker side', () => {
  it('wakes every page and settles when one of them pushed everything', async () => {
    const w = worker([{ answer: false }, { answer: true }]);
    await expect(w.fire(BACKGROUND_SYNC_TAG)).resolves.toBeUndefined();
    expect(w.posted).toEqual([
      { type: BACKGROUND_SYNC_MESSAGE },
      { type: BACKGROUND_SYNC_MESSAGE },
    ]);
  });

  it('fails the event (the browser retries later) when no page got the changes out', async () => {
    const w = worker([{ answer: false }]);
    await expect(w.fire(BACKGROUND_SYNC_TAG)).rejects.toThrow();
  });

  it('ignores other tags and settles when no page is open', async () => {
    expect(await worker([{ answer: false }]).fire('other')).toBeNull();
    await expect(worker([]).fire(BACKGROUND_SYNC_TAG)).resolves.toBeUndefined();
  });
});
