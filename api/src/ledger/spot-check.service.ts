import { sql } from 'kysely';
import {
  drawSample,
  SpotCheckDrawInput,
  SpotCheckPlanInput,
  type PlanManageCreateInput,
  type SpotCheckDetail,
  type SpotCheckPopulation,
  type SpotCheckSampleItem,
  type SpotCheckSummary,
} from '@ducha/shared';
import { auditBy, recordAudit } from '../audit/audit.service';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { jsonb } from '../db/json';
import type { AppDeps } from '../deps';
import { createPlan } from '../plan/plan-manage.service';
import { AppError, notFound } from '../trpc/errors';
import { ledgerVisibleTo } from './ledger-access';
import { ledgerDb } from './ledger.tables';
import type { Actor } from './ledger-write.service';

/*
 * 抽查: the population is every closed item the supervisor sees (the ledger's access rule) under
 * the chosen unit, closed within the period; it is read once, sorted, sampled with the shared
 * seeded algorithm and stored with the draw. A draw belongs to the scope unit it was drawn in:
 * supervisors whose scope holds that unit see it, others get NOT_FOUND.
 */

async function population(
  db: Database,
  user: SessionUser,
  p: SpotCheckPopulation,
): Promise<string[]> {
  const parts = [sql`r.status = 'closed'`, ledgerVisibleTo(db, user)];
  if (p.unitId) {
    parts.push(sql`ru.path like (select fu.path from units fu where fu.id = ${p.unitId}) || '%'`);
  }
  // Closed dates are calendar days in China Standard Time, like deadlines.
  const closedDay = sql`((r.closed_at at time zone 'UTC') + interval '8 hours')::date`;
  if (p.closedFrom) parts.push(sql`${closedDay} >= ${p.closedFrom}::date`);
  if (p.closedTo) parts.push(sql`${closedDay} <= ${p.closedTo}::date`);
  const rows = await sql<{ id: string }>`select r.id from rectification_items r
    join units ru on ru.id = r.responsible_unit_id
    where ${sql.join(parts, sql` and `)} order by r.id`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Draws in scope units the caller's scope holds. */
function drawVisible(user: SessionUser) {
  return sql<boolean>`exists (select 1 from units du join units scope
    on du.path like scope.path || '%'
    where du.id = d.scope_unit_id and scope.id = ${user.scopeUnitId})`;
}

export async function drawSpotCheck(
  deps: AppDeps,
  actor: Actor,
  raw: SpotCheckDrawInput,
): Promise<SpotCheckDetail> {
  const input = SpotCheckDrawInput.parse(raw);
  const user = actor.user;
  if (!user.scopeUnitId) throw notFound();
  const scopeUnitId = input.population.unitId ?? user.scopeUnitId;
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (tx) => {
    const unit = await sql<{ id: string }>`select u.id from units u join units scope
      on u.path like scope.path || '%' where u.id = ${scopeUnitId} and scope.id = ${user.scopeUnitId}`.execute(
      tx,
    );
    if (unit.rows.length === 0) throw notFound();
    const ids = await population(tx, user, input.population);
    if (ids.length === 0) throw new AppError('BAD_REQUEST', 'sampling.empty_population');
    const drawn = drawSample(ids, input.seed, input.ratio);
    const row = await ledgerDb(tx)
      .insertInto('ledger_spot_checks')
      .values({
        seed: input.seed,
        ratio: input.ratio,
        algorithm: drawn.parameters.algorithm,
        scope_unit_id: scopeUnitId,
        population_query: JSON.stringify({ status: 'closed', ...input.population }),
        population: JSON.stringify(ids),
        sample: JSON.stringify(drawn.sample),
        drawn_by: user.id,
        drawn_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'sampling.draw',
      entity: 'ledger_spot_check',
      entityId: row.id,
      details: {
        algorithm: drawn.parameters.algorithm,
        ratio: input.ratio,
        populationSize: ids.length,
        sampleSize: drawn.sample.length,
      },
    });
    return row.id;
  });
  return getSpotCheck(deps.db, user, id);
}

interface DrawRow {
  id: string;
  seed: string;
  ratio: string;
  algorithm: string;
  population_query: Record<string, unknown>;
  population: string[];
  sample: string[];
  follow_up_plan_ids: string[];
  drawn_by: string;
  drawer_name: string;
  drawn_at: Date;
}

function summary(r: DrawRow): SpotCheckSummary {
  const { status: _status, ...population } = r.population_query;
  return {
    id: r.id,
    seed: r.seed,
    ratio: Number(r.ratio),
    algorithm: r.algorithm,
    populationSize: r.population.length,
    sampleSize: r.sample.length,
    population: population as SpotCheckPopulation,
    drawnBy: { id: r.drawn_by, name: r.drawer_name },
    drawnAt: r.drawn_at.toISOString(),
    followUpPlanIds: r.follow_up_plan_ids,
  };
}

