import { sql, type Kysely } from 'kysely';

/*
 * The 整改台账 in the supervisor's console (api/src/ledger):
 *
 * - `rectification_items.source_plan_id`: the plan whose finding or 约谈 the item came from. The
 *   ledger's access rule needs it on every row (a 四不两直 plan's target stays hidden until its
 *   visit, so an item born of that visit is hidden with it), and looking it up through
 *   finding_projection / sync_records per row would not stay fast at 100,000 items. A trigger
 *   fills it from the finding or talk on insert, so whoever inserts items (sync effects, review
 *   approval, the seed) need not know the column.
 * - `typical_case`: an item pushed to a similar unit by 以案促改 (典型领改) from another unit's
 *   finding.
 * - Indexes for the console's list: scope (unit) with sort keys, status, deadline, and the
 *   回头看 verdicts of an item (verdict records name their target in `fields`).
 * - `ledger_spot_checks`: every 抽查 draw — seed, ratio, algorithm, the population query and the
 *   population itself, and the sample — so anyone can re-draw it and get the same sample.
 */
const statements = [
  `ALTER TABLE rectification_items ADD COLUMN source_plan_id uuid`,
  `ALTER TABLE rectification_items ADD COLUMN typical_case boolean NOT NULL DEFAULT false`,
  `CREATE FUNCTION rectification_items_source_plan() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.source_plan_id IS NULL THEN
      NEW.source_plan_id := coalesce(
        (SELECT f.plan_id FROM finding_projection f WHERE f.finding_id = NEW.finding_id),
        (SELECT f.plan_id FROM findings f WHERE f.id = NEW.finding_id),
        (SELECT s.plan_id FROM sync_records s
          WHERE s.type = 'talk' AND s.id = NEW.talk_record_id::text));
    END IF;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER rectification_items_source_plan BEFORE INSERT ON rectification_items
    FOR EACH ROW EXECUTE FUNCTION rectification_items_source_plan()`,
  `UPDATE rectification_items r SET source_plan_id = coalesce(
      (SELECT f.plan_id FROM finding_projection f WHERE f.finding_id = r.finding_id),
      (SELECT f.plan_id FROM findings f WHERE f.id = r.finding_id),
      (SELECT s.plan_id FROM sync_records s
        WHERE s.type = 'talk' AND s.id = r.talk_record_id::text))`,
  `CREATE INDEX rectification_items_source_plan_idx ON rectification_items (source_plan_id)
    WHERE source_plan_id IS NOT NULL`,
  `CREATE INDEX rectification_items_unit_deadline_idx
    ON rectification_items (responsible_unit_id, deadline, id)`,
  `CREATE INDEX rectification_items_deadline_idx ON rectification_items (deadline, id)`,
  `CREATE INDEX rectification_items_created_idx ON rectification_items (created_at, id)`,
  `CREATE INDEX rectification_items_updated_idx ON rectification_items (updated_at, id)`,
  `CREATE INDEX rectification_items_status_deadline_idx
    ON rectification_items (status, deadline, id)`,
  // Every column the list's counts read (scope, secrecy, status, overdue, the finding for its
  // category): an index-only scan instead of reading the wide rows (measures, history) of a
  // whole province.
  `CREATE INDEX rectification_items_counts_idx ON rectification_items
    (responsible_unit_id, status, kind, deadline, created_at, source_plan_id, finding_id)`,
  `CREATE INDEX rectification_items_closed_idx ON rectification_items (closed_at)
    WHERE status = 'closed'`,
  `CREATE INDEX sync_records_verdict_target_idx ON sync_records ((fields->>'targetId'))
    WHERE type = 'verdict'`,

  `CREATE TABLE ledger_spot_checks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seed text NOT NULL CHECK (length(seed) BETWEEN 1 AND 200),
    ratio numeric(5,4) NOT NULL CHECK (ratio >= 0.1 AND ratio <= 1),
    algorithm text NOT NULL,
    scope_unit_id uuid NOT NULL REFERENCES units(id),
    population_query jsonb NOT NULL CHECK (jsonb_typeof(population_query) = 'object'),
    population jsonb NOT NULL CHECK (jsonb_typeof(population) = 'array'),
    sample jsonb NOT NULL CHECK (jsonb_typeof(sample) = 'array'),
    follow_up_plan_ids jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(follow_up_plan_ids) = 'array'),
    drawn_by uuid NOT NULL REFERENCES users(id),
    drawn_at timestamptz NOT NULL
  )`,
  `CREATE INDEX ledger_spot_checks_scope_idx ON ledger_spot_checks (scope_unit_id, drawn_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
