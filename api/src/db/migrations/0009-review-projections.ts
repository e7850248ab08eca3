import { sql, type Kysely } from 'kysely';

/*
 * A 四不两直 plan's secrecy ends when its visit has happened: `plans.revealed_at` is set when the
 * first visit of the plan is submitted (the unit has seen the team; the supervisors of the region
 * must now see the plan to review it), whatever the plan's status. `sync_plan_open` (0004) gains
 * the rule, so the plans mirror trigger re-stamps the plan and its new viewers pull all of it.
 * The ledger may now refer to findings that exist only as sync records (every finding a phone
 * recorded): `rectification_items.finding_id` loses its foreign key to the seed's `findings`.
 *
 * Read models of the visit data devices sync, for the supervisor's console (review queue,
 * dashboards). The truth stays in `sync_records`; these rows follow it by trigger, in the same
 * transaction as every write, whoever makes it:
 *
 * - `visit_projection`: one row per inspection record (status and its times). `score`,
 *   `max_score` and `grade` are not the trigger's: the API computes them with the shared scoring
 *   when a visit is submitted or approved (they need the template and every answer).
 * - `finding_projection`: one row per finding record, the columns dashboards group by.
 *
 * No foreign keys and tolerant casts: a projection must never refuse a write the sync protocol
 * accepted (a device may name a unit the server deleted since). Deleted records stay as rows
 * with `deleted`, so counts can leave them out and a restore brings them back.
 */
const statements = [
  `ALTER TABLE plans ADD COLUMN revealed_at timestamptz`,
  `CREATE OR REPLACE FUNCTION sync_plan_open(p plans) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT p.confidential OR p.revealed_at IS NOT NULL
      OR p.status NOT IN ('planned', 'in_progress', 'cancelled')
  $$`,
  `ALTER TABLE rectification_items DROP CONSTRAINT IF EXISTS rectification_items_finding_id_fkey`,
  `CREATE FUNCTION sync_uuid(v text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      THEN v::uuid END
  $$`,
  `CREATE FUNCTION sync_time(v text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN v::timestamptz;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END $$`,
  `CREATE FUNCTION sync_num(v text) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
  BEGIN
    RETURN v::numeric;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END $$`,

  `CREATE TABLE visit_projection (
    inspection_id uuid PRIMARY KEY,
    plan_id uuid NOT NULL,
    template_id uuid,
    template_version integer,
    status text NOT NULL,
    started_by uuid,
    started_at timestamptz,
    submitted_at timestamptz,
    submitted_by uuid,
    returned_at timestamptz,
    approved_at timestamptz,
    approved_by uuid,
    score numeric(7,2),
    grade text,
    scored_at timestamptz,
    deleted boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX visit_projection_plan_idx ON visit_projection (plan_id)`,
  `CREATE INDEX visit_projection_queue_idx ON visit_projection (status, submitted_at)
    WHERE NOT deleted`,

  `CREATE TABLE finding_projection (
    finding_id uuid PRIMARY KEY,
    plan_id uuid NOT NULL,
    inspection_id uuid,
    unit_id uuid,
    category text,
    severity text,
    recommended_form text,
    title text NOT NULL DEFAULT '',
    money_involved_yuan numeric(16,2),
    money_recovered_yuan numeric(16,2),
    is_clue boolean NOT NULL DEFAULT false,
    proposed boolean NOT NULL DEFAULT false,
    created_by uuid,
    created_at timestamptz,
    deleted boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX finding_projection_plan_idx ON finding_projection (plan_id)`,
  `CREATE INDEX finding_projection_inspection_idx ON finding_projection (inspection_id)`,
  `CREATE INDEX finding_projection_unit_idx ON finding_projection (unit_id) WHERE NOT deleted`,
  `CREATE INDEX finding_projection_created_idx ON finding_projection (created_at) WHERE NOT deleted`,

  `CREATE FUNCTION sync_project_visit_data() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    f jsonb := NEW.fields;
    rid uuid := sync_uuid(NEW.id);
  BEGIN
    IF rid IS NULL OR NEW.plan_id IS NULL THEN
      RETURN NULL;
    END IF;
    IF NEW.type = 'inspection' THEN
      INSERT INTO visit_projection AS v (inspection_id, plan_id, template_id, template_version,
          status, started_by, started_at, submitted_at, submitted_by, returned_at, approved_at,
          approved_by, deleted, updated_at)
        VALUES (rid, NEW.plan_id, sync_uuid(f->>'templateId'), sync_num(f->>'templateVersion')::integer,
          coalesce(f->>'status', 'draft'), sync_uuid(f->>'startedBy'), sync_time(f->>'startedAt'),
          sync_time(f->>'submittedAt'), sync_uuid(f->>'submittedBy'), sync_time(f->>'returnedAt'),
          sync_time(f->>'approvedAt'), sync_uuid(f->>'approvedBy'), NEW.deleted IS NOT NULL, now())
        ON CONFLICT (inspection_id) DO UPDATE SET
          plan_id = EXCLUDED.plan_id, template_id = EXCLUDED.template_id,
          template_version = EXCLUDED.template_version, status = EXCLUDED.status,
          started_by = EXCLUDED.started_by, started_at = EXCLUDED.started_at,
          submitted_at = EXCLUDED.submitted_at, submitted_by = EXCLUDED.submitted_by,
          returned_at = EXCLUDED.returned_at, approved_at = EXCLUDED.approved_at,
          approved_by = EXCLUDED.approved_by, deleted = EXCLUDED.deleted, updated_at = now();
    ELSIF NEW.type = 'finding' THEN
      INSERT INTO finding_projection AS p (finding_id, plan_id, inspection_id, unit_id, category,
          severity, recommended_form, title, money_involved_yuan, money_recovered_yuan, is_clue,
          proposed, created_by, created_at, deleted, updated_at)
        VALUES (rid, NEW.plan_id, sync_uuid(f->>'inspectionId'), sync_uuid(f->>'unitId'),
          f->>'category', f->>'severity', f->>'recommendedForm', coalesce(f->>'title', ''),
          sync_num(f->>'moneyInvolvedYuan'), sync_num(f->>'moneyRecoveredYuan'),
          coalesce((f->>'isClue')::boolean, false),
          jsonb_typeof(f->'proposedRectification') = 'object',
          sync_uuid(f->>'createdBy'), sync_time(f->>'createdAt'), NEW.deleted IS NOT NULL, now())
        ON CONFLICT (finding_id) DO UPDATE SET
          plan_id = EXCLUDED.plan_id, inspection_id = EXCLUDED.inspection_id,
          unit_id = EXCLUDED.unit_id, category = EXCLUDED.category, severity = EXCLUDED.severity,
          recommended_form = EXCLUDED.recommended_form, title = EXCLUDED.title,
          money_involved_yuan = EXCLUDED.money_involved_yuan,
          money_recovered_yuan = EXCLUDED.money_recovered_yuan, is_clue = EXCLUDED.is_clue,
          proposed = EXCLUDED.proposed, created_by = EXCLUDED.created_by,
          created_at = EXCLUDED.created_at, deleted = EXCLUDED.deleted, updated_at = now();
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_project_visit_data AFTER INSERT OR UPDATE OF fields, deleted, plan_id
    ON sync_records FOR EACH ROW WHEN (NEW.type IN ('inspection', 'finding'))
    EXECUTE FUNCTION sync_project_visit_data()`,
  // Records written before this migration.
  `UPDATE sync_records SET fields = fields WHERE type IN ('inspection', 'finding')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
