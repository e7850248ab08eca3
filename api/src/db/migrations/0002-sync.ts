import { sql, type Kysely } from 'kysely';

/*
 * Sync (see shared/src/sync/README.md; the pull cursor is explained in api/src/sync/sync-pull.service.ts).
 *
 * - `sync_records`: every synced record, one generic table, because the shared handlers speak in
 *   records `(type, id)` with JSON fields and per-field stamps; one table keeps the adapter to a
 *   single load and a single upsert. `version` comes from `sync_version_seq`, taken after the
 *   record is locked, so a record's versions grow in commit order. `xid` is the writing
 *   transaction (set on every write): the pull cursor reads it below the snapshot's xmin.
 * - `sync_devices`: a device id belongs to the first user who synced with it.
 * - `sync_mutation_results`: one row per processed mutation (applied or rejected, with reason);
 *   the primary key makes "processed twice" impossible, and `xid` gives pull its lastMutationId.
 * - `sync_revocations`: a user lost a plan (membership ended, plan handed to another team).
 *
 * Plans are mirrored into `sync_records` by trigger, and a plan changing teams or a membership
 * change revokes / re-stamps in the same transaction, whichever service made the change.
 */
const statements = [
  `CREATE SEQUENCE sync_version_seq`,
  `CREATE TABLE sync_records (
    type text COLLATE "C" NOT NULL CHECK (type IN ('plan','template','unit','inspection','answer','note','finding','attachment','conflict')),
    id text COLLATE "C" NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    plan_id uuid REFERENCES plans(id) ON DELETE CASCADE,
    version bigint NOT NULL,
    deleted jsonb,
    fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
    stamps jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(stamps) = 'object'),
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (type, id)
  )`,
  `CREATE INDEX sync_records_xid_idx ON sync_records (xid, type, id)`,
  `CREATE INDEX sync_records_plan_idx ON sync_records (plan_id)`,
  `CREATE TABLE sync_devices (
    device_id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_mutation_id integer NOT NULL DEFAULT 0 CHECK (last_mutation_id >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX sync_devices_user_idx ON sync_devices (user_id)`,
  `CREATE TABLE sync_mutation_results (
    device_id uuid NOT NULL REFERENCES sync_devices(device_id) ON DELETE CASCADE,
    mutation_id integer NOT NULL CHECK (mutation_id >= 1),
    name text NOT NULL,
    status text NOT NULL CHECK (status IN ('applied','rejected')),
    reason text,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, mutation_id),
    CHECK ((status = 'rejected') = (reason IS NOT NULL))
  )`,
  `CREATE TABLE sync_revocations (
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (user_id, plan_id, xid)
  )`,
  `CREATE INDEX sync_revocations_xid_idx ON sync_revocations (user_id, xid)`,

  // The plan record devices pull: the plan row as the visit needs it offline.
  `CREATE FUNCTION sync_plan_fields(p plans) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
      'title', p.title, 'kind', p.kind, 'status', p.status, 'confidential', p.confidential,
      'targetUnitId', p.target_unit_id, 'teamId', p.team_id,
      'windowStart', p.window_start, 'windowEnd', p.window_end,
      'templateId', p.template_id, 'templateVersion', p.template_version,
      'description', p.description)
  $$`,
  `CREATE FUNCTION sync_plans_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND NEW.team_id IS DISTINCT FROM OLD.team_id THEN
      -- Members of the old team lose the plan (pull only sends a revocation to a user who no
      -- longer sees it); everyone who may now see it must pull all of it, however old.
      INSERT INTO sync_revocations (user_id, plan_id)
        SELECT m.user_id, NEW.id FROM team_members m WHERE m.team_id = OLD.team_id
        ON CONFLICT DO NOTHING;
      UPDATE sync_records SET xid = pg_current_xact_id()
        WHERE plan_id = NEW.id AND NOT (type = 'plan' AND id = NEW.id::text);
    END IF;
    INSERT INTO sync_records (type, id, plan_id, version, fields, xid)
      VALUES ('plan', NEW.id::text, NEW.id, nextval('sync_version_seq'), sync_plan_fields(NEW),
              pg_current_xact_id())
      ON CONFLICT (type, id) DO UPDATE
        SET fields = EXCLUDED.fields, version = EXCLUDED.version, xid = EXCLUDED.xid
        WHERE sync_records.fields IS DISTINCT FROM EXCLUDED.fields;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER sync_plans_mirror AFTER INSERT OR UPDATE ON plans
    FOR EACH ROW EXECUTE FUNCTION sync_plans_mirror()`,
  `CREATE FUNCTION sync_team_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
      INSERT INTO sync_revocations (user_id, plan_id)
        SELECT OLD.user_id, p.id FROM plans p WHERE p.team_id = OLD.team_id
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      UPDATE sync_records SET xid = pg_current_xact_id()
        WHERE plan_id IN (SELECT p.id FROM plans p WHERE p.team_id = NEW.team_id);
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER sync_team_members_changed AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION sync_team_members_changed()`,
  // Plans that existed before sync get their record now.
  `INSERT INTO sync_records (type, id, plan_id, version, fields)
    SELECT 'plan', p.id::text, p.id, nextval('sync_version_seq'), sync_plan_fields(p) FROM plans p`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
