import type { FieldConflict } from './field-merge';
import type { MutationResult } from './protocol';
import type { ReferenceDevice } from './reference-device';
import type { MaybePromise, SyncServer } from './reference-server';
import {
  jsonEqual,
  recordKey,
  type JsonValue,
  type RecordFields,
  type SyncEntityType,
  type SyncRecord,
} from './sync-record';

/*
 * What must hold once the network healed and every device synced:
 * 1. every device holds exactly the live records its user may see on the server;
 * 2. every mutation was processed exactly once, and its device knows the result;
 * 3. every value typed by an applied mutation is still there, or kept in a conflict record, or
 *    was replaced or deleted by an applied mutation whose author had seen it on their device;
 *    every rejected mutation is kept, with its reason, on its device.
 */

/** The server as the simulation needs it: the protocol plus read-only introspection. */
export interface SimulationServer extends SyncServer {
  setPlanTeam(planId: string, teamId: string): MaybePromise<void>;
  /** Live records the user may see. */
  visibleRecords(userId: string): MaybePromise<SyncRecord[]>;
  /** Every record, tombstones included. */
  allRecords(): MaybePromise<SyncRecord[]>;
  lastMutationId(deviceId: string): MaybePromise<number>;
  result(deviceId: string, mutationId: number): MaybePromise<MutationResult | undefined>;
  /** How many times the server processed the mutation: exactly once is the requirement. */
  processedCount(deviceId: string, mutationId: number): MaybePromise<number>;
}

/** A value a user typed, by mutation: it must survive or leave a trace. */
export interface Typed {
  d: number;
  mutationId: number;
  type: SyncEntityType;
  id: string;
  field: string;
  value: JsonValue;
}

/**
 * What a mutation overwrites or deletes, and what its author had seen of the record: on screen
 * (pending edits included), and for a delete also as last pulled — the screen may hide that under
 * the author's own pending edit, and the server's `baseVersion` rule counts it as seen. (A patch
 * is judged by its `base`, which is what was on screen.)
 */
export interface Touch {
  d: number;
  mutationId: number;
  key: string;
  fields: readonly string[] | 'delete';
  seen: RecordFields[];
}

export interface SimulationStats {
  mutations: number;
  applied: number;
  rejected: number;
  duplicates: number;
  gaps: number;
  revocations: number;
  /** Records pulled as `own` (fields left out), and pulls made again because one did not match. */
  owned: number;
  ownMismatches: number;
  conflicts: Record<FieldConflict['kind'], number>;
}

export interface SimulationReport {
  violations: string[];
  stats: SimulationStats;
}

export interface InvariantInput {
  server: SimulationServer;
  devices: readonly ReferenceDevice[];
  typed: readonly Typed[];
  touches: readonly Touch[];
  /** Conflict counts are added here. */
  stats: SimulationStats;
}

export async function checkInvariants({
  server,
  devices,
  typed,
  touches,
  stats,
}: InvariantInput): Promise<string[]> {
  const v: string[] = [];
  const records = await server.allRecords();
  const byKeyMap = new Map(records.map((r) => [recordKey(r.type, r.id), r]));
  const conflicts = records
    .filter((r) => r.type === 'conflict')
    .map((r) => r.fields as unknown as FieldConflict);
  for (const c of conflicts) stats.conflicts[c.kind]++;

  const statusOf = new Map<string, MutationResult['status'] | undefined>();
  for (const [d, dev] of devices.entries()) {
    const name = `device ${d}`;
    if (dev.outbox.length > 0)
      v.push(`${name}: ${dev.outbox.length} mutations still in the outbox`);
    const last = await server.lastMutationId(dev.deviceId);
    if (last !== dev.lastMutationId) {
      v.push(`${name}: server processed up to ${last}, device numbered ${dev.lastMutationId}`);
    }
    for (let id = 1; id <= dev.lastMutationId; id++) {
      const count = await server.processedCount(dev.deviceId, id);
      if (count !== 1) v.push(`${name}: mutation ${id} processed ${count} times`);
      const result = await server.result(dev.deviceId, id);
      statusOf.set(`${d}#${id}`, result?.status);
      const seen = dev.settled.get(id);
      if (!seen) v.push(`${name}: never learned the result of mutation ${id}`);
      else if ((seen === 'rejected') !== (result?.status === 'rejected')) {
        v.push(`${name}: mutation ${id} is ${seen} on the device, ${result?.status} on the server`);
      }
      if (result?.status === 'applied') stats.applied++;
      if (result?.status === 'rejected') stats.rejected++;
    }

    // Convergence: the device holds exactly what the server lets its user see.
    const expected = new Map(
      (await server.visibleRecords(dev.userId)).map((r) => [recordKey(r.type, r.id), r]),
    );
    for (const [key, r] of expected) {
      const mine = dev.confirmed.get(key);
      if (!mine) v.push(`${name}: missing ${key}`);
      else if (
        mine.version !== r.version ||
        mine.planId !== r.planId ||
        !jsonEqual(mine.fields, r.fields)
      ) {
        v.push(`${name}: ${key} differs: ${JSON.stringify(mine)} vs ${JSON.stringify(r)}`);
      }
    }
    for (const key of dev.confirmed.keys()) {
      if (!expected.has(key)) v.push(`${name}: holds ${key}, which the server does not show it`);
    }
    const view = dev.view();
    if (view.size !== dev.confirmed.size) v.push(`${name}: view differs from pulled state`);
  }

  // Nothing typed disappears without a trace.
  for (const t of typed) {
    const key = recordKey(t.type, t.id);
    const where = `device ${t.d} mutation ${t.mutationId} ${key}.${t.field}=${JSON.stringify(t.value)}`;
    const status = statusOf.get(`${t.d}#${t.mutationId}`);
    if (status === 'rejected') {
      const kept = devices[t.d]!.rejected.some((r) => r.mutation.id === t.mutationId);
      if (!kept) v.push(`${where}: rejected, but the device lost it`);
      continue;
    }
    const record = byKeyMap.get(key);
    if (record && !record.deleted && jsonEqual(record.fields[t.field], t.value)) continue;
    const inConflict = conflicts.some(
      (c) =>
        c.entity === t.type &&
        c.id === t.id &&
        c.field === t.field &&
        jsonEqual(c.overwrittenValue, t.value),
    );
    if (inConflict) continue;
    const seenBy = touches.some(
      (o) =>
        !(o.d === t.d && o.mutationId === t.mutationId) &&
        statusOf.get(`${o.d}#${o.mutationId}`) === 'applied' &&
        o.key === key &&
        (o.fields === 'delete' || o.fields.includes(t.field)) &&
        o.seen.some((fields) => jsonEqual(fields[t.field], t.value)),
    );
    if (!seenBy) v.push(`${where}: lost without a trace`);
  }
  return v;
}
