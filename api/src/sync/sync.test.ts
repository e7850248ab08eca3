import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  SYNC_SCHEMA_VERSION,
  claimDigest,
  recordDigest,
  type Change,
  type Mutation,
} from '@ducha/shared';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { awaitPullHorizon } from '../test/pull-horizon';

let env: TestEnv;
type Caller = Awaited<ReturnType<typeof signedIn>>;
let inspector: Caller;
let leader: Caller;
let plan: { id: string; templateId: string; templateVersion: number; teamId: string };

beforeAll(async () => {
  env = await setupTestEnv();
  inspector = await signedIn(env.deps, 'inspector');
  leader = await signedIn(env.deps, 'leader');
  const plans = await inspector.plan.list();
  const p = plans[0]!;
  plan = {
    id: p.id,
    templateId: p.templateId,
    templateVersion: p.templateVersion,
    teamId: p.team.id,
  };
});
afterAll(() => env.cleanup());

const T = '2026-03-02T01:00:00.000Z';
function m(id: number, name: string, args: unknown, schemaVersion = SYNC_SCHEMA_VERSION): Mutation {
  return { id, name, args, schemaVersion, clientTime: T };
}
function startVisit(id: number, visitId: string): Mutation {
  return m(id, 'inspection.start', {
    id: visitId,
    planId: plan.id,
    templateId: plan.templateId,
    templateVersion: plan.templateVersion,
    startedAt: T,
  });
}
function addNote(id: number, noteId: string, visitId: string, text: string): Mutation {
  return m(id, 'note.add', { id: noteId, inspectionId: visitId, itemId: null, text, createdAt: T });
}

/** Pulls every page from `cursor`; returns the changes and the final cursor. */
async function pullAll(caller: Caller, deviceId: string, cursor: string | null, limit = 500) {
  await awaitPullHorizon(env.db, env.backend);
  const changes: Change[] = [];
  let lastMutationId = 0;
  for (;;) {
    const page = await caller.sync.pull({ deviceId, cursor, limit, schemaVersion: 2 });
    changes.push(...page.changes);
    cursor = page.cursor;
    lastMutationId = page.lastMutationId;
    if (!page.hasMore) return { changes, cursor, lastMutationId };
  }
}

