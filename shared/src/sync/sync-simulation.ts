import type { FieldConflict } from './field-merge';
import {
  SYNC_SCHEMA_VERSION,
  type PullOutcome,
  type PullRequestInput,
  type PushOutcome,
  type PushRequest,
} from './protocol';
import { ReferenceDevice } from './reference-device';
import { ReferenceServer, modelTime, type ModelWorld } from './reference-server';
import {
  answerRecordId,
  recordKey,
  type RecordFields,
  type SyncEntityType,
  type SyncRecord,
} from './sync-record';
import {
  checkInvariants,
  type SimulationReport,
  type SimulationServer,
  type SimulationStats,
  type Touch,
  type Typed,
} from './sync-simulation-invariants';
import {
  SIM_DEVICES,
  SIM_ITEMS,
  SIM_PLANS,
  SIM_TEAMS,
  SIM_TEMPLATE,
  SIM_UNIT,
  simId,
  simulationWorld,
} from './sync-simulation-world';

/*
 * A deterministic simulation of several devices and users syncing through an unreliable network:
 * a scenario is a list of steps (users editing, devices pushing and pulling, the network dropping,
 * losing, duplicating and reordering messages, pages closed, the server restarting, plans
 * reassigned), then quiescence (a clean network until every outbox is empty), then the invariants
 * (sync-simulation-invariants.ts). The steps are data, so a failing scenario is kept as a regression
 * test by its fast-check seed or as the literal list of steps.
 *
 * The server is an interface: the reference model here, the real API over PGlite or PostgreSQL
 * in the API's tests.
 */

export const EDIT_OPS = [
  'inspection.start',
  'inspection.answer',
  'inspection.submit',
  'note.add',
  'note.add.v1',
  'note.update',
  'note.delete',
  'finding.create',
  'finding.update',
  'finding.delete',
  'attachment.attach',
  'conflict.resolve',
  'invalid',
] as const;
export type EditOp = (typeof EDIT_OPS)[number];

export type SimStep =
  /** A user acts on device `d`; `a`, `b`, `c` choose targets and fields. */
  | { t: 'edit'; d: number; op: EditOp; a: number; b: number; c: number }
  /** Device `d` sends a push; `pipeline` sends what follows the pushes still in flight. */
  | { t: 'push'; d: number; pipeline: boolean }
  | { t: 'pull'; d: number; limit: number }
  /**
   * The network takes in-flight request `i` (any one: reordering) and drops it, delivers it,
   * delivers it but loses the response after the server committed, or delivers it twice.
   */
  | { t: 'deliver'; i: number; fate: 'ok' | 'drop' | 'lose' | 'dup' }
  /** In-flight response `i` reaches its device (any one: reordering). */
  | { t: 'respond'; i: number }
  /** Device `d` stops waiting for its in-flight pushes. */
  | { t: 'timeout'; d: number }
  /** The page on device `d` is closed and reopened: responses to it are lost, storage stays. */
  | { t: 'restartDevice'; d: number }
  /** The server restarts: every response not yet delivered is lost; commits are durable. */
  | { t: 'restartServer' }
  | { t: 'reassign'; plan: number; team: number };

interface InFlight {
  d: number;
  epoch: number;
  call: { kind: 'push'; body: PushRequest } | { kind: 'pull'; body: PullRequestInput };
}

type Delivered =
  | { req: InFlight & { call: { kind: 'push' } }; outcome: PushOutcome }
  | { req: InFlight & { call: { kind: 'pull' } }; outcome: PullOutcome };

const PUSH_BATCH = 4;
const DRAIN_PULL_LIMIT = 7;

function byKey(a: SyncRecord, b: SyncRecord): number {
  return a.type === b.type ? (a.id < b.id ? -1 : 1) : a.type < b.type ? -1 : 1;
}

function pick<T>(xs: readonly T[], n: number): T | undefined {
  return xs.length === 0 ? undefined : xs[n % xs.length];
}

