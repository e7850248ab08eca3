import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type {
  TemplateContent,
  TemplateSaved,
  TemplateUpdateInput,
  TemplateVersionInfo,
} from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import { jsonb } from '../db/json';
import { auditBy, recordAudit } from '../audit/audit.service';
import { AppError, notFound } from '../trpc/errors';
import type { Actor } from '../user/user.service';
import { insertTemplate, toTemplate, type TemplateBody } from './template.service';

/*
 * Writing templates. A version a plan pins is immutable (the database refuses to change it,
 * migration 0011): an edit of it is stored as the next version. A latest version no plan pins
 * yet is still a draft, and an edit rewrites it in place, so trying out wording does not leave
 * a trail of versions nobody used. Every write is audited.
 */

const bodyOf = (c: TemplateContent): TemplateBody => ({
  sections: c.sections,
  gradeThresholds: c.gradeThresholds,
});

export async function createTemplate(
  deps: AppDeps,
  actor: Actor,
  content: TemplateContent,
  action: 'template.create' | 'template.import' = 'template.create',
): Promise<TemplateSaved> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const template = await insertTemplate(
      tx,
      { ...content, id: randomUUID(), version: 1, createdAt: now.toISOString() },
      actor.user.id,
    );
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action,
      entity: 'template',
      entityId: template.id,
      details: { version: 1, sections: content.sections.length },
    });
    return { template, newVersion: true };
  });
}

async function pinned(db: Database, id: string, version: number): Promise<boolean> {
  const row = await db
    .selectFrom('plans')
    .select('id')
    .where('template_id', '=', id)
    .where('template_version', '=', version)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateTemplate(
  deps: AppDeps,
  actor: Actor,
  input: TemplateUpdateInput,
  action: 'template.update' | 'template.import' = 'template.update',
): Promise<TemplateSaved> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    // Locking the latest version serialises editors, and a plan being created on it (which
    // takes a share lock) either pins it before the check below or after the rewrite.
    const latest = await tx
      .selectFrom('templates')
      .selectAll()
      .where('id', '=', input.id)
      .orderBy('version', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!latest) throw notFound();
    if (latest.version !== input.baseVersion) {
      throw new AppError('CONFLICT', 'template.stale_version', {
        params: { version: latest.version },
      });
    }
    const inPlace = !(await pinned(tx, latest.id, latest.version));
    let saved;
    if (inPlace) {
      const row = await tx
        .updateTable('templates')
        .set({
          title: input.content.title,
          description: input.content.description,
          plan_kinds: jsonb(input.content.planKinds),
          body: jsonb(bodyOf(input.content)),
          created_by: actor.user.id,
          created_at: now,
        })
        .where('id', '=', latest.id)
        .where('version', '=', latest.version)
        .returningAll()
        .executeTakeFirstOrThrow();
      saved = toTemplate(row);
    } else {
      saved = await insertTemplate(
        tx,
        {
          ...input.content,
          id: latest.id,
          version: latest.version + 1,
          createdAt: now.toISOString(),
        },
        actor.user.id,
      );
    }
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action,
      entity: 'template',
      entityId: saved.id,
      details: { version: saved.version, newVersion: !inPlace },
    });
    return { template: saved, newVersion: !inPlace };
  });
}

export async function archiveTemplate(
  deps: AppDeps,
  actor: Actor,
  input: { id: string; archived: boolean },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const exists = await tx
      .selectFrom('templates')
      .select('id')
      .where('id', '=', input.id)
      .limit(1)
      .executeTakeFirst();
    if (!exists) throw notFound();
    if (input.archived) {
      await tx
        .insertInto('template_archives')
        .values({ template_id: input.id, archived_at: now, archived_by: actor.user.id })
        .onConflict((oc) => oc.column('template_id').doNothing())
        .execute();
    } else {
      await tx.deleteFrom('template_archives').where('template_id', '=', input.id).execute();
    }
    await recordAudit(tx, {
      ...auditBy(actor, now),
      action: 'template.archive',
      entity: 'template',
      entityId: input.id,
      details: { archived: input.archived },
    });
  });
}

/** Every version of a template, newest first, with how many plans pin each. */
export async function templateVersions(db: Database, id: string): Promise<TemplateVersionInfo[]> {
  const rows = await db
    .selectFrom('templates as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.version',
      't.title',
      't.body',
      't.created_at',
      'u.display_name',
      (eb) =>
        eb
          .selectFrom('plans as p')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('p.template_id', '=', 't.id')
          .whereRef('p.template_version', '=', 't.version')
          .as('plan_count'),
    ])
    .where('t.id', '=', id)
    .orderBy('t.version', 'desc')
    .execute();
  if (rows.length === 0) throw notFound();
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    itemCount: (r.body as TemplateBody).sections.reduce((n, s) => n + s.items.length, 0),
    createdAt: r.created_at.toISOString(),
    createdByName: r.display_name,
    planCount: Number(r.plan_count ?? 0),
  }));
}