describe('sync.push', () => {
  it('applies a mutation once and acknowledges a resend without effect', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const first = await inspector.sync.push({
      deviceId: device,
      mutations: [startVisit(1, visit)],
    });
    expect(first).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
    const rows = () =>
      env.db
        .selectFrom('sync_records' as never)
        .selectAll()
        .where('id' as never, '=', visit as never)
        .execute();
    const before = await rows();
    expect(before).toHaveLength(1);

    const again = await inspector.sync.push({
      deviceId: device,
      mutations: [startVisit(1, visit)],
    });
    expect(again).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'duplicate' }] });
    expect(await rows()).toEqual(before);
  });

  it('refuses a gap and processes nothing of that push', async () => {
    const device = randomUUID();
    await inspector.sync.push({ deviceId: device, mutations: [startVisit(1, randomUUID())] });
    const visit = randomUUID();
    const error = await expectAppError(
      inspector.sync.push({ deviceId: device, mutations: [startVisit(3, visit)] }),
      'CONFLICT',
      'sync.mutation_gap',
    );
    expect(error).toMatchObject({ extraData: { lastMutationId: 1 } });
    const pulled = await pullAll(inspector, device, null);
    expect(pulled.changes.some((c) => c.id === visit)).toBe(false);
  });

  it('holds a push that overtook the one before it until that one commits, then applies it', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const note = randomUUID();
    // Push 2 reaches the server first (another connection, a smaller body): it must not be
    // refused as a gap while push 1 is on its way.
    const second = inspector.sync.push({
      deviceId: device,
      mutations: [addNote(2, note, visit, '后发先至的记录')],
    });
    const early = await Promise.race([
      second.then(
        () => 'answered',
        () => 'refused',
      ),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 150)),
    ]);
    expect(early).toBe('waiting');
    const first = await inspector.sync.push({
      deviceId: device,
      mutations: [startVisit(1, visit)],
    });
    expect(first).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
    expect(await second).toEqual({ lastMutationId: 2, results: [{ id: 2, status: 'applied' }] });
    const pulled = await pullAll(inspector, device, null);
    expect(pulled.changes.some((c) => c.id === note)).toBe(true);
  });

  it('records a rejected mutation with its reason and goes on with the next', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const res = await inspector.sync.push({
      deviceId: device,
      mutations: [
        startVisit(1, visit),
        m(2, 'note.add', { id: randomUUID(), inspectionId: visit, itemId: null, text: '' }),
        m(3, 'no.such_mutation', {}),
        addNote(4, randomUUID(), randomUUID(), '不存在的检查'),
        addNote(5, randomUUID(), visit, '食堂账目未公示'),
      ],
    });
    expect(res).toEqual({
      lastMutationId: 5,
      results: [
        { id: 1, status: 'applied' },
        { id: 2, status: 'rejected', reason: 'sync.invalid_args' },
        { id: 3, status: 'rejected', reason: 'sync.unknown_mutation' },
        { id: 4, status: 'rejected', reason: 'common.not_found' },
        { id: 5, status: 'applied' },
      ],
    });
    // A device that lost that response learns the reason again.
    const resent = await inspector.sync.push({
      deviceId: device,
      mutations: [m(2, 'note.add', {}), m(3, 'x.y', {})],
    });
    expect(resent.results).toEqual([
      { id: 2, status: 'rejected', reason: 'sync.invalid_args' },
      { id: 3, status: 'rejected', reason: 'sync.unknown_mutation' },
    ]);
  });

  it("refuses a push or pull from another user's device", async () => {
    const device = randomUUID();
    await inspector.sync.push({ deviceId: device, mutations: [startVisit(1, randomUUID())] });
    await expectAppError(
      leader.sync.push({ deviceId: device, mutations: [startVisit(2, randomUUID())] }),
      'FORBIDDEN',
      'sync.device_mismatch',
    );
    await expectAppError(
      leader.sync.pull({ deviceId: device, cursor: null, schemaVersion: 2 }),
      'FORBIDDEN',
      'sync.device_mismatch',
    );
  });

  it('refuses a future schema version as a whole', async () => {
    const device = randomUUID();
    await expectAppError(
      inspector.sync.push({ deviceId: device, mutations: [m(1, 'note.add', {}, 99)] }),
      'SERVICE_UNAVAILABLE',
      'sync.server_outdated',
    );
  });

  it('rejects writes into a plan the caller may not see, like a missing one', async () => {
    const supervisor = await signedIn(env.deps, 'supervisor');
    const res = await supervisor.sync.push({
      deviceId: randomUUID(),
      mutations: [startVisit(1, randomUUID())],
    });
    expect(res.results[0]).toMatchObject({ status: 'rejected' });
    expect(['common.not_found', 'auth.forbidden']).toContain(res.results[0]!.reason);
  });
});

