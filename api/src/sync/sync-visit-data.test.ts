import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PlanFollowUp,
  Template,
  templateRecordId,
  type Change,
  type FollowUpTarget,
} from '@ducha/shared';
import { insertTemplate } from '../template/template.service';
import { setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { mutation, pullAll, T, type Caller } from './sync-test-support';

/*
 * The data a phone visit needs, as pull delivers it (migration 0005-visit-data): templates and
 * units to every signed-in device, and on a 回头看 plan the list of what the visit must judge,
 * kept fresh as the ledger, findings and other plans' secrecy change.
 */

let env: TestEnv;
let inspector: Caller;
let sunwei: Caller;
const plan = new Map<string, { id: string; templateId: string; templateVersion: number }>();
const unit = new Map<string, string>();

beforeAll(async () => {
  env = await setupTestEnv();
  inspector = await signedIn(env.deps, 'inspector');
  sunwei = await signedIn(env.deps, 'sunwei');
  for (const p of await inspector.plan.list()) {
    const key = p.kind === 'follow_up' ? 'followUp' : p.kind === 'unannounced' ? 'secret' : null;
    if (key) plan.set(key, p);
    if (p.status === 'done') plan.set('done', p);
  }
  const units = await env.db.selectFrom('units').select(['id', 'code']).execute();
  for (const u of units) unit.set(u.code, u.id);
});
afterAll(() => env.cleanup());

type Upsert = Extract<Change, { op: 'upsert' }>;
const upserts = (changes: Change[], type: string) =>
  changes.filter((c): c is Upsert => c.op === 'upsert' && c.type === type);
const lastUpsert = (changes: Change[], type: string, id: string) =>
  upserts(changes, type)
    .filter((c) => c.id === id)
    .at(-1);

/** A device of `caller` that numbers its mutations and remembers its cursor. */
function device(caller: Caller) {
  const id = randomUUID();
  let next = 1;
  let cursor: string | null = null;
  return {
    async push(name: string, args: unknown) {
      const res = await caller.sync.push({
        deviceId: id,
        mutations: [mutation(next++, name, args)],
      });
      return res.results[0]!;
    },
    async pull(): Promise<Change[]> {
      const out = await pullAll(env, caller, id, cursor);
      cursor = out.cursor;
      return out.changes;
    },
  };
}

describe('reference data', () => {
  it('sends every template version, as template.get reads it, to every signed-in user', async () => {
    const rows = await env.db.selectFrom('templates').select(['id', 'version']).execute();
    for (const caller of [inspector, sunwei]) {
      const templates = upserts(await device(caller).pull(), 'template');
      expect(templates.map((c) => c.id).sort()).toEqual(
        rows.map((r) => templateRecordId(r.id, r.version)).sort(),
      );
      expect(templates.every((c) => c.planId === null)).toBe(true);
    }
    const { templateId: id, templateVersion: version } = plan.get('secret')!;
    const record = lastUpsert(
      await device(inspector).pull(),
      'template',
      templateRecordId(id, version),
    )!;
    expect(record.fields).toEqual(await inspector.template.get({ id, version }));
    expect(() => Template.parse(record.fields)).not.toThrow();
  });

  it('sends every unit with its place in the tree, and a new template version as it is made', async () => {
    const phone = device(sunwei);
    const units = upserts(await phone.pull(), 'unit');
    expect(units).toHaveLength(unit.size);
    const root = units.find((u) => u.id === unit.get('JN'))!;
    const county = units.find((u) => u.id === unit.get('JN.LJ.QS'))!;
    expect(root.fields).toEqual({
      name: '江南省',
      parentId: null,
      kind: 'province',
      code: 'JN',
      path: `/${unit.get('JN')}/`,
      level: 0,
    });
    expect(county.fields).toEqual({
      name: '青山县',
      parentId: unit.get('JN.LJ'),
      kind: 'county',
      code: 'JN.LJ.QS',
      path: `/${unit.get('JN')}/${unit.get('JN.LJ')}/${unit.get('JN.LJ.QS')}/`,
      level: 2,
    });

    const current = await inspector.template.get({ id: plan.get('secret')!.templateId });
    await insertTemplate(
      env.db,
      { ...current, version: current.version + 1, title: `${current.title}（修订）` },
      null,
    );
    const changes = await phone.pull();
    expect(upserts(changes, 'template').map((c) => c.id)).toEqual([
      templateRecordId(current.id, current.version + 1),
    ]);
    expect(upserts(changes, 'unit')).toEqual([]);
  });
});

describe('回头看 targets', () => {
  const itemsOf = (changes: Change[]): FollowUpTarget[] | undefined => {
    const record = lastUpsert(changes, 'plan', plan.get('followUp')!.id);
    return record ? PlanFollowUp.parse(record.fields.followUp).items : undefined;
  };
  const findingArgs = (planId: string, title: string) => ({
    id: randomUUID(),
    planId,
    inspectionId: null,
    itemId: null,
    unitId: unit.get('JN.CZT')!,
    category: 'conduct',
    severity: 'medium',
    title,
    description: '现场发现',
    createdAt: T,
  });

  it('lists the open ledger items and unledgered findings of the target unit', async () => {
    const items = itemsOf(await device(inspector).pull())!;
    const ledger = await env.db
      .selectFrom('rectification_items')
      .select(['id', 'status'])
      .where('responsible_unit_id', '=', unit.get('JN.CZT')!)
      .where('status', '<>', 'closed')
      .execute();
    expect(
      items
        .filter((i) => i.kind === 'rectification')
        .map((i) => i.id)
        .sort(),
    ).toEqual(ledger.map((l) => l.id).sort());
    expect(items.filter((i) => i.kind === 'finding').map((i) => i.title)).toEqual([
      '公务用车使用登记不完整',
    ]);
    // Other plans carry no list.
    const other = lastUpsert(await device(inspector).pull(), 'plan', plan.get('done')!.id)!;
    expect(other.fields.followUp).toBeUndefined();
  });

  it('follows synced findings of other plans, but not those of a plan still secret', async () => {
    const phone = device(inspector);
    await phone.pull();
    const open = findingArgs(plan.get('done')!.id, '食堂账目未公示');
    expect(await phone.push('finding.create', open)).toEqual({ id: 1, status: 'applied' });
    let items = itemsOf(await phone.pull())!;
    expect(items.find((i) => i.id === open.id)).toEqual({
      kind: 'finding',
      id: open.id,
      title: '食堂账目未公示',
      description: '现场发现',
      severity: 'medium',
      category: 'conduct',
      unitId: unit.get('JN.CZT'),
    });
    await phone.push('finding.delete', { id: open.id, baseVersion: null });
    items = itemsOf(await phone.pull())!;
    expect(items.some((i) => i.id === open.id)).toBe(false);

    // The 四不两直 visit is secret until it is carried out: its findings stay out of the list.
    const secret = findingArgs(plan.get('secret')!.id, '暗访发现的问题');
    expect(await phone.push('finding.create', secret)).toMatchObject({ status: 'applied' });
    // No change to the list means no new plan record: the phone keeps the one it had.
    items = itemsOf(await phone.pull()) ?? items;
    expect(items.some((i) => i.id === secret.id)).toBe(false);
    await env.db
      .updateTable('plans')
      .set({ status: 'done' })
      .where('id', '=', plan.get('secret')!.id)
      .execute();
    expect(itemsOf(await phone.pull())!.some((i) => i.id === secret.id)).toBe(true);
  });

  it('drops a ledger item once closed (销号)', async () => {
    const phone = device(inspector);
    const before = itemsOf(await phone.pull())!;
    const target = before.find((i) => i.kind === 'rectification' && i.status === 'reported')!;
    await env.db
      .updateTable('rectification_items')
      .set({ status: 'closed', closed_at: env.deps.clock.now() })
      .where('id', '=', target.id)
      .execute();
    const after = itemsOf(await phone.pull())!;
    expect(after.map((i) => i.id)).toEqual(before.map((i) => i.id).filter((i) => i !== target.id));
  });

  it('reaches only those who may see the 回头看', async () => {
    const changes = await device(sunwei).pull();
    expect(lastUpsert(changes, 'plan', plan.get('followUp')!.id)).toBeUndefined();
  });
});
