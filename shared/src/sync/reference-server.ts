import { sequenceMutation } from './device-sequencer';
import type { ApplyContext, PlanAccess } from './mutation-def';
import { runMutation } from './mutation-registry';
import {
  PullRequest,
  PushRequest,
  SYNC_SCHEMA_VERSION,
  checkSchemaVersion,
  type Change,
  type Mutation,
  type MutationResult,
  type PullOutcome,
  type PullRequestInput,
  type PushOutcome,
} from './protocol';
import { claimDigest, claimsOf, recordDigest } from './record-digest';
import {
  recordKey,
  type RecordFields,
  type RecordView,
  type SyncEntityType,
  type SyncRecord,
} from './sync-record';

/*
 * The reference server: serial (one transaction at a time), so its version counter has none of
 * the commit-order gaps a real PostgreSQL has; README.md ("The server's cursor") explains what
 * the real server does instead.
 */

export type MaybePromise<T> = T | Promise<T>;

/** What a device talks to: the `sync.push` and `sync.pull` procedures for one signed-in user. */
export interface SyncServer {
  push(userId: string, request: PushRequest): MaybePromise<PushOutcome>;
  pull(userId: string, request: PullRequestInput): MaybePromise<PullOutcome>;
}

export interface ModelWorld {
  users: readonly { id: string; teamIds: readonly string[] }[];
  plans: readonly { id: string; teamId: string; fields: RecordFields }[];
  /** Records present before any device syncs (plans excluded: they come from `plans`). */
  records: readonly SyncRecord[];
}

interface DeviceLog {
  userId: string;
  lastMutationId: number;
  results: Map<number, MutationResult>;
}

interface Position {
  version: number;
  /** The last key delivered within `version`; null when the whole version was delivered. */
  key: string | null;
}

const T_BASE = Date.UTC(2026, 2, 1);

/** The model's server clock: one second per version, so times are deterministic. */
export function modelTime(version: number): string {
  return new Date(T_BASE + version * 1000).toISOString();
}

function encodeCursor(p: Position): string {
  return p.key === null ? `m1.${p.version}` : `m1.${p.version}.${encodeURIComponent(p.key)}`;
}

