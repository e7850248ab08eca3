import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, login, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import type { Caller } from '../sync/sync-test-support';
import { changeNotifier } from './change-notifier';
import { REVIEW_EVENTS_PATH, reviewEventRoutes } from './review-events.routes';
import { startedVisit, type PlanRef } from './review-test-support';

/*
 * Live updates of the review screens: `GET /events/review` sends a bare `changed` hint after a
 * push commits in a plan the caller may review, and nothing for changes outside their scope or
 * in a 四不两直 plan still secret.
 */

let env: TestEnv;
let inspector: Caller;

beforeAll(async () => {
  env = await setupTestEnv();
  inspector = await signedIn(env.deps, 'inspector');
});
afterAll(() => env.cleanup());

/** An open event stream of `username`, collecting the events it receives. */
async function listen(username: string) {
  const { token } = await login(env.deps, username);
  const app = reviewEventRoutes(env.deps, { keepAliveMs: 60_000 });
  const controller = new AbortController();
  const res = await app.request(REVIEW_EVENTS_PATH, {
    headers: { cookie: `ducha_session=${token}` },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = () => [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  /** Reads until `count` events named `name` arrived. */
  async function until(name: string, count: number) {
    while (events().filter((e) => e === name).length < count) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended after ${JSON.stringify(events())}`);
      text += decoder.decode(value, { stream: true });
    }
  }
  await until('ready', 1);
  return {
    until,
    events,
    text: () => text,
    /**
     * Signs the listener out; the next hint finds the session gone and ends the stream, so
     * reading to the end yields every event it was sent (hints are judged in commit order).
     */
    async signOutAndDrain() {
      await (await callerFor(env.deps, { token })).caller.auth.logout();
      changeNotifier(env.deps).publish(['00000000-0000-4000-8000-000000000000']);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return events();
        text += decoder.decode(value, { stream: true });
      }
    },
    close: async () => {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

async function planOf(kind: string): Promise<PlanRef> {
  const plan = (await inspector.plan.list()).find((p) => p.kind === kind);
  expect(plan, kind).toBeDefined();
  return plan!;
}

describe('review events', () => {
  it('refuse a request without a session', async () => {
    const res = await reviewEventRoutes(env.deps).request(REVIEW_EVENTS_PATH);
    expect(res.status).toBe(401);
  });

  it('hint only reviewers whose scope a committed push touched, never of a secret plan', async () => {
    const province = await listen('supervisor'); // scope JN: everything
    const city = await listen('sunwei'); // scope 临江市 (JN.LJ)
    const outsider = await listen('liuyang'); // an inspector of the other team
    const listeners = changeNotifier(env.deps).size;
    expect(listeners).toBeGreaterThanOrEqual(3);

    // A 年中督责 visit of 江南省交通运输厅: the province's, not 临江市's.
    await startedVisit(env, inspector, await planOf('midyear'));
    await province.until('changed', 1);

    // A 四不两直 visit of 青山县 (in 临江市) started: still secret, nobody outside the team hears.
    const secret = await startedVisit(env, inspector, await planOf('unannounced'));
    // Submitted: revealed, both supervisors above 青山县 are told.
    await secret.submit();
    await province.until('changed', 2);
    await city.until('changed', 1);

    // Everything each stream was ever sent: one hint per relevant push, none for the 交通运输厅
    // visit to 临江市's supervisor, none for the secret start to anyone, and no data.
    const cityEvents = await city.signOutAndDrain();
    const provinceEvents = await province.signOutAndDrain();
    expect(await outsider.signOutAndDrain()).toEqual(['ready']);
    expect(cityEvents).toEqual(['ready', 'changed']);
    expect(provinceEvents).toEqual(['ready', 'changed', 'changed']);
    expect(city.text()).not.toContain('青山');
    expect(city.text()).toMatch(/^data: \{\}$/m);

    await province.close();
    await city.close();
    await outsider.close();
    await expect.poll(() => changeNotifier(env.deps).size).toBe(listeners - 3);
  });
});
