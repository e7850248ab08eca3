import {
  ReferenceServer,
  SIM_ITEMS,
  SIM_PLANS,
  SIM_TEAMS,
  SIM_USERS,
  simId,
  simulationWorld,
  type PullOutcome,
  type PullRequestInput,
  type PushOutcome,
  type PushRequest,
} from '@ducha/shared';
import { LocalDb } from '$lib/db/local-db';
import { LocalStore } from './local-store';
import { SyncEngine, type SyncTransport } from './sync-engine';

/** Fixtures for the sync tests: the shared simulation's world, served by the reference server. */

export const USER_1 = SIM_USERS[0];
export const USER_2 = SIM_USERS[1];
export const PLAN_1 = SIM_PLANS[0];
export { SIM_TEAMS };
export const ITEM = SIM_ITEMS[0];
export const INSPECTION_1 = simId(7, 1);
export const FINDING_1 = simId(8, 1);
export const NOTE_1 = simId(9, 1);

export const newServer = () => new ReferenceServer(simulationWorld());

/** A transport straight to the reference server, as the signed-in `userId`. */
export function directTransport(server: ReferenceServer, userId: string): SyncTransport {
  return {
    push: async (req: PushRequest): Promise<PushOutcome> => server.push(userId, req),
    pull: async (req: PullRequestInput): Promise<PullOutcome> => server.pull(userId, req),
  };
}

let dbCount = 0;
let idCount = 0;

export interface TestDevice {
  db: LocalDb;
  store: LocalStore;
  engine: SyncEngine;
  deviceId: string;
}

export async function newDevice(
  userId: string,
  transport: SyncTransport,
  options: { pullLimit?: number; pushLimit?: number } = {},
): Promise<TestDevice> {
  const db = new LocalDb(`${userId}-test-${++dbCount}-${Date.now()}`);
  let clock = Date.UTC(2026, 2, 2, 8, 0, 0);
  const store = new LocalStore(db, {
    userId,
    newId: () => simId(0xde, ++idCount),
    now: () => new Date((clock += 1000)),
  });
  const engine = new SyncEngine({
    userId,
    store,
    transport,
    random: () => 0.5,
    pullLimit: options.pullLimit ?? 500,
    ...(options.pushLimit ? { pushLimit: options.pushLimit } : {}),
  });
  const { deviceId } = await store.state();
  return { db, store, engine, deviceId };
}

export const newRecordId = (n: number) => simId(0xab, n);

/** Arguments of a `note.add` on the shared test inspection. */
export const note = (n: number) => ({
  id: newRecordId(n),
  inspectionId: INSPECTION_1,
  itemId: null,
  text: `记录 ${n}`,
  createdAt: '2026-03-02T08:00:00.000Z',
});

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