describe('sync.pull', () => {
  it('pages through every change exactly once, in the order a single page gives', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    await inspector.sync.push({
      deviceId: device,
      mutations: [
        startVisit(1, visit),
        ...[2, 3, 4, 5, 6].map((i) => addNote(i, randomUUID(), visit, `记录 ${i}`)),
      ],
    });
    const whole = await pullAll(inspector, device, null, 1000);
    const paged = await pullAll(inspector, device, null, 2);
    expect(paged.changes).toEqual(whole.changes);
    expect(new Set(whole.changes.map((c) => `${c.type}/${c.id}`)).size).toBe(whole.changes.length);
    expect(
      whole.changes.filter(
        (c) => c.op === 'upsert' && c.type === 'note' && c.fields.inspectionId === visit,
      ),
    ).toHaveLength(5);
    expect(whole.lastMutationId).toBe(6);
    // Nothing new: an empty page, and the cursor stays valid.
    const none = await inspector.sync.pull({
      deviceId: device,
      cursor: whole.cursor,
      schemaVersion: 2,
    });
    expect(none.changes).toEqual([]);
    expect(none.hasMore).toBe(false);
  });

  it('refuses a cursor it did not write', async () => {
    for (const cursor of ['garbage', 'x1.99999999999999', 'x1.1.noslash']) {
      await expectAppError(
        inspector.sync.pull({ deviceId: randomUUID(), cursor, schemaVersion: 2 }),
        'BAD_REQUEST',
        'sync.cursor_invalid',
      );
    }
  });

  it('sends a tombstone for a deleted record', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const note = randomUUID();
    await inspector.sync.push({
      deviceId: device,
      mutations: [startVisit(1, visit), addNote(2, note, visit, '写错了')],
    });
    const before = await pullAll(inspector, device, null);
    await inspector.sync.push({
      deviceId: device,
      mutations: [m(3, 'note.delete', { id: note, baseVersion: null })],
    });
    const after = await pullAll(inspector, device, before.cursor);
    expect(after.changes).toEqual([
      expect.objectContaining({ op: 'delete', type: 'note', id: note }),
    ]);
  });

  it('revokes a plan from a member removed from its team, and only from them', async () => {
    const device = randomUUID();
    const leaderDevice = randomUUID();
    const visit = randomUUID();
    await inspector.sync.push({ deviceId: device, mutations: [startVisit(1, visit)] });
    const mine = await pullAll(inspector, device, null);
    const theirs = await pullAll(leader, leaderDevice, null);
    expect(mine.changes.some((c) => c.type === 'plan' && c.id === plan.id)).toBe(true);

    const admin = await signedIn(env.deps, 'admin');
    const team = (await admin.team.list()).find((t) => t.id === plan.teamId)!;
    const members = team.members.map((x) => x.id);
    const me = (await inspector.auth.me())!.id;
    const leaderId = team.leaderId;
    await admin.team.setMembers({
      teamId: plan.teamId,
      memberIds: members.filter((id) => id !== me),
      leaderId,
    });
    const inspectorAfter = await signedIn(env.deps, 'inspector');
    const lost = await pullAll(inspectorAfter, device, mine.cursor);
    expect(lost.changes).toContainEqual({ op: 'revoked', type: 'plan', id: plan.id });
    // Nothing of the lost plan comes from a full resync either.
    const fresh = await pullAll(inspectorAfter, randomUUID(), null);
    expect(fresh.changes.some((c) => c.op === 'upsert' && c.planId === plan.id)).toBe(false);
    const kept = await pullAll(leader, leaderDevice, theirs.cursor);
    expect(kept.changes.some((c) => c.op === 'revoked')).toBe(false);

    // Back on the team: every record of the plan comes again, older than the cursor or not.
    await admin.team.setMembers({ teamId: plan.teamId, memberIds: members, leaderId });
    const regained = await pullAll(await signedIn(env.deps, 'inspector'), device, lost.cursor);
    expect(regained.changes).toContainEqual(expect.objectContaining({ op: 'upsert', id: visit }));
    expect(regained.changes).toContainEqual(expect.objectContaining({ op: 'upsert', id: plan.id }));
  });
});

