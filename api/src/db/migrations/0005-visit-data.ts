import { sql, type Kysely } from 'kysely';

/*
 * What a phone visit needs offline, in sync (shared/src/sync/README.md, "Visit data"):
 *
 * - Reference data, planId null, which every signed-in device pulls: a `template` record per
 *   template version (id `templateId@version`, the parsed template as `template.get` returns it)
 *   and a `unit` record per unit (name, parent, kind, code, materialised path and depth). Mirrored
 *   by trigger like plans, so whichever service edits a template or a unit, the edit flows.
 * - A 回头看 plan's record carries `followUp.items`: what the visit must judge on site — the open
 *   ledger items of the target unit and the units below it, and earlier findings there without a
 *   ledger item (from the findings table and from synced finding records of other plans). A
 *   finding of a plan still under secrecy is left out: a 回头看 team must not learn of another
 *   team's unannounced visit through it. The list is re-computed whenever the ledger, a finding,
 *   or another plan's secrecy or target changes, while the 回头看 is planned or in progress; once
 *   carried out it keeps what it showed its team (until the plan row itself changes).
 * - Two new record types: `verdict` (a 回头看 judgement) and `talk` (a 约谈 record).
 */
const statements = [
  `ALTER TABLE sync_records DROP CONSTRAINT sync_records_type_check`,
  `ALTER TABLE sync_records ADD CONSTRAINT sync_records_type_check CHECK (type IN
    ('plan','template','unit','inspection','answer','note','finding','attachment','conflict','verdict','talk'))`,
  `CREATE INDEX sync_records_finding_unit_idx ON sync_records ((fields->>'unitId'))
    WHERE type = 'finding'`,
  `CREATE INDEX plans_follow_up_idx ON plans (target_unit_id) WHERE kind = 'follow_up'`,

  // ISO 8601 in UTC with milliseconds, as JavaScript's toISOString() writes it.
  `CREATE FUNCTION sync_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  $$`,

  /* ------------------------------------------------------------ reference data */

  `CREATE FUNCTION sync_upsert_reference(rtype text, rid text, rfields jsonb) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO sync_records (type, id, plan_id, version, fields, xid)
      VALUES (rtype, rid, NULL, nextval('sync_version_seq'), rfields, pg_current_xact_id())
      ON CONFLICT (type, id) DO UPDATE
        SET fields = EXCLUDED.fields, version = EXCLUDED.version, xid = EXCLUDED.xid, deleted = NULL
        WHERE sync_records.fields IS DISTINCT FROM EXCLUDED.fields
           OR sync_records.deleted IS NOT NULL
  $$`,
  // A tombstone written by the server itself: the nil uuid stands for "the system".
  `CREATE FUNCTION sync_delete_reference(rtype text, rid text) RETURNS void LANGUAGE sql AS $$
    UPDATE sync_records SET version = n.v, xid = pg_current_xact_id(),
      deleted = jsonb_build_object(
        'by', '00000000-0000-0000-0000-000000000000',
        'deviceId', '00000000-0000-0000-0000-000000000000',
        'mutationId', 1, 'version', n.v, 'at', sync_iso(now()))
    FROM (SELECT nextval('sync_version_seq') AS v) n
    WHERE type = rtype AND id = rid AND deleted IS NULL
  $$`,
  `CREATE FUNCTION sync_template_fields(t templates) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT t.body || jsonb_build_object(
      'id', t.id, 'version', t.version, 'title', t.title, 'description', t.description,
      'planKinds', t.plan_kinds, 'createdAt', sync_iso(t.created_at))
  $$`,
  `CREATE FUNCTION sync_templates_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR (NEW.id, NEW.version) IS DISTINCT FROM (OLD.id, OLD.version)) THEN
      PERFORM sync_delete_reference('template', OLD.id::text || '@' || OLD.version);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM sync_upsert_reference('template', NEW.id::text || '@' || NEW.version,
        sync_template_fields(NEW));
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_templates_mirror AFTER INSERT OR UPDATE OR DELETE ON templates
    FOR EACH ROW EXECUTE FUNCTION sync_templates_mirror()`,

  `CREATE FUNCTION sync_unit_fields(u units) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
      'name', u.name, 'parentId', u.parent_id, 'kind', u.kind, 'code', u.code, 'path', u.path,
      'level', cardinality(string_to_array(btrim(u.path, '/'), '/')) - 1)
  $$`,
  `CREATE FUNCTION sync_units_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      PERFORM sync_delete_reference('unit', OLD.id::text);
      RETURN NULL;
    END IF;
    PERFORM sync_upsert_reference('unit', NEW.id::text, sync_unit_fields(NEW));
    -- A moved subtree changes which 回头看 covers which unit: rare, so refresh them all.
    IF TG_OP = 'UPDATE' AND NEW.path IS DISTINCT FROM OLD.path THEN
      PERFORM sync_refresh_follow_ups(NULL);
    END IF;
    RETURN NULL;
  END $$`,

  /* ------------------------------------------------------------ 回头看 targets */

  `CREATE FUNCTION sync_follow_up_items(p plans) RETURNS jsonb LANGUAGE sql STABLE AS $$
    WITH scope AS (
      SELECT u.id FROM units target JOIN units u ON u.path LIKE target.path || '%'
      WHERE target.id = p.target_unit_id
    ),
    ledger AS (
      SELECT 0 AS grp, coalesce(r.deadline::text, '9999-12-31') AS k1, r.title AS k2,
        r.id::text AS k3,
        jsonb_build_object(
          'kind', 'rectification', 'id', r.id, 'title', r.title, 'measures', r.measures,
          'status', r.status, 'deadline', r.deadline, 'responsibleUnitId', r.responsible_unit_id,
          'findingId', r.finding_id, 'findingTitle', f.title) AS item
      FROM rectification_items r LEFT JOIN findings f ON f.id = r.finding_id
      WHERE r.status <> 'closed' AND r.responsible_unit_id IN (SELECT id FROM scope)
    ),
    table_findings AS (
      SELECT 1 AS grp, sync_iso(f.created_at) AS k1, f.title AS k2, f.id::text AS k3,
        jsonb_build_object(
          'kind', 'finding', 'id', f.id, 'title', f.title, 'description', f.description,
          'severity', f.severity, 'category', f.category, 'unitId', f.unit_id) AS item
      FROM findings f JOIN plans fp ON fp.id = f.plan_id
      WHERE f.plan_id <> p.id AND f.unit_id IN (SELECT id FROM scope) AND sync_plan_open(fp)
        AND NOT EXISTS (SELECT 1 FROM rectification_items r WHERE r.finding_id = f.id)
    ),
    record_findings AS (
      SELECT 1 AS grp, s.fields->>'createdAt' AS k1, s.fields->>'title' AS k2, s.id AS k3,
        jsonb_build_object(
          'kind', 'finding', 'id', s.id, 'title', s.fields->'title',
          'description', s.fields->'description', 'severity', s.fields->'severity',
          'category', s.fields->'category', 'unitId', s.fields->'unitId') AS item
      FROM sync_records s JOIN plans fp ON fp.id = s.plan_id
      WHERE s.type = 'finding' AND s.deleted IS NULL AND s.plan_id <> p.id AND sync_plan_open(fp)
        AND s.fields->>'unitId' IN (SELECT id::text FROM scope)
        AND NOT EXISTS (SELECT 1 FROM rectification_items r WHERE r.finding_id::text = s.id)
        AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.id::text = s.id)
    ),
    items AS (
      SELECT * FROM ledger UNION ALL SELECT * FROM table_findings
      UNION ALL SELECT * FROM record_findings
    )
    SELECT jsonb_build_object('items', coalesce(
      jsonb_agg(item ORDER BY grp, k1 COLLATE "C", k2 COLLATE "C", k3 COLLATE "C"), '[]'::jsonb))
    FROM items
  $$`,
  `CREATE OR REPLACE FUNCTION sync_plan_fields(p plans) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
      'title', p.title, 'kind', p.kind, 'status', p.status, 'confidential', p.confidential,
      'targetUnitId', p.target_unit_id, 'teamId', p.team_id,
      'windowStart', p.window_start, 'windowEnd', p.window_end,
      'templateId', p.template_id, 'templateVersion', p.template_version,
      'description', p.description, 'followUpOfPlanId', p.follow_up_of_plan_id)
    || CASE WHEN p.kind = 'follow_up'
         THEN jsonb_build_object('followUp', sync_follow_up_items(p)) ELSE '{}'::jsonb END
  $$`,
  // Re-mirrors the active 回头看 plans whose target subtree holds one of `changed` (NULL: all).
  `CREATE FUNCTION sync_refresh_follow_ups(changed uuid[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO sync_records (type, id, plan_id, version, fields, xid)
      SELECT 'plan', p.id::text, p.id, nextval('sync_version_seq'), sync_plan_fields(p),
        pg_current_xact_id()
      FROM plans p
      WHERE p.kind = 'follow_up' AND p.status IN ('planned', 'in_progress')
        AND (changed IS NULL OR EXISTS (
          SELECT 1 FROM units target JOIN units u ON u.path LIKE target.path || '%'
          WHERE target.id = p.target_unit_id AND u.id = ANY (changed)))
      ON CONFLICT (type, id) DO UPDATE
        SET fields = EXCLUDED.fields, version = EXCLUDED.version, xid = EXCLUDED.xid
        WHERE sync_records.fields IS DISTINCT FROM EXCLUDED.fields
  $$`,
  `CREATE TRIGGER sync_units_mirror AFTER INSERT OR UPDATE OR DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION sync_units_mirror()`,

  `CREATE FUNCTION sync_ledger_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE changed uuid[] := '{}';
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      changed := changed || OLD.responsible_unit_id
        || ARRAY(SELECT f.unit_id FROM findings f WHERE f.id = OLD.finding_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      changed := changed || NEW.responsible_unit_id
        || ARRAY(SELECT f.unit_id FROM findings f WHERE f.id = NEW.finding_id);
    END IF;
    PERFORM sync_refresh_follow_ups(changed);
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_ledger_follow_up AFTER INSERT OR UPDATE OR DELETE ON rectification_items
    FOR EACH ROW EXECUTE FUNCTION sync_ledger_follow_up()`,
  // A finding's title shows on its ledger items, which may be another unit's.
  `CREATE FUNCTION sync_findings_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE changed uuid[] := '{}';
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      changed := changed || OLD.unit_id || ARRAY(
        SELECT r.responsible_unit_id FROM rectification_items r WHERE r.finding_id = OLD.id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      changed := changed || NEW.unit_id || ARRAY(
        SELECT r.responsible_unit_id FROM rectification_items r WHERE r.finding_id = NEW.id);
    END IF;
    PERFORM sync_refresh_follow_ups(changed);
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_findings_follow_up AFTER INSERT OR UPDATE OR DELETE ON findings
    FOR EACH ROW EXECUTE FUNCTION sync_findings_follow_up()`,
  `CREATE FUNCTION sync_finding_records_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE ids text[] := ARRAY[NEW.fields->>'unitId'];
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      ids := ids || (OLD.fields->>'unitId');
    END IF;
    PERFORM sync_refresh_follow_ups(ARRAY(SELECT u.id FROM units u WHERE u.id::text = ANY (ids)));
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_finding_records_inserted AFTER INSERT ON sync_records
    FOR EACH ROW WHEN (NEW.type = 'finding') EXECUTE FUNCTION sync_finding_records_follow_up()`,
  `CREATE TRIGGER sync_finding_records_updated AFTER UPDATE ON sync_records
    FOR EACH ROW WHEN (NEW.type = 'finding'
      AND (NEW.fields, NEW.deleted, NEW.plan_id) IS DISTINCT FROM (OLD.fields, OLD.deleted, OLD.plan_id))
    EXECUTE FUNCTION sync_finding_records_follow_up()`,

  // 0004's plan mirror, plus: a plan whose secrecy or target changes shows or hides its findings
  // in the 回头看 lists of the units they concern.
  `CREATE OR REPLACE FUNCTION sync_plans_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.team_id, NEW.created_by, NEW.target_unit_id, sync_plan_open(NEW))
        IS DISTINCT FROM (OLD.team_id, OLD.created_by, OLD.target_unit_id, sync_plan_open(OLD)) THEN
      INSERT INTO sync_revocations (user_id, plan_id)
        SELECT m.user_id, NEW.id FROM team_members m WHERE m.team_id = OLD.team_id
        UNION SELECT OLD.created_by, NEW.id
        UNION SELECT u.id, NEW.id FROM users u WHERE sync_role_sees(u.role, u.scope_unit_id, OLD)
        ON CONFLICT DO NOTHING;
      UPDATE sync_records SET xid = pg_current_xact_id() WHERE plan_id = NEW.id;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.target_unit_id, sync_plan_open(NEW))
        IS DISTINCT FROM (OLD.target_unit_id, sync_plan_open(OLD)) THEN
      PERFORM sync_refresh_follow_ups(ARRAY(
        SELECT f.unit_id FROM findings f WHERE f.plan_id = NEW.id
        UNION SELECT u.id FROM sync_records s JOIN units u ON u.id::text = s.fields->>'unitId'
          WHERE s.plan_id = NEW.id AND s.type = 'finding'));
    END IF;
    INSERT INTO sync_records (type, id, plan_id, version, fields, xid)
      VALUES ('plan', NEW.id::text, NEW.id, nextval('sync_version_seq'), sync_plan_fields(NEW),
              pg_current_xact_id())
      ON CONFLICT (type, id) DO UPDATE
        SET fields = EXCLUDED.fields, version = EXCLUDED.version, xid = EXCLUDED.xid
        WHERE sync_records.fields IS DISTINCT FROM EXCLUDED.fields;
    RETURN NEW;
  END $$`,

  /* ------------------------------------------------------------ backfill */

  `SELECT sync_upsert_reference('template', t.id::text || '@' || t.version, sync_template_fields(t))
    FROM templates t`,
  `SELECT sync_upsert_reference('unit', u.id::text, sync_unit_fields(u)) FROM units u`,
  `UPDATE sync_records s SET fields = sync_plan_fields(p), version = nextval('sync_version_seq'),
      xid = pg_current_xact_id()
    FROM plans p
    WHERE s.type = 'plan' AND s.id = p.id::text AND s.fields IS DISTINCT FROM sync_plan_fields(p)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
