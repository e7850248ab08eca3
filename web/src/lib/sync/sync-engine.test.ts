import 'fake-indexeddb/auto';
import {
  MAX_PUSH_BYTES,
  MAX_PUSH_MUTATIONS,
  type PullRequestInput,
  type PushOutcome,
  type PushRequest,
} from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { SyncStatusManager } from './sync-status.svelte';
import {
  FINDING_1,
  INSPECTION_1,
  ITEM,
  NOTE_1,
  USER_1,
  USER_2,
  directTransport,
  newDevice,
  newRecordId,
  newServer,
  seededRandom,
  type TestDevice,
  note,
} from './sync.test-support';
import type { SyncTransport } from './sync-engine';

describe('push', () => {
  it('sends the outbox in order and clears it once a pull reflects it', async () => {
    const server = newServer();
    const pushes: number[][] = [];
    const direct = directTransport(server, USER_1);
    const d = await newDevice(USER_1, {
      push: (req) => {
        pushes.push(req.mutations.map((m) => m.id));
        return direct.push(req);
      },
      pull: direct.pull,
    });
    await d.engine.syncNow();
    for (let n = 1; n <= 3; n++) await d.store.mutate('note.add', note(n));

    await d.engine.syncNow();

    expect(pushes).toEqual([[1, 2, 3]]);
    expect(server.lastMutationId(d.deviceId)).toBe(3);
    expect(await d.db.outbox.count()).toBe(0);
    expect(server.record('note', newRecordId(2))?.fields.text).toBe('记录 2');
  });

  it('pushes in batches of at most MAX_PUSH_MUTATIONS', async () => {
    const server = newServer();
    const sizes: number[] = [];
    const direct = directTransport(server, USER_1);
    const d = await newDevice(USER_1, {
      push: (req) => {
        sizes.push(req.mutations.length);
        return direct.push(req);
      },
      pull: direct.pull,
    });
    await d.engine.syncNow();
    const total = MAX_PUSH_MUTATIONS + 30;
    for (let n = 1; n <= total; n++) await d.store.mutate('note.add', note(n));
    await d.engine.syncNow();
    expect(sizes).toEqual([MAX_PUSH_MUTATIONS, 30]);
    expect(server.lastMutationId(d.deviceId)).toBe(total);
  });

  it('sends the next push while one is on the wire, but not a much shorter one', async () => {
    const server = newServer();
    const direct = directTransport(server, USER_1);
    const inFlight: number[][] = [];
    /** Per push: the pushes still unanswered when it was sent. */
    const sentBehind: number[][][] = [];
    const d = await newDevice(
      USER_1,
      {
        push: async (req) => {
          const ids = req.mutations.map((m) => m.id);
          sentBehind.push([...inFlight]);
          inFlight.push(ids);
          // On the wire for a while, each longer than the one before: the engine may send
          // another meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 50 * sentBehind.length));
          const out = await direct.push(req);
          inFlight.splice(inFlight.indexOf(ids), 1);
          return out;
        },
        pull: direct.pull,
      },
      { pushLimit: 4 },
    );
    await d.engine.syncNow();
    for (let n = 1; n <= 9; n++) await d.store.mutate('note.add', note(n));
    await d.engine.syncNow();

    // [5–8] goes behind [1–4] (pipelined); [9] alone would overtake [5–8] and come back as a
    // gap, so it waits for its answer.
    expect(sentBehind).toEqual([[], [[1, 2, 3, 4]], []]);
    expect(server.lastMutationId(d.deviceId)).toBe(9);
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('cuts a push of long texts at MAX_PUSH_BYTES, under the server body limit', async () => {
    const server = newServer();
    const bytes: number[] = [];
    const direct = directTransport(server, USER_1);
    const d = await newDevice(USER_1, {
      push: (req) => {
        bytes.push(new TextEncoder().encode(JSON.stringify(req.mutations)).length);
        return direct.push(req);
      },
      pull: direct.pull,
    });
    await d.engine.syncNow();
    // 10,000 characters of Chinese: 30 kB of UTF-8 each, ~25 to a push.
    const text = '检'.repeat(10_000);
    for (let n = 1; n <= 60; n++) await d.store.mutate('note.add', { ...note(n), text });
    await d.engine.syncNow();
    expect(bytes.length).toBeGreaterThanOrEqual(3);
    for (const b of bytes) expect(b).toBeLessThanOrEqual(MAX_PUSH_BYTES);
    expect(server.lastMutationId(d.deviceId)).toBe(60);
  });

  it('resends after a lost response and the server answers duplicate, applied once', async () => {
    const server = newServer();
    const direct = directTransport(server, USER_1);
    let lose = true;
    const statuses: string[] = [];
    const d = await newDevice(USER_1, {
      push: async (req) => {
        const out = await direct.push(req);
        if (out.ok) statuses.push(...out.value.results.map((r) => r.status));
        if (lose) {
          lose = false;
          throw new TypeError('network lost after commit');
        }
        return out;
      },
      pull: direct.pull,
    });
    lose = false;
    await d.engine.syncNow();
    await d.store.mutate('note.add', note(1));
    lose = true;

    await d.engine.syncNow();
    expect((await d.store.state()).lastError).toBe('sync.network_failed');
    expect(await d.store.pendingCount()).toBe(1);
    await d.engine.syncNow();

    expect(statuses).toEqual(['applied', 'duplicate']);
    expect(server.processedCount(d.deviceId, 1)).toBe(1);
    expect(await d.store.pendingCount()).toBe(0);
    expect((await d.store.state()).lastError).toBeNull();
  });

  it('keeps a rejected change with its reason, removes it from the view, and goes on', async () => {
    const server = newServer();
    const a = await newDevice(USER_1, directTransport(server, USER_1));
    const b = await newDevice(USER_2, directTransport(server, USER_2));
    await a.engine.syncNow();
    await b.engine.syncNow();
    // B submits the visit while A, offline, still answers it.
    const submitted = await b.store.mutate('inspection.submit', {
      id: INSPECTION_1,
      submittedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(submitted.ok).toBe(true);
    await b.engine.syncNow();
    expect(server.record('inspection', INSPECTION_1)?.fields.status).toBe('submitted');
    const answered = await a.store.mutate('inspection.answer', {
      inspectionId: INSPECTION_1,
      itemId: ITEM,
      set: { answer: { kind: 'score', value: 8 } },
      base: { answer: null },
    });
    expect(answered.ok).toBe(true);

    await a.engine.syncNow();

    const rejected = await a.store.rejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      id: 1,
      name: 'inspection.answer',
      reason: 'sync.inspection_locked',
    });
    expect(await a.store.get('answer', `${INSPECTION_1}:${ITEM}`)).toBeUndefined();
    expect((await a.store.get('inspection', INSPECTION_1))?.fields.status).not.toBe('draft');
    expect(await a.store.pendingCount()).toBe(0);

    // The queue is not blocked: the next change still goes through… once it is allowed locally.
    const next = await a.store.mutate('finding.update', {
      id: FINDING_1,
      set: { title: '新标题' },
      base: { title: '公务接待超标' },
    });
    expect(next.ok).toBe(true);
    await a.engine.syncNow();
    expect(server.result(a.deviceId, 2)?.status).toBe('applied');
    await a.store.dismissRejected(1);
    expect(await a.store.rejected()).toEqual([]);
  });
});

describe('gap recovery', () => {
  it('resends from the server’s lastMutationId when the server lacks earlier mutations', async () => {
    const server = newServer();
    const direct = directTransport(server, USER_1);
    const firstIds: number[] = [];
    const d = await newDevice(USER_1, {
      push: (req) => {
        firstIds.push(req.mutations[0]!.id);
        return direct.push(req);
      },
      pull: direct.pull,
    });
    await d.engine.syncNow();
    await d.store.mutate('note.add', note(1));
    await d.store.mutate('note.add', note(2));
    // The device believes 1 was applied, but the server never got it (restored from backup).
    await d.db.syncState.update('state', { ackedUpTo: 1 });

    await d.engine.syncNow();

    expect(firstIds).toEqual([2, 1]);
    expect(server.lastMutationId(d.deviceId)).toBe(2);
    expect(server.record('note', newRecordId(1))).toBeDefined();
    expect(await d.store.pendingCount()).toBe(0);
  });
});

describe('status', () => {
  it('shows pending changes, the last success and errors', async () => {
    const server = newServer();
    const direct = directTransport(server, USER_1);
    let offline = false;
    const d = await newDevice(USER_1, {
      push: (req) => (offline ? Promise.reject(new TypeError('offline')) : direct.push(req)),
      pull: (req) => (offline ? Promise.reject(new TypeError('offline')) : direct.pull(req)),
    });
    const status = new SyncStatusManager();
    status.follow(d.engine);
    await d.engine.syncNow();
    expect(status.lastSuccessAt).not.toBeNull();

    offline = true;
    await d.store.mutate('note.add', note(1));
    await d.engine.syncNow();
    expect(status.pending).toBe(1);
    expect(status.error).toBe('sync.network_failed');
    expect(status.synced).toBe(false);

    offline = false;
    await d.engine.syncNow();
    expect(status.pending).toBe(0);
    expect(status.error).toBeNull();
    expect(status.running).toBe(false);
  });
});

/**
 * A network that misbehaves, seeded: drops requests, loses responses after the server
 * committed, delivers duplicates, and replays stale copies of earlier requests later (reordering,
 * as the server sees it).
 */
function faultyTransport(
  inner: SyncTransport,
  random: () => number,
  faults: { count: number },
): SyncTransport {
  const stale: (() => Promise<unknown>)[] = [];
  const deliver = async <Q, R>(send: (q: Q) => Promise<R>, req: Q): Promise<R> => {
    const r = random();
    if (r < 0.5) faults.count++;
    if (stale.length > 0 && random() < 0.3) await stale.shift()!().catch(() => undefined);
    if (r < 0.15) throw new TypeError('request dropped');
    if (r < 0.3) {
      await send(req);
      throw new TypeError('response lost');
    }
    if (r < 0.4) {
      await send(req);
      return send(req);
    }
    if (r < 0.5) stale.push(() => send(structuredClone(req)));
    return send(req);
  };
  return {
    push: (req: PushRequest): Promise<PushOutcome> => deliver(inner.push, req),
    pull: (req: PullRequestInput) => deliver(inner.pull, req),
  };
}

describe('fault injection', () => {
  const runs = 12;
  for (let seed = 1; seed <= runs; seed++) {
    it(`two devices converge with the server (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const server = newServer();
      const healthy = [directTransport(server, USER_1), directTransport(server, USER_2)];
      let faulty = true;
      const devices: TestDevice[] = [];
      const faults = { count: 0 };
      for (const [i, user] of [USER_1, USER_2].entries()) {
        const bad = faultyTransport(healthy[i]!, random, faults);
        devices.push(
          await newDevice(
            user,
            {
              push: (req) => (faulty ? bad.push(req) : healthy[i]!.push(req)),
              pull: (req) => (faulty ? bad.pull(req) : healthy[i]!.pull(req)),
            },
            { pullLimit: 2 },
          ),
        );
      }
      let n = 0;
      const typed: { device: number; mutationId: number }[] = [];
      for (let step = 0; step < 40; step++) {
        const i = random() < 0.5 ? 0 : 1;
        const d = devices[i]!;
        const pick = random();
        let out;
        if (pick < 0.3) {
          out = await d.store.mutate('note.add', note(++n + seed * 1000));
        } else if (pick < 0.5) {
          const current = await d.store.get('finding', FINDING_1);
          if (!current) continue;
          out = await d.store.mutate('finding.update', {
            id: FINDING_1,
            set: { moneyInvolvedYuan: Math.floor(random() * 10_000) },
            base: { moneyInvolvedYuan: current.fields.moneyInvolvedYuan ?? null },
          });
        } else if (pick < 0.65) {
          const current = await d.store.get('note', NOTE_1);
          if (!current) continue;
          out = await d.store.mutate('note.update', {
            id: NOTE_1,
            set: { text: `改 ${step}` },
            base: { text: current.fields.text ?? null },
          });
        } else {
          await d.engine.syncNow();
          continue;
        }
        if (out.ok) typed.push({ device: i, mutationId: out.mutation.id });
      }

      // The network heals; sync until quiet.
      faulty = false;
      for (let round = 0; round < 3; round++) for (const d of devices) await d.engine.syncNow();

      for (const [i, d] of devices.entries()) {
        const user = i === 0 ? USER_1 : USER_2;
        expect(await d.store.pendingCount()).toBe(0);
        const local = (await d.db.records.toArray())
          .filter((r) => !r.deleted)
          .map((r) => ({ type: r.type, id: r.id, fields: r.fields }))
          .sort((x, y) => (x.type + x.id).localeCompare(y.type + y.id));
        const remote = server
          .visibleRecords(user)
          .map((r) => ({ type: r.type, id: r.id, fields: r.fields }))
          .sort((x, y) => (x.type + x.id).localeCompare(y.type + y.id));
        expect(local).toEqual(remote);
      }
      expect(faults.count).toBeGreaterThan(0);
      expect(typed.length).toBeGreaterThan(0);
      for (const t of typed) {
        expect(server.processedCount(devices[t.device]!.deviceId, t.mutationId)).toBe(1);
      }
    });
  }
});
