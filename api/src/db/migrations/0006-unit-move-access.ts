import { sql, type Kysely } from 'kysely';

/*
 * Revocations and grants when a unit moves in the tree (its parent changes). Its path and every
 * descendant's path change (0001's triggers), so a supervisor whose scope held a plan's target
 * may no longer hold it, and another's scope may now hold it. As in 0004-sync-access, in the
 * same transaction as the move: a revocation for every (supervisor, plan) that was visible
 * before and is not after, and every row of a plan someone newly sees is re-stamped, so they
 * pull all of it however old (pull already skips a revocation of a plan the user still sees
 * through a team or as its creator).
 *
 * Only supervisors' sight depends on paths (administrators see every open plan wherever it is;
 * team and creator do not involve units), and a move changes no plan, so a plan under secrecy
 * (`sync_plan_open` false) is seen by no supervisor before or after: it gets neither a
 * revocation (which would tell a supervisor the id of an unannounced visit) nor a grant.
 *
 * A statement-level trigger, because the path cascade is itself an UPDATE of units run from an
 * AFTER ROW trigger: when this fires for the moving statement, every path is already the new
 * one, and the paths before are rebuilt from the transition tables. Roots are the rows whose
 * parent changed (the cascade's own statement changes only paths, so it finds none and does
 * nothing); a unit's path before is its moved root's old path plus the unit's path below the
 * root's new one (the deepest such root, should one statement move several). Scopes are mapped
 * the same way, so a supervisor whose scope moved along with the plan's target keeps it.
 * "After" is `sync_role_sees` itself, over the units as they now are.
 */
const statements = [
  `CREATE FUNCTION sync_units_moved() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM moved_old o JOIN moved_new n ON n.id = o.id
                   WHERE n.parent_id IS DISTINCT FROM o.parent_id AND n.path <> o.path) THEN
      RETURN NULL;
    END IF;
    WITH roots AS (
      SELECT o.path AS old_path, n.path AS new_path
        FROM moved_old o JOIN moved_new n ON n.id = o.id
        WHERE n.parent_id IS DISTINCT FROM o.parent_id AND n.path <> o.path
    ),
    moved AS (
      SELECT DISTINCT ON (u.id) u.id,
          r.old_path || substr(u.path, length(r.new_path) + 1) AS old_path
        FROM roots r JOIN units u ON u.path LIKE r.new_path || '%'
        ORDER BY u.id, length(r.new_path) DESC
    ),
    pairs AS (
      SELECT s.id AS user_id, p.id AS plan_id,
          sync_plan_open(p)
            AND target.old_path LIKE coalesce(ms.old_path, scope.path) || '%' AS saw,
          coalesce(sync_role_sees(s.role, s.scope_unit_id, p), false) AS sees
        FROM plans p
        JOIN moved target ON target.id = p.target_unit_id
        CROSS JOIN users s
        JOIN units scope ON scope.id = s.scope_unit_id
        LEFT JOIN moved ms ON ms.id = scope.id
        WHERE s.role = 'supervisor'
    ),
    revoked AS (
      INSERT INTO sync_revocations (user_id, plan_id)
        SELECT user_id, plan_id FROM pairs WHERE saw AND NOT sees
        ON CONFLICT DO NOTHING
    )
    UPDATE sync_records SET xid = pg_current_xact_id()
      WHERE plan_id IN (SELECT plan_id FROM pairs WHERE sees AND NOT saw);
    RETURN NULL;
  END $$`,
  // Transition tables rule out a column list (UPDATE OF parent_id); the function filters instead.
  `CREATE TRIGGER sync_units_moved AFTER UPDATE ON units
    REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new
    FOR EACH STATEMENT EXECUTE FUNCTION sync_units_moved()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
