import { sql, type Kysely } from 'kysely';

/*
 * A 回头看 drawn from a spot check (整改抽查) goes back to see items already closed (销号): the
 * plan names them (`follow_up_item_ids`), and its targets on the phone list them next to the
 * open items of the unit, so the team judges each on site (整改到位, or 反弹 which reopens it).
 * Any other 回头看 leaves the column null and lists what it always did.
 */
const statements = [
  `ALTER TABLE plans ADD COLUMN follow_up_item_ids uuid[]`,
  `CREATE OR REPLACE FUNCTION sync_follow_up_items(p plans) RETURNS jsonb LANGUAGE sql STABLE AS $$
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
      WHERE r.responsible_unit_id IN (SELECT id FROM scope)
        AND (r.status <> 'closed' OR r.id = ANY (coalesce(p.follow_up_item_ids, '{}')))
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
  // Re-mirror the active 回头看 plans with the new function (the lists stay as they were).
  `SELECT sync_refresh_follow_ups(NULL)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
