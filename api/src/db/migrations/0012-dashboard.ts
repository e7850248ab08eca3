import { sql, type Kysely } from 'kysely';

/*
 * What the dashboard (dashboard.* procedures) reads, made cheap to read.
 *
 * `ledger_events`: one row per status change of a 整改台账 item, so "closed (销号) this week" and
 * "反弹 this month" are an index range scan instead of unpacking every item's `history` jsonb.
 * A trigger on `rectification_items` fills it from the history entries the ledger appends (the
 * shared state machine writes who, when, from and to), so it holds the real transition times,
 * also for items written whole with their past (the demo seed, imports). Each history entry has
 * its position as `seq` (0 is the item's creation) and a unique (item_id, seq), so re-running
 * the trigger on the same row (`SET history = history`) inserts nothing twice. A status change
 * that appended no history entry (a hand-made UPDATE) still leaves an event, with seq NULL.
 * Entries that keep the status (progress reports) are not events of interest and are skipped.
 * Each event carries its item's responsible unit and finding (kept equal by the same trigger when
 * they change), so counting events in a scope and outside secret plans never joins the items.
 *
 * Indexes: visits by submission time, ledger items by creation time and deadline, events by
 * target status and time, findings by creation time with the columns the breakdowns group by.
 */
const statements = [
  `CREATE TABLE ledger_events (
    id bigserial PRIMARY KEY,
    item_id uuid NOT NULL REFERENCES rectification_items(id) ON DELETE CASCADE,
    seq integer,
    unit_id uuid NOT NULL,
    finding_id uuid,
    from_status text,
    to_status text NOT NULL,
    at timestamptz NOT NULL,
    UNIQUE (item_id, seq)
  )`,
  // Covering: counting a range of events in a scope reads the index only, not the heap.
  `CREATE INDEX ledger_events_to_at_idx ON ledger_events (to_status, at)
    INCLUDE (unit_id, finding_id, seq)`,

  `CREATE FUNCTION ledger_record_events() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    known integer := 0;
    added integer;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO ledger_events (item_id, seq, unit_id, finding_id, from_status, to_status, at)
        VALUES (NEW.id, 0, NEW.responsible_unit_id, NEW.finding_id, NULL, 'open', NEW.created_at)
        ON CONFLICT (item_id, seq) DO NOTHING;
    ELSE
      known := coalesce(jsonb_array_length(OLD.history), 0);
      IF (NEW.responsible_unit_id, NEW.finding_id)
          IS DISTINCT FROM (OLD.responsible_unit_id, OLD.finding_id) THEN
        UPDATE ledger_events SET unit_id = NEW.responsible_unit_id, finding_id = NEW.finding_id
          WHERE item_id = NEW.id;
      END IF;
    END IF;
    WITH fresh AS (
      INSERT INTO ledger_events (item_id, seq, unit_id, finding_id, from_status, to_status, at)
        SELECT NEW.id, e.ord::integer, NEW.responsible_unit_id, NEW.finding_id,
            e.entry->>'from', e.entry->>'to',
            coalesce(sync_time(e.entry->>'at'), now())
          FROM jsonb_array_elements(
              CASE WHEN jsonb_typeof(NEW.history) = 'array' THEN NEW.history ELSE '[]' END
            ) WITH ORDINALITY AS e(entry, ord)
          WHERE e.ord > known AND e.entry->>'to' IS NOT NULL
            AND (e.entry->>'from') IS DISTINCT FROM (e.entry->>'to')
        ON CONFLICT (item_id, seq) DO NOTHING
        RETURNING 1
    ) SELECT count(*) INTO added FROM fresh;
    IF TG_OP = 'UPDATE' AND added = 0 AND NEW.status IS DISTINCT FROM OLD.status THEN
      INSERT INTO ledger_events (item_id, seq, unit_id, finding_id, from_status, to_status, at)
        VALUES (NEW.id, NULL, NEW.responsible_unit_id, NEW.finding_id, OLD.status, NEW.status,
          now());
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER ledger_record_events
    AFTER INSERT OR UPDATE OF status, history, responsible_unit_id, finding_id
    ON rectification_items FOR EACH ROW EXECUTE FUNCTION ledger_record_events()`,
  // Items written before this migration, with their whole history.
  `INSERT INTO ledger_events (item_id, seq, unit_id, finding_id, from_status, to_status, at)
    SELECT r.id, 0, r.responsible_unit_id, r.finding_id, NULL, 'open', r.created_at
    FROM rectification_items r
    ON CONFLICT (item_id, seq) DO NOTHING`,
  `INSERT INTO ledger_events (item_id, seq, unit_id, finding_id, from_status, to_status, at)
    SELECT r.id, e.ord::integer, r.responsible_unit_id, r.finding_id, e.entry->>'from',
        e.entry->>'to',
        coalesce(sync_time(e.entry->>'at'), r.updated_at)
      FROM rectification_items r,
        jsonb_array_elements(
          CASE WHEN jsonb_typeof(r.history) = 'array' THEN r.history ELSE '[]' END
        ) WITH ORDINALITY AS e(entry, ord)
      WHERE e.entry->>'to' IS NOT NULL AND (e.entry->>'from') IS DISTINCT FROM (e.entry->>'to')
    ON CONFLICT (item_id, seq) DO NOTHING`,

  `CREATE INDEX visit_projection_submitted_idx ON visit_projection (submitted_at)
    WHERE NOT deleted AND submitted_at IS NOT NULL`,
  // Covering index of the findings' breakdowns (by unit, category, form) over a date range.
  `CREATE INDEX finding_projection_dashboard_idx ON finding_projection (created_at)
    INCLUDE (unit_id, plan_id, category, recommended_form) WHERE NOT deleted`,
  // 0010 (the ledger) made the same two with `id` added; either serves the dashboard.
  `CREATE INDEX IF NOT EXISTS rectification_items_created_idx ON rectification_items (created_at)`,
  `CREATE INDEX IF NOT EXISTS rectification_items_deadline_idx ON rectification_items (deadline)`,
  `CREATE INDEX plans_kind_idx ON plans (kind)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