export class SyncSimulation {
  readonly devices: ReferenceDevice[];
  private readonly epochs: number[];
  private requests: InFlight[] = [];
  private responses: Delivered[] = [];
  private readonly typed: Typed[] = [];
  private readonly touches: Touch[] = [];
  /** Per device: record key → the record's fields as its screen showed them. */
  private readonly shown = SIM_DEVICES.map(() => new Map<string, RecordFields[]>());
  private seq = 0;
  private clock = 0;
  private readonly stats: SimulationStats = {
    mutations: 0,
    applied: 0,
    rejected: 0,
    duplicates: 0,
    gaps: 0,
    revocations: 0,
    owned: 0,
    ownMismatches: 0,
    conflicts: { concurrent_edit: 0, edit_after_delete: 0, deleted_while_edited: 0 },
  };

  constructor(readonly server: SimulationServer) {
    this.devices = SIM_DEVICES.map((d) => new ReferenceDevice(d.id, d.userId));
    this.epochs = this.devices.map(() => 0);
  }

  async run(steps: readonly SimStep[]): Promise<SimulationReport> {
    // Every phone downloaded its plans before going out (issue 4: "downloading a plan").
    for (const dev of this.devices) await this.pullAll(dev);
    for (const step of steps) await this.step(step);
    await this.quiesce();
    return { violations: await this.check(), stats: this.stats };
  }

  async step(s: SimStep): Promise<void> {
    this.clock++;
    const dev =
      s.t === 'edit' ||
      s.t === 'push' ||
      s.t === 'pull' ||
      s.t === 'timeout' ||
      s.t === 'restartDevice'
        ? this.devices[s.d % this.devices.length]!
        : undefined;
    const d = dev ? this.devices.indexOf(dev) : -1;
    switch (s.t) {
      case 'edit':
        this.edit(d, s.op, s.a, s.b, s.c);
        return;
      case 'push': {
        const body = dev!.pushRequest(PUSH_BATCH, s.pipeline);
        if (body) this.requests.push({ d, epoch: this.epochs[d]!, call: { kind: 'push', body } });
        return;
      }
      case 'pull':
        this.requests.push({
          d,
          epoch: this.epochs[d]!,
          call: { kind: 'pull', body: dev!.pullRequest(s.limit) },
        });
        return;
      case 'deliver':
        await this.deliver(s.i, s.fate);
        return;
      case 'respond':
        this.respond(s.i);
        return;
      case 'timeout':
        dev!.forgetInFlight();
        return;
      case 'restartDevice':
        this.epochs[d]!++;
        dev!.restart();
        return;
      case 'restartServer':
        this.responses = [];
        return;
      case 'reassign':
        await this.server.setPlanTeam(SIM_PLANS[s.plan % 2]!, SIM_TEAMS[s.team % 2]!);
        return;
    }
  }

  private async call(req: InFlight): Promise<Delivered> {
    const userId = this.devices[req.d]!.userId;
    if (req.call.kind === 'push') {
      const outcome = await this.server.push(userId, req.call.body);
      if (!outcome.ok && outcome.failure.messageKey === 'sync.mutation_gap') this.stats.gaps++;
      if (outcome.ok) {
        this.stats.duplicates += outcome.value.results.filter(
          (r) => r.status === 'duplicate',
        ).length;
      }
      return { req: req as Delivered['req'] & { call: { kind: 'push' } }, outcome };
    }
    const outcome = await this.server.pull(userId, req.call.body);
    if (outcome.ok) {
      this.stats.revocations += outcome.value.changes.filter((c) => c.op === 'revoked').length;
      this.stats.owned += outcome.value.changes.filter((c) => c.op === 'own').length;
    }
    return { req: req as InFlight & { call: { kind: 'pull' } }, outcome };
  }

  private async deliver(i: number, fate: 'ok' | 'drop' | 'lose' | 'dup'): Promise<void> {
    if (this.requests.length === 0) return;
    const [req] = this.requests.splice(i % this.requests.length, 1);
    if (!req || fate === 'drop') return;
    const first = await this.call(req);
    if (fate === 'lose') return;
    this.responses.push(first);
    if (fate === 'dup') this.responses.push(await this.call(req));
  }