function decodeCursor(cursor: string): Position | null {
  const m = /^m1\.(\d+)(?:\.(.+))?$/.exec(cursor);
  if (!m) return null;
  try {
    return { version: Number(m[1]), key: m[2] === undefined ? null : decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}

function after(version: number, key: string, cursor: Position): boolean {
  if (version !== cursor.version) return version > cursor.version;
  return cursor.key !== null && key > cursor.key;
}

export class ReferenceServer implements SyncServer {
  private version = 1;
  private readonly records = new Map<string, SyncRecord>();
  private readonly devices = new Map<string, DeviceLog>();
  private readonly revocations: { version: number; userId: string; planId: string }[] = [];
  private readonly teamsOf = new Map<string, Set<string>>();
  private readonly planTeam = new Map<string, string>();
  /**
   * Record key → the device every write of it came from; absent or null: someone else wrote it
   * too (another device, the server itself, a conflict it recorded).
   */
  private readonly origins = new Map<string, string | null>();
  /** Record key → whether its copy is what its sole device claimed for its last write of it. */
  private readonly verified = new Map<string, boolean>();
  /** Times each `deviceId#mutationId` was processed (applied or rejected): must end at 1. */
  readonly processed = new Map<string, number>();

  constructor(world: ModelWorld) {
    for (const u of world.users) this.teamsOf.set(u.id, new Set(u.teamIds));
    for (const p of world.plans) {
      this.planTeam.set(p.id, p.teamId);
      this.store({
        type: 'plan',
        id: p.id,
        planId: p.id,
        version: this.version,
        deleted: null,
        fields: { ...p.fields, teamId: p.teamId },
        stamps: {},
      });
    }
    for (const r of world.records) this.store({ ...r, version: this.version });
  }

  private store(record: SyncRecord): void {
    this.records.set(recordKey(record.type, record.id), record);
  }

  private readonly view: RecordView = {
    get: (type, id) => this.records.get(recordKey(type, id)),
  };

  access(userId: string, planId: string): PlanAccess {
    const team = this.planTeam.get(planId);
    return team !== undefined && this.teamsOf.get(userId)?.has(team) ? 'write' : 'none';
  }

  private visibleTo(userId: string, record: SyncRecord): boolean {
    return record.planId === null || this.access(userId, record.planId) !== 'none';
  }

  /** A device id belongs to the first user who syncs with it, and to no one else. */
  private device(deviceId: string, userId: string): DeviceLog | null {
    let log = this.devices.get(deviceId);
    if (!log) {
      log = { userId, lastMutationId: 0, results: new Map() };
      this.devices.set(deviceId, log);
    }
    return log.userId === userId ? log : null;
  }

  push(userId: string, request: PushRequest): PushOutcome {
    const req = PushRequest.parse(request);
    const device = this.device(req.deviceId, userId);
    if (!device) return { ok: false, failure: { messageKey: 'sync.device_mismatch' } };
    for (const m of req.mutations) {
      const check = checkSchemaVersion(m.schemaVersion);
      if (check === 'sync.client_outdated') {
        return { ok: false, failure: { messageKey: check, minSchemaVersion: SYNC_SCHEMA_VERSION } };
      }
      if (check === 'sync.server_outdated') {
        return { ok: false, failure: { messageKey: check, maxSchemaVersion: SYNC_SCHEMA_VERSION } };
      }
    }
    if (sequenceMutation(device.lastMutationId, req.mutations[0]!.id) === 'gap') {
      return {
        ok: false,
        failure: { messageKey: 'sync.mutation_gap', lastMutationId: device.lastMutationId },
      };
    }
    const results: MutationResult[] = [];
    for (const m of req.mutations) {
      if (sequenceMutation(device.lastMutationId, m.id) === 'duplicate') {
        const earlier = device.results.get(m.id);
        results.push(earlier?.status === 'rejected' ? earlier : { id: m.id, status: 'duplicate' });
        continue;
      }
      results.push(this.process(req.deviceId, device, m));
    }
    return { ok: true, value: { lastMutationId: device.lastMutationId, results } };
  }

  /** One transaction: the mutation's writes and the device's new last id, together. */
  private process(deviceId: string, device: DeviceLog, m: Mutation): MutationResult {
    const version = this.version + 1;
    const ctx: ApplyContext = {
      userId: device.userId,
      deviceId,
      mutationId: m.id,
      version,
      at: modelTime(version),
      actedAt: m.clientTime,
      recordConflicts: true,
      access: (planId) => this.access(device.userId, planId),
    };
    const outcome = runMutation(m, this.view, ctx);
    const result: MutationResult =
      outcome.status === 'applied'
        ? { id: m.id, status: 'applied' }
        : { id: m.id, status: 'rejected', reason: outcome.reason };
    if (outcome.status === 'applied' && outcome.writes.length > 0) {
      this.version = version;
      const claims = claimsOf(m, outcome.writes);
      for (const w of outcome.writes) {
        const key = recordKey(w.type, w.id);
        const sole =
          w.type !== 'conflict' && (!this.records.has(key) || this.origins.get(key) === deviceId);
        this.origins.set(key, sole ? deviceId : null);
        this.verified.set(key, claims.get(key) === claimDigest(w.type, w.id, w.planId, w.fields));
        this.store({ ...w, version });
      }
    }
    device.lastMutationId = m.id;
    device.results.set(m.id, result);
    const key = `${deviceId}#${m.id}`;
    this.processed.set(key, (this.processed.get(key) ?? 0) + 1);
    return result;
  }

  pull(userId: string, request: PullRequestInput): PullOutcome {
    const req = PullRequest.parse(request);
    const device = this.device(req.deviceId, userId);
    if (!device) return { ok: false, failure: { messageKey: 'sync.device_mismatch' } };
    const check = checkSchemaVersion(req.schemaVersion);
    if (check === 'sync.client_outdated') {
      return { ok: false, failure: { messageKey: check, minSchemaVersion: SYNC_SCHEMA_VERSION } };
    }
    if (check === 'sync.server_outdated') {
      return { ok: false, failure: { messageKey: check, maxSchemaVersion: SYNC_SCHEMA_VERSION } };
    }
    const from: Position | null =
      req.cursor === null ? { version: 0, key: null } : decodeCursor(req.cursor);
    if (!from || from.version > this.version) {
      return { ok: false, failure: { messageKey: 'sync.cursor_invalid' } };
    }

    const items: { version: number; key: string; change: Change }[] = [];
    for (const [key, r] of this.records) {
      if (!after(r.version, key, from) || !this.visibleTo(userId, r)) continue;
      const own = req.elideOwn && !r.deleted && this.origins.get(key) === req.deviceId;
      const change: Change = r.deleted
        ? { op: 'delete', type: r.type, id: r.id, version: r.version }
        : own
          ? {
              op: 'own',
              type: r.type,
              id: r.id,
              planId: r.planId,
              version: r.version,
              digest: recordDigest(r.planId, r.fields),
              ...(this.verified.get(key) ? { verified: true as const } : {}),
            }
          : {
              op: 'upsert',
              type: r.type,
              id: r.id,
              planId: r.planId,
              version: r.version,
              fields: r.fields,
            };
      items.push({ version: r.version, key, change });
    }
    for (const rv of this.revocations) {
      const key = `~revoked/${rv.planId}`;
      if (rv.userId !== userId || !after(rv.version, key, from)) continue;
      items.push({
        version: rv.version,
        key,
        change: { op: 'revoked', type: 'plan', id: rv.planId },
      });
    }
    items.sort((a, b) => a.version - b.version || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    const page = items.slice(0, req.limit);
    const hasMore = items.length > req.limit;
    const last = page[page.length - 1];
    const cursor =
      hasMore && last
        ? { version: last.version, key: last.key }
        : { version: this.version, key: null };
    return {
      ok: true,
      value: {
        changes: page.map((i) => i.change),
        cursor: encodeCursor(cursor),
        hasMore,
        lastMutationId: device.lastMutationId,
      },
    };
  }

  /**
   * An administrator hands a plan to another team. Users who lose the plan get a revocation; the
   * plan's records are re-versioned so that users who gain it pull all of them, including those
   * written before the cursor they already hold.
   */
  setPlanTeam(planId: string, teamId: string): void {
    const users = [...this.teamsOf.keys()];
    const before = new Set(users.filter((u) => this.access(u, planId) !== 'none'));
    this.planTeam.set(planId, teamId);
    const version = ++this.version;
    const plan = this.records.get(recordKey('plan', planId));
    if (plan) this.store({ ...plan, version, fields: { ...plan.fields, teamId } });
    this.origins.set(recordKey('plan', planId), null);
    let gained = false;
    for (const u of users) {
      const now = this.access(u, planId) !== 'none';
      if (before.has(u) && !now) this.revocations.push({ version, userId: u, planId });
      if (!before.has(u) && now) gained = true;
    }
    if (gained) {
      for (const r of this.records.values()) if (r.planId === planId) this.store({ ...r, version });
    }
  }

  // Introspection for tests and simulations.

  record(type: SyncEntityType, id: string): SyncRecord | undefined {
    return this.records.get(recordKey(type, id));
  }

  allRecords(): SyncRecord[] {
    return [...this.records.values()];
  }

  /** Live records `userId` may see: what each of their devices must hold after a full pull. */
  visibleRecords(userId: string): SyncRecord[] {
    return this.allRecords().filter((r) => !r.deleted && this.visibleTo(userId, r));
  }

  lastMutationId(deviceId: string): number {
    return this.devices.get(deviceId)?.lastMutationId ?? 0;
  }

  result(deviceId: string, mutationId: number): MutationResult | undefined {
    return this.devices.get(deviceId)?.results.get(mutationId);
  }

  processedCount(deviceId: string, mutationId: number): number {
    return this.processed.get(`${deviceId}#${mutationId}`) ?? 0;
  }
}
