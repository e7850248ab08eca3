import { sql } from 'kysely';
import {
  Template,
  type GradeThresholds,
  type TemplateInput,
  type TemplateSection,
  type TemplateSummary,
} from '@ducha/shared';
import type { Database } from '../db/database';
import type { TemplateRow } from '../db/schema';
import { jsonb } from '../db/json';
import { notFound } from '../trpc/errors';

export interface TemplateBody {
  sections: TemplateSection[];
  gradeThresholds: GradeThresholds;
}

export function toTemplate(row: TemplateRow): Template {
  const body = row.body as TemplateBody;
  // Parsed on the way out too: what the database holds must still satisfy the shared schema.
  return Template.parse({
    id: row.id,
    version: row.version,
    title: row.title,
    description: row.description,
    planKinds: row.plan_kinds,
    sections: body.sections,
    gradeThresholds: body.gradeThresholds,
    createdAt: row.created_at.toISOString(),
  });
}

/** The latest version of every template; archived ones only when asked. */
export async function listTemplates(
  db: Database,
  opts: { includeArchived?: boolean } = {},
): Promise<TemplateSummary[]> {
  let query = db
    .selectFrom('templates as t')
    .leftJoin('template_archives as a', 'a.template_id', 't.id')
    .selectAll('t')
    .select('a.archived_at');
  if (!opts.includeArchived) query = query.where('a.archived_at', 'is', null);
  const rows = await query
    .where(({ eb, selectFrom }) =>
      eb(
        't.version',
        '=',
        selectFrom('templates as v')
          .select(sql<number>`max(v.version)`.as('max'))
          .whereRef('v.id', '=', 't.id'),
      ),
    )
    .orderBy('t.title')
    .execute();
  return rows.map((row) => {
    const body = row.body as TemplateBody;
    return {
      id: row.id,
      version: row.version,
      title: row.title,
      description: row.description,
      planKinds: row.plan_kinds,
      sectionCount: body.sections.length,
      itemCount: body.sections.reduce((n, s) => n + s.items.length, 0),
      createdAt: row.created_at.toISOString(),
      archived: row.archived_at !== null,
    };
  });
}

/** One version, or the latest when `version` is omitted. */
export async function getTemplate(db: Database, id: string, version?: number): Promise<Template> {
  let query = db.selectFrom('templates').selectAll().where('id', '=', id);
  query =
    version === undefined
      ? query.orderBy('version', 'desc').limit(1)
      : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return toTemplate(row);
}

/** Stores a template version after validating it against the shared schema. */
export async function insertTemplate(
  db: Database,
  input: TemplateInput,
  createdBy: string | null,
): Promise<Template> {
  const t = Template.parse(input);
  const body: TemplateBody = { sections: t.sections, gradeThresholds: t.gradeThresholds };
  await db
    .insertInto('templates')
    .values({
      id: t.id,
      version: t.version,
      title: t.title,
      description: t.description,
      plan_kinds: jsonb(t.planKinds),
      body: jsonb(body),
      created_by: createdBy,
      created_at: t.createdAt,
    })
    .execute();
  return t;
}