  private respond(i: number): void {
    if (this.responses.length === 0) return;
    const [res] = this.responses.splice(i % this.responses.length, 1);
    if (!res || res.req.epoch !== this.epochs[res.req.d]) return;
    const dev = this.devices[res.req.d]!;
    if (res.req.call.kind === 'push') dev.receivePush(res.outcome as PushOutcome);
    else dev.receivePull(res.req.call.body, res.outcome as PullOutcome);
  }

  /** The network heals and every device syncs until nothing is pending. */
  async quiesce(): Promise<void> {
    while (this.requests.length > 0) await this.deliver(0, 'ok');
    while (this.responses.length > 0) this.respond(0);
    for (let round = 0; round < 4; round++) {
      for (const dev of this.devices) {
        for (let guard = 0; guard < 1000; guard++) {
          const body = dev.pushRequest(PUSH_BATCH);
          if (!body) break;
          dev.receivePush(await this.server.push(dev.userId, body));
        }
      }
      for (const dev of this.devices) await this.pullAll(dev);
      if (this.devices.every((dev) => dev.outbox.length === 0)) return;
    }
  }

  private async pullAll(dev: ReferenceDevice): Promise<void> {
    for (let guard = 0; guard < 1000; guard++) {
      const body = dev.pullRequest(DRAIN_PULL_LIMIT);
      const outcome = await this.server.pull(dev.userId, body);
      dev.receivePull(body, outcome);
      if (outcome.ok && !outcome.value.hasMore && !dev.pullPending) return;
    }
  }

  /**
   * What device `d`'s screen has shown of a record before and after each change its user made,
   * plus, for a delete, the record as last pulled (the screen may hide it under the user's own
   * pending edit; the server's `baseVersion` rule counts it as seen). Someone who overwrites or
   * deletes a value they were shown loses nothing they did not know about. Typed values that never
   * showed do not count: the property must catch a screen that hides what was typed.
   */
  private seenBy(
    d: number,
    key: string,
    onScreen: SyncRecord | undefined,
    pulledToo: boolean,
  ): RecordFields[] {
    const pulled = pulledToo ? this.devices[d]!.confirmed.get(key)?.fields : undefined;
    return [...(this.shown[d]!.get(key) ?? []), onScreen?.fields, pulled].filter(
      (f): f is RecordFields => f !== undefined,
    );
  }

  private remember(d: number, key: string, fields: RecordFields | undefined): void {
    if (!fields) return;
    const list = this.shown[d]!.get(key) ?? [];
    list.push(fields);
    this.shown[d]!.set(key, list);
  }

  private newId(d: number): string {
    return simId(0xe0 + d, ++this.seq);
  }

  private text(d: number): string {
    return `设备${d}-记录${++this.seq}`;
  }

