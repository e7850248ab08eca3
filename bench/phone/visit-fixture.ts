import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { TemplateInput } from '@ducha/shared';
import { systemClock } from '../../api/src/clock';
import { createPglite, kyselyOverPglite } from '../../api/src/db/database';
import { migrateToLatest } from '../../api/src/db/migrate';
import { seedDemoIfEmpty } from '../../api/src/seed/demo-seed';
import { getTemplate, insertTemplate } from '../../api/src/template/template.service';

export const BIG_PLAN_TITLE = '压测 · 500 项检查表';

/*
 * The demo seed plus one plan of the inspector's team whose checklist has `items` items: the
 * demo's own checklist items (every answer kind it uses) cycled over sections of 50, with fresh
 * ids. Written straight into the PGlite data dir before the API opens it; database triggers
 * mirror the template and the plan into the sync records, as for any other.
 */
export async function prepareBigVisitPlan(dataDir: string, items: number): Promise<string> {
  const db = kyselyOverPglite(await createPglite(path.join(dataDir, 'pglite')));
  try {
    await migrateToLatest(db);
    await seedDemoIfEmpty({ db, clock: systemClock });
    const base = await db
      .selectFrom('plans')
      .innerJoin('team_members', 'team_members.team_id', 'plans.team_id')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .selectAll('plans')
      .where('users.username', '=', 'inspector')
      .where('plans.status', 'in', ['planned', 'in_progress'])
      .where('plans.kind', '<>', 'follow_up')
      .orderBy('plans.window_start')
      .executeTakeFirstOrThrow();
    const source = await getTemplate(db, base.template_id, base.template_version);
    const pool = source.sections.flatMap((s) => s.items);
    const perSection = 50;
    const sections: TemplateInput['sections'] = [];
    for (let s = 0; s * perSection < items; s++) {
      const count = Math.min(perSection, items - s * perSection);
      sections.push({
        id: randomUUID(),
        title: `第${s + 1}部分 · ${source.sections[s % source.sections.length]!.title}`,
        weight: 10,
        items: Array.from({ length: count }, (_, k) => {
          const item = pool[(s * perSection + k) % pool.length]!;
          return { ...item, id: randomUUID(), code: `B${s + 1}-${k + 1}` };
        }),
      });
    }
    const template = await insertTemplate(
      db,
      {
        id: randomUUID(),
        version: 1,
        title: `${source.title}（${items} 项压测版）`,
        description: source.description,
        planKinds: [base.kind],
        sections,
        gradeThresholds: source.gradeThresholds,
        createdAt: new Date().toISOString(),
      },
      null,
    );
    const id = randomUUID();
    await db
      .insertInto('plans')
      .values({
        id,
        title: BIG_PLAN_TITLE,
        kind: base.kind,
        status: 'planned',
        confidential: base.confidential,
        target_unit_id: base.target_unit_id,
        team_id: base.team_id,
        window_start: base.window_start,
        window_end: base.window_end,
        template_id: template.id,
        template_version: template.version,
        description: '',
        follow_up_of_plan_id: null,
        created_by: base.created_by,
      })
      .execute();
    return id;
  } finally {
    await db.destroy();
  }
}
