import { sql, type Kysely } from 'kysely';

/*
 * Revocations and grants when access changes by means other than teams (0002-sync handles plan
 * reassignment and membership). Pull sends `revoked` for a plan the caller no longer sees, and a
 * plan that entered someone's view must reach them whole, even rows older than their cursor:
 *
 * - A plan's secrecy starts or lifts (confidential, or status into/out of planned / in_progress /
 *   cancelled), its target unit, creator or team changes: everyone who could see it before gets
 *   a revocation row (pull skips those who still see it), and every row of the plan is
 *   re-stamped with this transaction, so whoever sees it now pulls all of it.
 * - A user's role or supervisor scope changes: a revocation for every plan they saw through
 *   their old role, and the plans they see only through the new one are re-stamped. Re-stamping
 *   re-sends those plans to their other viewers too (unchanged rows, harmless); it keeps one
 *   mechanism for every grant, and role changes are rare administrator actions.
 *
 * `sync_role_sees` mirrors rule 3 of authz/policy.ts (planVisibleTo) in SQL; rules 1 and 2 (team,
 * creator) do not depend on role. sync-access.test.ts checks the two agree on every user and plan.
 * A disabled user needs nothing here: every session ends and every sync call is refused.
 */
const statements = [
  `CREATE FUNCTION sync_plan_open(p plans) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT p.confidential OR p.status NOT IN ('planned', 'in_progress', 'cancelled')
  $$`,
  `CREATE FUNCTION sync_role_sees(role text, scope_unit_id uuid, p plans) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT sync_plan_open(p) AND (role = 'admin' OR (role = 'supervisor' AND EXISTS (
      SELECT 1 FROM units scope_root JOIN units scoped ON scoped.path LIKE scope_root.path || '%'
      WHERE scope_root.id = scope_unit_id AND scoped.id = p.target_unit_id)))
  $$`,
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
    INSERT INTO sync_records (type, id, plan_id, version, fields, xid)
      VALUES ('plan', NEW.id::text, NEW.id, nextval('sync_version_seq'), sync_plan_fields(NEW),
              pg_current_xact_id())
      ON CONFLICT (type, id) DO UPDATE
        SET fields = EXCLUDED.fields, version = EXCLUDED.version, xid = EXCLUDED.xid
        WHERE sync_records.fields IS DISTINCT FROM EXCLUDED.fields;
    RETURN NEW;
  END $$`,
  `CREATE FUNCTION sync_users_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO sync_revocations (user_id, plan_id)
      SELECT NEW.id, p.id FROM plans p WHERE sync_role_sees(OLD.role, OLD.scope_unit_id, p)
      ON CONFLICT DO NOTHING;
    UPDATE sync_records SET xid = pg_current_xact_id()
      WHERE plan_id IN (SELECT p.id FROM plans p
        WHERE sync_role_sees(NEW.role, NEW.scope_unit_id, p)
          AND NOT sync_role_sees(OLD.role, OLD.scope_unit_id, p));
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_users_access_changed AFTER UPDATE OF role, scope_unit_id ON users
    FOR EACH ROW WHEN ((NEW.role, NEW.scope_unit_id) IS DISTINCT FROM (OLD.role, OLD.scope_unit_id))
    EXECUTE FUNCTION sync_users_access_changed()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