  private edit(d: number, op: EditOp, a: number, b: number, c: number): void {
    const dev = this.devices[d]!;
    const view = dev.view();
    const live = (type: SyncEntityType) =>
      [...view.values()].filter((r) => r.type === type && !r.deleted).sort(byKey);
    const now = modelTime(100_000 + this.clock);
    const base = (r: SyncRecord | undefined, fields: RecordFields): RecordFields =>
      Object.fromEntries(Object.keys(fields).map((f) => [f, r?.fields[f] ?? null]));
    const log = (
      mutationId: number,
      type: SyncEntityType,
      id: string,
      typed: RecordFields,
      touched?: { fields: readonly string[] | 'delete'; seen: SyncRecord | undefined },
    ) => {
      this.stats.mutations++;
      for (const [field, value] of Object.entries(typed)) {
        this.typed.push({ d, mutationId, type, id, field, value });
      }
      const key = recordKey(type, id);
      if (touched) {
        this.touches.push({
          d,
          mutationId,
          key,
          fields: touched.fields,
          seen: this.seenBy(d, key, touched.seen, touched.fields === 'delete'),
        });
        this.remember(d, key, touched.seen?.fields);
      }
      // The screen after the change: what the user now sees of the record.
      this.remember(d, key, dev.view().get(key)?.fields);
    };

    switch (op) {
      case 'inspection.start': {
        const plan = pick(live('plan'), a);
        if (!plan) return;
        const id = this.newId(d);
        const r = dev.mutate(
          'inspection.start',
          { id, planId: plan.id, templateId: SIM_TEMPLATE, templateVersion: 1, startedAt: now },
          now,
        );
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'inspection', id, {});
        return;
      }
      case 'inspection.answer': {
        const inspection = pick(live('inspection'), a);
        if (!inspection) return;
        const itemId = SIM_ITEMS[b % SIM_ITEMS.length]!;
        const id = answerRecordId(inspection.id, itemId);
        const current = view.get(recordKey('answer', id));
        const set: RecordFields = {};
        if (c % 4 === 0 || c % 4 === 3) set.answer = { kind: 'text', value: this.text(d) };
        if (c % 4 === 1 || c % 4 === 3) set.remark = this.text(d);
        if (c % 4 === 2) set.evidence = [(++this.seq).toString(16).padStart(64, '0')];
        const r = dev.mutate(
          'inspection.answer',
          { inspectionId: inspection.id, itemId, set, base: base(current, set) },
          now,
        );
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'answer', id, set, { fields: Object.keys(set), seen: current });
        return;
      }
      case 'inspection.submit': {
        const inspection = pick(live('inspection'), a);
        if (!inspection) return;
        const r = dev.mutate('inspection.submit', { id: inspection.id, submittedAt: now }, now);
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'inspection', inspection.id, {});
        return;
      }
      case 'note.add':
      case 'note.add.v1': {
        const inspection = pick(live('inspection'), a);
        if (!inspection) return;
        const id = this.newId(d);
        const text = this.text(d);
        const r =
          op === 'note.add'
            ? dev.mutate(
                'note.add',
                {
                  id,
                  inspectionId: inspection.id,
                  itemId: b % 2 ? SIM_ITEMS[c % SIM_ITEMS.length]! : null,
                  text,
                  createdAt: now,
                },
                now,
              )
            : dev.enqueueRaw({
                name: 'note.add',
                args: { id, inspectionId: inspection.id, body: text, createdAt: now },
                schemaVersion: 1,
                clientTime: now,
              });
        if (!r.ok) return;
        log(r.mutation.id, 'note', id, { text });
        return;
      }
      case 'note.update': {
        const note = pick(live('note'), a);
        if (!note) return;
        const set: RecordFields = { text: this.text(d) };
        if (b % 3 === 0) set.itemId = SIM_ITEMS[c % SIM_ITEMS.length]!;
        const r = dev.mutate('note.update', { id: note.id, set, base: base(note, set) }, now);
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'note', note.id, { text: set.text! }, { fields: Object.keys(set), seen: note });
        return;
      }
      case 'note.delete':
      case 'finding.delete': {
        const type = op === 'note.delete' ? 'note' : 'finding';
        const target = pick(live(type), a);
        if (!target) return;
        const baseVersion = dev.confirmed.get(recordKey(type, target.id))?.version ?? null;
        const r = dev.mutate(op, { id: target.id, baseVersion }, now);
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, type, target.id, {}, { fields: 'delete', seen: target });
        return;
      }
      case 'finding.create': {
        const plan = pick(live('plan'), a);
        if (!plan) return;
        const inspection =
          b % 2
            ? pick(
                live('inspection').filter((i) => i.planId === plan.id),
                c,
              )
            : undefined;
        const id = this.newId(d);
        const typed = {
          title: this.text(d),
          description: this.text(d),
          moneyInvolvedYuan: ++this.seq,
        };
        const r = dev.mutate(
          'finding.create',
          {
            id,
            planId: plan.id,
            inspectionId: inspection?.id ?? null,
            itemId: null,
            unitId: SIM_UNIT,
            category: 'conduct',
            severity: 'low',
            createdAt: now,
            ...typed,
          },
          now,
        );
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'finding', id, typed);
        return;
      }
      case 'finding.update': {
        const finding = pick(live('finding'), a);
        if (!finding) return;
        const set: RecordFields = {};
        const typed: RecordFields = {};
        if (b % 4 === 0 || b % 4 === 3) set.title = typed.title = this.text(d);
        if (b % 4 === 1) set.description = typed.description = this.text(d);
        if (b % 4 === 2) set.severity = (['low', 'medium', 'high', 'critical'] as const)[c % 4]!;
        if (b % 4 === 3) set.moneyInvolvedYuan = typed.moneyInvolvedYuan = ++this.seq;
        const r = dev.mutate(
          'finding.update',
          { id: finding.id, set, base: base(finding, set) },
          now,
        );
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'finding', finding.id, typed, { fields: Object.keys(set), seen: finding });
        return;
      }
      case 'attachment.attach': {
        const inspection = pick(live('inspection'), a);
        if (!inspection) return;
        const id = this.newId(d);
        const sha256 = (++this.seq).toString(16).padStart(64, 'f');
        const r = dev.mutate(
          'attachment.attach',
          {
            id,
            inspectionId: inspection.id,
            itemId: b % 2 ? SIM_ITEMS[c % SIM_ITEMS.length]! : null,
            sha256,
            fileName: `现场照片${this.seq}.jpg`,
            mimeType: 'image/jpeg',
            size: 1000 + this.seq,
            addedAt: now,
          },
          now,
        );
        if (!r.ok) return;
        const m = r.mutation;
        log(m.id, 'attachment', id, { sha256 });
        return;
      }
      case 'conflict.resolve': {
        const conflict = pick(
          live('conflict').filter((r) => r.fields.resolution === null),
          a,
        );
        if (!conflict) return;
        const action = b % 2 ? 'restore' : 'keep';
        const r = dev.mutate('conflict.resolve', { id: conflict.id, action }, now);
        if (!r.ok) return;
        const m = r.mutation;
        const f = conflict.fields as unknown as FieldConflict;
        const target = view.get(recordKey(f.entity, f.id));
        log(m.id, 'conflict', conflict.id, {});
        if (action === 'restore') {
          this.touches.push({
            d,
            mutationId: m.id,
            key: recordKey(f.entity, f.id),
            fields: [f.field],
            // The conflict card shows the winner the user chose to replace.
            seen: [
              ...this.seenBy(d, recordKey(f.entity, f.id), target, false),
              { [f.field]: f.winnerValue },
            ],
          });
        }
        return;
      }
      case 'invalid': {
        const inspection = pick(live('inspection'), b);
        const bad = [
          { name: 'note.add', args: { id: this.newId(d), inspectionId: inspection?.id, text: '' } },
          { name: 'note.frobnicate', args: {} },
          { name: 'conflict.resolve', args: { id: 'x', action: 'keep' }, schemaVersion: 1 },
        ][a % 3]!;
        dev.enqueueRaw({ schemaVersion: SYNC_SCHEMA_VERSION, clientTime: now, ...bad });
        this.stats.mutations++;
        return;
      }
    }
  }

  /** The invariants after quiescence; each violation is a sentence naming what broke. */
  check(): Promise<string[]> {
    this.stats.ownMismatches = this.devices.reduce((n, d) => n + d.ownMismatches, 0);
    return checkInvariants({
      server: this.server,
      devices: this.devices,
      typed: this.typed,
      touches: this.touches,
      stats: this.stats,
    });
  }
}

/** Runs a scenario against the reference server (or another one) and reports. */
export function runSimulation(
  steps: readonly SimStep[],
  createServer: (world: ModelWorld) => SimulationServer = (w) => new ReferenceServer(w),
): Promise<SimulationReport> {
  return new SyncSimulation(createServer(simulationWorld())).run(steps);
}