describe('sync.pull with elideOwn', () => {
  it('sends a device back only the digest of what it alone wrote, and whole once anyone else writes', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const note = randomUUID();
    const { cursor } = await pullAll(inspector, device, null);
    await inspector.sync.push({
      deviceId: device,
      mutations: [startVisit(1, visit), addNote(2, note, visit, '现场记录')],
    });
    await awaitPullHorizon(env.db, env.backend);
    const own = await inspector.sync.pull({
      deviceId: device,
      cursor,
      schemaVersion: 2,
      elideOwn: true,
    });
    const mine = own.changes.filter((c) => c.id === note || c.id === visit);
    expect(mine.map((c) => c.op)).toEqual(['own', 'own']);
    const noteChange = mine.find((c) => c.id === note)!;
    expect(noteChange).toEqual({
      op: 'own',
      type: 'note',
      id: note,
      planId: plan.id,
      version: expect.any(Number),
      digest: recordDigest(plan.id, {
        inspectionId: visit,
        itemId: null,
        text: '现场记录',
        createdBy: (await inspector.auth.me())!.id,
        createdAt: T,
      }),
    });
    // Without elideOwn, or for another device, the same records come whole.
    const whole = await inspector.sync.pull({ deviceId: device, cursor, schemaVersion: 2 });
    expect(whole.changes.filter((c) => c.id === note).map((c) => c.op)).toEqual(['upsert']);
    const other = await pullAll(leader, randomUUID(), cursor);
    expect(other.changes.filter((c) => c.id === note).map((c) => c.op)).toEqual(['upsert']);

    // A teammate edits the note: from then on it is no longer the device's alone.
    const mate = randomUUID();
    await leader.sync.push({
      deviceId: mate,
      mutations: [
        m(1, 'note.update', { id: note, set: { text: '组长补充' }, base: { text: '现场记录' } }),
      ],
    });
    await awaitPullHorizon(env.db, env.backend);
    const after = await inspector.sync.pull({
      deviceId: device,
      cursor: own.cursor,
      schemaVersion: 2,
      elideOwn: true,
    });
    const edited = after.changes.find((c) => c.id === note);
    expect(edited).toMatchObject({ op: 'upsert', fields: { text: '组长补充' } });
  });

  it('marks an own record verified only when its last write is what the device claimed', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const [right, wrong, unclaimed, later] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const me = (await inspector.auth.me())!.id;
    const claim = (id: string, text: string) =>
      claimDigest('note', id, plan.id, {
        inspectionId: visit,
        itemId: null,
        text,
        createdBy: me,
        createdAt: T,
      });
    const { cursor } = await pullAll(inspector, device, null);
    await inspector.sync.push({
      deviceId: device,
      mutations: [
        startVisit(1, visit),
        { ...addNote(2, right, visit, '记录一'), digests: [claim(right, '记录一')] },
        // The device believes it wrote other text: its copy is not the server's.
        { ...addNote(3, wrong, visit, '记录二'), digests: [claim(wrong, '别的内容')] },
        addNote(4, unclaimed, visit, '记录三'),
        { ...addNote(5, later, visit, '记录四'), digests: [claim(later, '记录四')] },
        // The last write of `later` claims nothing: the earlier claim no longer says anything.
        m(6, 'note.update', { id: later, set: { text: '改过' }, base: { text: '记录四' } }),
      ],
    });
    await awaitPullHorizon(env.db, env.backend);
    const page = await inspector.sync.pull({
      deviceId: device,
      cursor,
      schemaVersion: 2,
      elideOwn: true,
    });
    const verified = (id: string) => {
      const c = page.changes.find((x) => x.id === id);
      expect(c?.op).toBe('own');
      return c?.op === 'own' && c.verified === true;
    };
    expect(verified(right)).toBe(true);
    expect(verified(wrong)).toBe(false);
    expect(verified(unclaimed)).toBe(false);
    expect(verified(later)).toBe(false);
    expect(verified(visit)).toBe(false);
    // Claims that do not pair up with the writes one for one are not trusted at all.
    const extra = randomUUID();
    await inspector.sync.push({
      deviceId: device,
      mutations: [
        {
          ...addNote(7, extra, visit, '记录五'),
          digests: [claim(extra, '记录五'), claim(extra, '记录五')],
        },
      ],
    });
    await awaitPullHorizon(env.db, env.backend);
    const next = await inspector.sync.pull({
      deviceId: device,
      cursor: page.cursor,
      schemaVersion: 2,
      elideOwn: true,
    });
    expect(next.changes.find((c) => c.id === extra)).toMatchObject({ op: 'own' });
    expect(next.changes.find((c) => c.id === extra)).not.toHaveProperty('verified');
  });

  it('sends a record whole once the server itself changed it without a digest', async () => {
    const device = randomUUID();
    const visit = randomUUID();
    const { cursor } = await pullAll(inspector, device, null);
    await inspector.sync.push({ deviceId: device, mutations: [startVisit(1, visit)] });
    // A server-side write that does not go through sync.push (a trigger, a future service).
    await env.db
      .updateTable('sync_records' as never)
      .set({ fields: sql`fields || '{"status": "submitted"}'::jsonb` } as never)
      .where('id' as never, '=', visit as never)
      .execute();
    await awaitPullHorizon(env.db, env.backend);
    const page = await inspector.sync.pull({
      deviceId: device,
      cursor,
      schemaVersion: 2,
      elideOwn: true,
    });
    expect(page.changes.find((c) => c.id === visit)).toMatchObject({
      op: 'upsert',
      fields: { status: 'submitted' },
    });
  });
});
