import { sql, type Kysely } from 'kysely';

/*
 * Planning, templates and 一书双卡 in the console:
 *
 * - `template_archives`: a template (every version) taken out of the choice for new plans. Its
 *   versions stay: plans and visits pin them.
 * - A template version that a plan pins never changes (an edit becomes version n + 1, see
 *   template/template-write.service.ts); the database refuses UPDATE and DELETE of a pinned row,
 *   whoever tries, so a visit always renders and scores against what its plan was given.
 * - `responsibility_books`: a unit's 全面从严治党责任书 for a year, its responsibility and risk
 *   points as one JSON array (always read and saved whole with the book; the 年中督责 checklist
 *   is drafted from them). `version` grows with each save for optimistic concurrency.
 * - An index for the console's plan list, filtered by window.
 */
const statements = [
  `CREATE TABLE template_archives (
    template_id uuid PRIMARY KEY,
    archived_at timestamptz NOT NULL,
    archived_by uuid REFERENCES users(id)
  )`,
  `CREATE FUNCTION templates_pinned_guard() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM plans p
               WHERE p.template_id = OLD.id AND p.template_version = OLD.version) THEN
      RAISE EXCEPTION 'template % version % is pinned by a plan', OLD.id, OLD.version
        USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END $$`,
  `CREATE TRIGGER templates_pinned_guard BEFORE UPDATE OR DELETE ON templates
    FOR EACH ROW EXECUTE FUNCTION templates_pinned_guard()`,

  `CREATE TABLE responsibility_books (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id uuid NOT NULL REFERENCES units(id),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    commitments text NOT NULL DEFAULT '',
    points jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(points) = 'array'),
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by uuid REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users(id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (unit_id, year)
  )`,

  `CREATE INDEX plans_window_idx ON plans (window_start, window_end)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