const DRAW_COLUMNS = sql`d.id, d.seed, d.ratio, d.algorithm, d.population_query, d.population,
  d.sample, d.follow_up_plan_ids, d.drawn_by, u.display_name as drawer_name, d.drawn_at`;

export async function listSpotChecks(db: Database, user: SessionUser): Promise<SpotCheckSummary[]> {
  if (!user.scopeUnitId) return [];
  const rows = await sql<DrawRow>`select ${DRAW_COLUMNS} from ledger_spot_checks d
    join users u on u.id = d.drawn_by where ${drawVisible(user)}
    order by d.drawn_at desc, d.id limit 200`.execute(db);
  return rows.rows.map(summary);
}

export async function getSpotCheck(
  db: Database,
  user: SessionUser,
  id: string,
): Promise<SpotCheckDetail> {
  if (!user.scopeUnitId) throw notFound();
  const res = await sql<DrawRow>`select ${DRAW_COLUMNS} from ledger_spot_checks d
    join users u on u.id = d.drawn_by where d.id = ${id} and ${drawVisible(user)}`.execute(db);
  const row = res.rows[0];
  if (!row) throw notFound();
  const items =
    row.sample.length === 0
      ? []
      : (
          await sql<{
            id: string;
            title: string;
            status: SpotCheckSampleItem['status'];
            unit_id: string;
            unit_name: string;
            closed_at: Date | null;
          }>`select r.id, r.title, r.status, ru.id as unit_id, ru.name as unit_name, r.closed_at
            from rectification_items r join units ru on ru.id = r.responsible_unit_id
            where r.id in (${sql.join(row.sample)}) and ${ledgerVisibleTo(db, user)}`.execute(db)
        ).rows;
  const byId = new Map(items.map((i) => [i.id, i]));
  const sample: SpotCheckSampleItem[] = [];
  for (const sid of row.sample) {
    const i = byId.get(sid);
    if (!i) continue;
    sample.push({
      id: i.id,
      title: i.title,
      status: i.status,
      responsibleUnit: { id: i.unit_id, name: i.unit_name },
      closedAt: i.closed_at ? i.closed_at.toISOString() : null,
    });
  }
  return { ...summary(row), sample, populationIds: row.population };
}

/**
 * The sample becomes 回头看 plans, one per responsible unit, made by the planning service (its
 * checks of team, template and target apply); the plan lists the sampled items among its targets
 * (migration 0014) and in its description.
 */
export async function spotCheckToPlans(
  deps: AppDeps,
  actor: Actor,
  raw: SpotCheckPlanInput,
): Promise<SpotCheckDetail> {
  const input = SpotCheckPlanInput.parse(raw);
  const draw = await getSpotCheck(deps.db, actor.user, input.id);
  const byUnit = new Map<string, { name: string; titles: string[]; ids: string[] }>();
  for (const item of draw.sample) {
    const entry = byUnit.get(item.responsibleUnit.id) ?? {
      name: item.responsibleUnit.name,
      titles: [],
      ids: [],
    };
    entry.titles.push(item.title);
    entry.ids.push(item.id);
    byUnit.set(item.responsibleUnit.id, entry);
  }
  const planIds: string[] = [];
  for (const [unitId, u] of byUnit) {
    const plan: PlanManageCreateInput = {
      kind: 'follow_up',
      teamId: input.teamId,
      title: `回头看（整改抽查）：${u.name}`.slice(0, 200),
      confidential: false,
      targetUnitId: unitId,
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      templateId: input.templateId,
      description: `抽查种子 ${draw.seed}，抽查事项：\n${u.titles.map((t, i) => `${i + 1}. ${t}`).join('\n')}`,
      followUpOfPlanId: null,
    };
    const created = await createPlan(deps, actor, plan);
    // The items are closed, so a plain 回头看 would not list them: the plan names them, and its
    // mirror (trigger on plans) puts them among the targets the phone judges.
    await deps.db
      .updateTable('plans')
      .set({ follow_up_item_ids: u.ids })
      .where('id', '=', created.id)
      .execute();
    planIds.push(created.id);
  }
  await ledgerDb(deps.db)
    .updateTable('ledger_spot_checks')
    .set({ follow_up_plan_ids: jsonb([...draw.followUpPlanIds, ...planIds]) })
    .where('id', '=', draw.id)
    .execute();
  return getSpotCheck(deps.db, actor.user, draw.id);
}
