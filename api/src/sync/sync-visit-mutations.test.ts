import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LedgerHistoryEntry,
  PlanFollowUp,
  RectificationItem,
  TemplateSection,
  verdictRecordId,
  type TemplateItem,
  type Change,
} from '@ducha/shared';
import { jsonb } from '../db/json';
import { expectAppError, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { awaitPullHorizon } from '../test/pull-horizon';
import { mutation, pullAll, T, type Caller } from './sync-test-support';

/*
 * The visit mutations whose effect reaches beyond their records or whose right is not plain
 * write access: a 回头看 verdict of 反弹 reopens the ledger item in the same transaction, a
 * reviewer returns a submitted visit, and a signed 约谈 record is final.
 */

let env: TestEnv;
const caller = new Map<string, Caller>();
const planOf = new Map<string, { id: string; templateId: string; templateVersion: number }>();

beforeAll(async () => {
  env = await setupTestEnv();
  for (const name of ['inspector', 'leader', 'chenjing', 'supervisor', 'sunwei', 'admin']) {
    caller.set(name, await signedIn(env.deps, name));
  }
  for (const p of await caller.get('inspector')!.plan.list()) {
    if (p.kind === 'follow_up') planOf.set('followUp', p);
    if (p.kind === 'midyear' && p.status === 'in_progress') planOf.set('midyear', p);
    if (p.kind === 'talk') planOf.set('talk', p);
  }
});
afterAll(() => env.cleanup());

async function unitOfPlan(planId: string): Promise<string> {
  const row = await env.db
    .selectFrom('plans')
    .select('target_unit_id')
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  return row.target_unit_id;
}

/** A device of the named user that numbers its own mutations. */
function device(name: string) {
  const id = randomUUID();
  let next = 1;
  return {
    async push(mutationName: string, args: unknown) {
      const res = await caller.get(name)!.sync.push({
        deviceId: id,
        mutations: [mutation(next++, mutationName, args)],
      });
      return res.results[0]!;
    },
    async pull(): Promise<Change[]> {
      return (await pullAll(env, caller.get(name)!, id, null)).changes;
    },
    /** Several mutations in one push, as a phone sends a morning's offline work. */
    async pushAll(list: [string, unknown][]) {
      const mutations = list.map(([n, args]) => mutation(next++, n, args));
      return (await caller.get(name)!.sync.push({ deviceId: id, mutations })).results;
    },
    /** A whole pull as the app makes it: what this device alone wrote comes as digests. */
    async pullOwn(): Promise<Change[]> {
      await awaitPullHorizon(env.db, env.backend);
      const changes: Change[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page = await caller
          .get(name)!
          .sync.pull({ deviceId: id, cursor, limit: 1000, schemaVersion: 2, elideOwn: true });
        changes.push(...page.changes);
        if (!page.hasMore) return changes;
        cursor = page.cursor;
      }
    },
  };
}

async function startVisit(phone: ReturnType<typeof device>, planKey: string): Promise<string> {
  const plan = planOf.get(planKey)!;
  const id = randomUUID();
  const result = await phone.push('inspection.start', {
    id,
    planId: plan.id,
    templateId: plan.templateId,
    templateVersion: plan.templateVersion,
    startedAt: T,
  });
  expect(result.status).toBe('applied');
  return id;
}

const PHOTO = 'c0'.repeat(32);

/** An answer of the item's own kind. */
function valueFor(item: TemplateItem) {
  switch (item.answerKind) {
    case 'conformity':
      return { kind: 'conformity', value: 'conforms' };
    case 'score':
      return { kind: 'score', value: item.maxScore };
    case 'number':
      return { kind: 'number', value: 1 };
    case 'text':
      return { kind: 'text', value: '已查阅台账' };
    case 'choice':
      return { kind: 'choice', value: item.choices![0]!.value };
  }
}

/** The items of the template a plan's visits are pinned to. */
async function templateItems(planKey: string): Promise<TemplateItem[]> {
  const plan = planOf.get(planKey)!;
  const row = await env.db
    .selectFrom('templates')
    .select('body')
    .where('id', '=', plan.templateId)
    .where('version', '=', plan.templateVersion)
    .executeTakeFirstOrThrow();
  const body = row.body as { sections: unknown };
  return TemplateSection.array()
    .parse(body.sections)
    .flatMap((s) => s.items);
}

/** `inspection.answer` of every item of the visit's template, with a photo where one is needed. */
async function answersOf(visit: string, planKey: string): Promise<[string, unknown][]> {
  return (await templateItems(planKey)).map((item) => [
    'inspection.answer',
    {
      inspectionId: visit,
      itemId: item.id,
      set: { answer: valueFor(item), evidence: item.evidenceRequired ? [PHOTO] : [] },
      base: { answer: null, evidence: null },
    },
  ]);
}

const ledgerItem = (title: string) =>
  env.db
    .selectFrom('rectification_items')
    .selectAll()
    .where('title', '=', title)
    .executeTakeFirstOrThrow();

const verdict = (
  inspectionId: string,
  targetId: string,
  value: string,
  targetKind = 'rectification',
) => ({
  inspectionId,
  targetKind,
  targetId,
  set: { verdict: value, comment: '现场查看：问题依然存在' },
  base: { verdict: null, comment: null },
});

describe('followup.verdict', () => {
  it('reopens a verified ledger item on 反弹, with its history, in the same transaction', async () => {
    const item = await ledgerItem('修订津贴补贴发放审核办法');
    await env.db
      .updateTable('rectification_items')
      .set({ status: 'verified' })
      .where('id', '=', item.id)
      .execute();
    const phone = device('inspector');
    const visit = await startVisit(phone, 'followUp');
    expect(await phone.push('followup.verdict', verdict(visit, item.id, 'relapsed'))).toEqual({
      id: 2,
      status: 'applied',
    });

    const after = await ledgerItem('修订津贴补贴发放审核办法');
    expect(after).toMatchObject({ status: 'reopened', relapse_count: 1, closed_at: null });
    const history = (after.history as unknown[]).map((h) => LedgerHistoryEntry.parse(h));
    expect(history.at(-1)).toMatchObject({
      event: 'follow_up.relapsed',
      from: 'verified',
      to: 'reopened',
      role: 'inspector',
    });
    const { rows } = await sql<{ details: Record<string, unknown> }>`
      select details from audit_events where entity_id = ${item.id}`.execute(env.db);
    expect(rows.map((r) => r.details)).toEqual([
      { event: 'follow_up.relapsed', from: 'verified', to: 'reopened', inspectionId: visit },
    ]);

    // The team pulls the verdict, and the 回头看 list shows the item reopened.
    const changes = await phone.pull();
    const record = changes.find(
      (c) => c.op === 'upsert' && c.id === verdictRecordId(visit, 'rectification', item.id),
    );
    expect(record).toMatchObject({
      type: 'verdict',
      planId: planOf.get('followUp')!.id,
      fields: {
        inspectionId: visit,
        targetKind: 'rectification',
        targetId: item.id,
        verdict: 'relapsed',
        comment: '现场查看：问题依然存在',
      },
    });
    const plan = changes
      .filter((c) => c.op === 'upsert' && c.id === planOf.get('followUp')!.id)
      .at(-1);
    const items = PlanFollowUp.parse(plan?.op === 'upsert' ? plan.fields.followUp : null).items;
    expect(items.find((i) => i.id === item.id)).toMatchObject({ status: 'reopened' });

    // Saying 反弹 again, from another phone of the team, changes nothing more.
    const other = device('chenjing');
    const again = {
      ...verdict(visit, item.id, 'relapsed'),
      base: { verdict: 'relapsed', comment: null },
    };
    expect(await other.push('followup.verdict', again)).toMatchObject({ status: 'applied' });
    expect((await ledgerItem('修订津贴补贴发放审核办法')).history).toHaveLength(history.length);
  });

  it('only records other verdicts: the supervisor acts on them in review', async () => {
    const item = await ledgerItem('开展机关食堂经费专项审计');
    const phone = device('inspector');
    const visit = await startVisit(phone, 'followUp');
    for (const v of ['not_rectified', 'partial', 'rectified']) {
      expect(await phone.push('followup.verdict', verdict(visit, item.id, v))).toMatchObject({
        status: 'applied',
      });
    }
    expect(await ledgerItem('开展机关食堂经费专项审计')).toEqual(item);
  });

  it('refuses a 反弹 on a ledger item outside the visit’s unit, writing nothing', async () => {
    const elsewhere = await env.db
      .insertInto('rectification_items')
      .values({
        title: '另一单位的整改事项',
        measures: '按期整改',
        responsible_unit_id: await unitOfPlan(planOf.get('midyear')!.id),
        responsible_person: '办公室主任',
        kind: 'deadline',
        status: 'closed',
        closed_at: env.deps.clock.now(),
        progress: jsonb([]),
        verifications: jsonb([]),
        history: jsonb([]),
        created_by: (await env.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'supervisor')
          .executeTakeFirstOrThrow())!.id,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    const phone = device('inspector');
    const visit = await startVisit(phone, 'followUp');
    expect(await phone.push('followup.verdict', verdict(visit, elsewhere.id, 'relapsed'))).toEqual({
      id: 2,
      status: 'rejected',
      reason: 'common.not_found',
    });
    expect((await ledgerItem('另一单位的整改事项')).status).toBe('closed');
    const verdicts = (await phone.pull()).filter((c) => c.op === 'upsert' && c.type === 'verdict');
    expect(verdicts.some((c) => c.id.includes(elsewhere.id))).toBe(false);
  });

  it('refuses a verdict in a visit that is not a 回头看', async () => {
    const phone = device('inspector');
    const visit = await startVisit(phone, 'midyear');
    expect(await phone.push('followup.verdict', verdict(visit, randomUUID(), 'rectified'))).toEqual(
      { id: 2, status: 'rejected', reason: 'sync.not_follow_up' },
    );
  });

  it('refuses a 反弹 from someone whose role may not judge the ledger', async () => {
    // An administrator placed on the team writes like a member, but the ledger machine refuses.
    const admin = await env.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const team = await env.db
      .selectFrom('plans')
      .select('team_id')
      .where('id', '=', planOf.get('followUp')!.id)
      .executeTakeFirstOrThrow();
    await env.db
      .insertInto('team_members')
      .values({ team_id: team.team_id, user_id: admin.id })
      .execute();
    const item = await ledgerItem('清退违规发放的津贴补贴');
    // A caller's teams are read when it signs in.
    caller.set('admin-member', await signedIn(env.deps, 'admin'));
    const phone = device('admin-member');
    const visit = await startVisit(phone, 'followUp');
    expect(await phone.push('followup.verdict', verdict(visit, item.id, 'relapsed'))).toEqual({
      id: 2,
      status: 'rejected',
      reason: 'ledger.follow_up_not_allowed',
    });
    expect(await ledgerItem('清退违规发放的津贴补贴')).toEqual(item);
    await env.db.deleteFrom('team_members').where('user_id', '=', admin.id).execute();
  });
});

describe('inspection.return', () => {
  const returnArgs = (id: string) => ({
    id,
    returnedAt: T,
    comments: [{ itemId: null, text: '请补充个别谈话记录' }],
  });

  it('lets a supervisor or the team leader send a submitted visit back, not a team member', async () => {
    const phone = device('inspector');
    const visit = await startVisit(phone, 'midyear');
    const submitted = await phone.pushAll([
      ...(await answersOf(visit, 'midyear')),
      ['inspection.submit', { id: visit, submittedAt: T }],
    ]);
    expect(submitted.at(-1)).toMatchObject({ status: 'applied' });

    const refused = async (name: string, reason: string) =>
      expect(await device(name).push('inspection.return', returnArgs(visit))).toEqual({
        id: 1,
        status: 'rejected',
        reason,
      });
    await refused('inspector', 'auth.forbidden');
    await refused('chenjing', 'auth.forbidden');
    await refused('admin', 'auth.forbidden');
    // A city supervisor does not see a provincial department's plan at all.
    await refused('sunwei', 'common.not_found');

    expect(await device('supervisor').push('inspection.return', returnArgs(visit))).toEqual({
      id: 1,
      status: 'applied',
    });
    const pulled = (await phone.pull()).find((c) => c.op === 'upsert' && c.id === visit);
    const supervisorId = (
      await env.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'supervisor')
        .executeTakeFirstOrThrow()
    ).id;
    expect(pulled).toMatchObject({
      type: 'inspection',
      fields: {
        status: 'returned',
        returnedAt: T,
        returnedBy: supervisorId,
        reviewComments: [{ itemId: null, text: '请补充个别谈话记录', by: supervisorId, at: T }],
      },
    });

    // The team works on it again and resubmits; the leader may send it back too.
    const note = {
      id: randomUUID(),
      inspectionId: visit,
      itemId: null,
      text: '已补充',
      createdAt: T,
    };
    expect(await phone.push('note.add', note)).toMatchObject({ status: 'applied' });
    expect(await phone.push('inspection.submit', { id: visit, submittedAt: T })).toMatchObject({
      status: 'applied',
    });
    expect(await device('leader').push('inspection.return', returnArgs(visit))).toMatchObject({
      status: 'applied',
    });
    expect(await device('leader').push('inspection.return', returnArgs(visit))).toEqual({
      id: 1,
      status: 'rejected',
      reason: 'sync.inspection_not_submitted',
    });
  });
});

describe('inspection.submit', () => {
  const submit = (id: string): [string, unknown] => ['inspection.submit', { id, submittedAt: T }];
  const statusOf = async (visit: string) => {
    const { rows } = await sql<{ status: string }>`
      select fields->>'status' as status from sync_records
      where type = 'inspection' and id = ${visit}`.execute(env.db);
    return rows[0]?.status;
  };

  it('refuses a visit whose required items are unanswered, and leaves it a draft', async () => {
    const phone = device('inspector');
    const visit = await startVisit(phone, 'midyear');
    const answers = await answersOf(visit, 'midyear');
    const required = (await templateItems('midyear')).filter((i) => i.required);
    expect(required.length).toBeGreaterThan(1);
    // Every answer but the last required item's.
    const skipped = required.at(-1)!.id;
    const some = answers.filter(([, a]) => (a as { itemId: string }).itemId !== skipped);
    const results = await phone.pushAll([...some, submit(visit)]);
    expect(results.slice(0, -1).every((r) => r.status === 'applied')).toBe(true);
    expect(results.at(-1)).toEqual({
      id: results.length + 1,
      status: 'rejected',
      reason: 'sync.inspection_incomplete',
    });
    expect(await statusOf(visit)).toBe('draft');
  });

  it('refuses a visit whose required evidence is missing', async () => {
    const phone = device('inspector');
    const visit = await startVisit(phone, 'midyear');
    const items = await templateItems('midyear');
    const needing = items.find((i) => i.evidenceRequired && i.answerKind === 'conformity')!;
    const answers = (await answersOf(visit, 'midyear')).map(([n, a]): [string, unknown] => {
      const args = a as { itemId: string; set: Record<string, unknown> };
      return args.itemId === needing.id
        ? [n, { ...args, set: { ...args.set, evidence: [] } }]
        : [n, a];
    });
    expect((await phone.pushAll([...answers, submit(visit)])).at(-1)).toMatchObject({
      status: 'rejected',
      reason: 'sync.inspection_evidence_missing',
    });
    // The photo added afterwards (an earlier push than the next submit) is what was missing.
    const photo = {
      inspectionId: visit,
      itemId: needing.id,
      set: { evidence: [PHOTO] },
      base: { evidence: [] },
    };
    expect(await phone.push('inspection.answer', photo)).toMatchObject({ status: 'applied' });
    expect(await phone.push('inspection.submit', { id: visit, submittedAt: T })).toMatchObject({
      status: 'applied',
    });
    expect(await statusOf(visit)).toBe('submitted');
  });

  it('counts what the server holds: a teammate’s answers from another phone', async () => {
    const phone = device('inspector');
    const mate = device('chenjing');
    const visit = await startVisit(phone, 'midyear');
    const answers = await answersOf(visit, 'midyear');
    const half = Math.ceil(answers.length / 2);
    expect((await mate.pushAll(answers.slice(0, half))).map((r) => r.status)).toEqual(
      answers.slice(0, half).map(() => 'applied'),
    );
    // The phone has not pulled the mate's answers; the server has them.
    const results = await phone.pushAll([...answers.slice(half), submit(visit)]);
    expect(results.at(-1)).toMatchObject({ status: 'applied' });
    expect(await statusOf(visit)).toBe('submitted');
  });

  it('counts an answer a teammate cleared on the server as missing', async () => {
    const phone = device('inspector');
    const mate = device('chenjing');
    const visit = await startVisit(phone, 'midyear');
    const answers = await answersOf(visit, 'midyear');
    expect((await phone.pushAll(answers)).every((r) => r.status === 'applied')).toBe(true);
    const required = (await templateItems('midyear')).find((i) => i.required)!;
    const cleared = {
      inspectionId: visit,
      itemId: required.id,
      set: { answer: null },
      base: { answer: valueFor(required) },
    };
    expect(await mate.push('inspection.answer', cleared)).toMatchObject({ status: 'applied' });
    expect(await phone.push('inspection.submit', { id: visit, submittedAt: T })).toMatchObject({
      status: 'rejected',
      reason: 'sync.inspection_incomplete',
    });
  });
});

describe('talk', () => {
  it('keeps a 约谈 record editable until signed, then final; the signature can be fetched', async () => {
    const phone = device('inspector');
    const plan = planOf.get('talk')!;
    const talk = randomUUID();
    const signature = 'a1'.repeat(32);
    const create = {
      id: talk,
      planId: plan.id,
      inspectionId: null,
      unitId: await unitOfPlan(plan.id),
      heldAt: T,
      place: '区纪委谈话室',
      participants: [
        { name: '赵某', position: '区委书记', role: 'subject' },
        { name: '李华', position: '检查组组长', role: 'talker' },
      ],
      exchanges: [],
      commitments: [],
      createdAt: T,
    };
    expect(await phone.push('talk.create', create)).toMatchObject({ status: 'applied' });
    // Not before someone asked a question.
    expect(
      await phone.push('talk.sign', { id: talk, signatureSha256: signature, signedAt: T }),
    ).toMatchObject({ status: 'rejected', reason: 'sync.talk_incomplete' });
    const exchanges = [{ question: '对反映的问题如何认识？', answer: '认识不到位，立即整改' }];
    expect(
      await phone.push('talk.update', { id: talk, set: { exchanges }, base: { exchanges: [] } }),
    ).toMatchObject({ status: 'applied' });
    const sign = { id: talk, signatureSha256: signature, signedAt: T };
    expect(await phone.push('talk.sign', sign)).toMatchObject({ status: 'applied' });
    expect(await phone.push('talk.sign', sign)).toMatchObject({ status: 'applied' });
    expect(
      await phone.push('talk.sign', { ...sign, signatureSha256: 'b2'.repeat(32) }),
    ).toMatchObject({ status: 'rejected', reason: 'sync.talk_signed' });
    expect(
      await phone.push('talk.update', { id: talk, set: { place: '改' }, base: { place: null } }),
    ).toMatchObject({ status: 'rejected', reason: 'sync.talk_signed' });

    const record = (await phone.pull()).find((c) => c.op === 'upsert' && c.id === talk);
    expect(record).toMatchObject({
      type: 'talk',
      planId: plan.id,
      fields: { place: '区纪委谈话室', exchanges, signatureSha256: signature, signedAt: T },
    });
    const { rows } = await sql<{ plan_id: string }>`
      select plan_id from file_refs where sha256 = ${signature}`.execute(env.db);
    expect(rows).toEqual([{ plan_id: plan.id }]);
    // No 表态, no ledger item.
    const items = await env.db
      .selectFrom('rectification_items')
      .select('id')
      .where('talk_record_id', '=', talk)
      .execute();
    expect(items).toEqual([]);
  });

  const userId = async (username: string) =>
    (
      await env.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;

  /** A 约谈 in a visit of the talk plan, with two 表态, ready to sign. */
  function talkArgs(inspectionId: string, unitId: string) {
    return {
      id: randomUUID(),
      planId: planOf.get('talk')!.id,
      inspectionId,
      unitId,
      heldAt: T,
      place: '区纪委谈话室',
      participants: [
        { name: '李华', position: '检查组组长', role: 'talker' },
        { name: '陈国栋', position: '区委书记', role: 'subject' },
        { name: '张明', position: '检查员', role: 'recorder' },
      ],
      exchanges: [{ question: '“一岗双责”如何落实？', answer: '分工不够明确，立即整改' }],
      commitments: [
        {
          id: randomUUID(),
          text: '一个月内修订班子成员责任清单\n并报区纪委备案',
          deadline: '2026-04-02',
        },
        { id: randomUUID(), text: '立即召开专题民主生活会' },
      ],
      createdAt: T,
    };
  }
  const signatureOf = () => randomUUID().replaceAll('-', '').repeat(2);
  const itemsOf = (talkId: string) =>
    env.db
      .selectFrom('rectification_items')
      .selectAll()
      .where('talk_record_id', '=', talkId)
      .orderBy('deadline')
      .execute();

  it('turns each 表态 of a signed 约谈 into a ledger item of the talk’s unit, with history and audit', async () => {
    const phone = device('inspector');
    const visit = await startVisit(phone, 'talk');
    const unitId = await unitOfPlan(planOf.get('talk')!.id);
    const args = talkArgs(visit, unitId);
    const signature = signatureOf();
    const note = {
      id: randomUUID(),
      inspectionId: visit,
      itemId: null,
      text: '约谈结束',
      createdAt: T,
    };
    const signedAt = env.clock.now().toISOString();
    // The morning's offline work arrives in one push: the talk, its signature, a note.
    const results = await phone.pushAll([
      ['talk.create', args],
      ['talk.sign', { id: args.id, signatureSha256: signature, signedAt: T }],
      ['note.add', note],
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    const items = await itemsOf(args.id);
    const inspector = await userId('inspector');
    expect(items).toHaveLength(2);
    const [withDeadline, immediate] = [
      items.find((i) => i.kind === 'deadline')!,
      items.find((i) => i.kind === 'immediate')!,
    ];
    expect(withDeadline).toMatchObject({
      title: '一个月内修订班子成员责任清单',
      measures: '一个月内修订班子成员责任清单\n并报区纪委备案',
      responsible_unit_id: unitId,
      responsible_person: '陈国栋（区委书记）',
      deadline: '2026-04-02',
      status: 'open',
      finding_id: null,
      created_by: inspector,
      closed_at: null,
    });
    expect(immediate).toMatchObject({ title: '立即召开专题民主生活会', deadline: null });
    for (const item of items) {
      const history = (item.history as unknown[]).map((h) => LedgerHistoryEntry.parse(h));
      expect(history).toEqual([
        {
          event: 'talk.committed',
          from: 'open',
          to: 'open',
          by: inspector,
          role: 'inspector',
          at: signedAt,
          talkRecordId: args.id,
        },
      ]);
    }
    const { rows: audits } = await sql<{ entity_id: string; action: string; details: object }>`
      select entity_id, action, details from audit_events
      where entity_id in (${sql.join(items.map((i) => i.id))})`.execute(env.db);
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => a.entity_id === withDeadline.id)).toEqual({
      entity_id: withDeadline.id,
      action: 'ledger.create',
      details: {
        event: 'talk.committed',
        kind: 'deadline',
        talkRecordId: args.id,
        commitmentId: args.commitments[0]!.id,
        inspectionId: visit,
      },
    });

    // The server's copy of the record names the items, and the signing phone gets it whole
    // (what the phone alone wrote, the note, still comes as a digest).
    const changes = await phone.pullOwn();
    expect(changes.find((c) => c.id === note.id)?.op).toBe('own');
    const talk = changes.find((c) => c.id === args.id);
    expect(talk).toMatchObject({
      op: 'upsert',
      type: 'talk',
      fields: {
        signatureSha256: signature,
        commitments: [
          {
            id: args.commitments[0]!.id,
            deadline: '2026-04-02',
            rectificationItemId: withDeadline.id,
          },
          { id: args.commitments[1]!.id, deadline: null, rectificationItemId: immediate.id },
        ],
      },
    });
    const leaderView = (await device('leader').pull()).find((c) => c.id === args.id);
    expect(leaderView).toEqual(talk);

    // The team reads the items through the API; a supervisor of another city does not see them.
    const read = await caller.get('leader')!.ledger.ofTalk({ talkId: args.id });
    expect(
      RectificationItem.array()
        .parse(read)
        .map((i) => [i.id, i.talkRecordId, i.kind]),
    ).toEqual(
      expect.arrayContaining([
        [withDeadline.id, args.id, 'deadline'],
        [immediate.id, args.id, 'immediate'],
      ]),
    );
    expect(read).toHaveLength(2);
    await expectAppError(
      caller.get('sunwei')!.ledger.ofTalk({ talkId: args.id }),
      'NOT_FOUND',
      'common.not_found',
    );
    await expectAppError(
      caller.get('inspector')!.ledger.ofTalk({ talkId: randomUUID() }),
      'NOT_FOUND',
      'common.not_found',
    );

    // The same signature again, from the leader's phone, adds nothing.
    expect(
      await device('leader').push('talk.sign', {
        id: args.id,
        signatureSha256: signature,
        signedAt: T,
      }),
    ).toMatchObject({ status: 'applied' });
    expect(await itemsOf(args.id)).toEqual(items);
  });

  it('refuses the signature of a 约谈 whose unit is outside the plan’s target, writing nothing', async () => {
    const phone = device('inspector');
    const visit = await startVisit(phone, 'talk');
    const elsewhere = await unitOfPlan(planOf.get('midyear')!.id);
    const args = talkArgs(visit, elsewhere);
    const results = await phone.pushAll([
      ['talk.create', args],
      ['talk.sign', { id: args.id, signatureSha256: signatureOf(), signedAt: T }],
    ]);
    expect(results).toEqual([
      { id: 2, status: 'applied' },
      { id: 3, status: 'rejected', reason: 'common.not_found' },
    ]);
    expect(await itemsOf(args.id)).toEqual([]);
    const talk = (await phone.pullOwn()).find((c) => c.id === args.id);
    // Only the phone wrote it, unsigned: a digest.
    expect(talk?.op).toBe('own');
    const whole = (await phone.pull()).find((c) => c.id === args.id);
    expect(whole).toMatchObject({ op: 'upsert', fields: { signatureSha256: null } });
  });

  it('refuses the signature from someone whose role may not put 表态 on the ledger', async () => {
    const admin = await userId('admin');
    const team = await env.db
      .selectFrom('plans')
      .select('team_id')
      .where('id', '=', planOf.get('talk')!.id)
      .executeTakeFirstOrThrow();
    await env.db
      .insertInto('team_members')
      .values({ team_id: team.team_id, user_id: admin })
      .execute();
    try {
      caller.set('admin-talker', await signedIn(env.deps, 'admin'));
      const phone = device('admin-talker');
      const visit = await startVisit(phone, 'talk');
      const args = talkArgs(visit, await unitOfPlan(planOf.get('talk')!.id));
      const results = await phone.pushAll([
        ['talk.create', args],
        ['talk.sign', { id: args.id, signatureSha256: signatureOf(), signedAt: T }],
      ]);
      expect(results[1]).toEqual({
        id: 3,
        status: 'rejected',
        reason: 'ledger.commitment_not_allowed',
      });
      expect(await itemsOf(args.id)).toEqual([]);
    } finally {
      await env.db.deleteFrom('team_members').where('user_id', '=', admin).execute();
    }
  });
});
