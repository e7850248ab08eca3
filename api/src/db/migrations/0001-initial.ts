import { sql, type Kysely } from 'kysely';

/*
 * The initial schema. Enum lists are written out literally (not imported from @ducha/shared) so
 * that this migration means the same thing forever; db/schema-enums.test.ts checks they still
 * match the shared vocabulary, and a later change to an enum needs a new migration.
 *
 * Unit subtrees use a materialised path (`/root/…/self/`, uuids) kept by triggers: a supervisor's
 * scope is then one indexed prefix match (`path LIKE scope_path || '%'`) instead of a recursive
 * query per request, and moving a unit rewrites its descendants' paths in the same statement.
 */
const statements = [
  `CREATE TABLE units (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    parent_id uuid REFERENCES units(id) ON DELETE RESTRICT,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('province','city','county','department','soe','university','inspection_group')),
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    path text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
  )`,
  `CREATE INDEX units_parent_idx ON units (parent_id)`,
  `CREATE UNIQUE INDEX units_path_idx ON units (path text_pattern_ops)`,
  `CREATE FUNCTION units_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE parent_path text;
  BEGIN
    IF NEW.parent_id IS NULL THEN
      NEW.path := '/' || NEW.id::text || '/';
    ELSE
      SELECT path INTO parent_path FROM units WHERE id = NEW.parent_id;
      IF parent_path IS NULL THEN
        RAISE EXCEPTION 'parent unit % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      IF TG_OP = 'UPDATE' AND position(('/' || NEW.id::text || '/') IN parent_path) > 0 THEN
        RAISE EXCEPTION 'unit % cannot move under its own subtree', NEW.id USING ERRCODE = 'check_violation';
      END IF;
      NEW.path := parent_path || NEW.id::text || '/';
    END IF;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER units_path_insert BEFORE INSERT ON units
    FOR EACH ROW EXECUTE FUNCTION units_set_path()`,
  `CREATE TRIGGER units_path_update BEFORE UPDATE OF parent_id ON units
    FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION units_set_path()`,
  `CREATE FUNCTION units_move_descendants() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE units SET path = NEW.path || substr(path, length(OLD.path) + 1)
      WHERE path LIKE OLD.path || '%' AND id <> NEW.id;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER units_path_cascade AFTER UPDATE OF parent_id ON units
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION units_move_descendants()`,
  // A path is derived data: nobody may write it directly.
  `CREATE FUNCTION units_guard_path() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.path IS DISTINCT FROM OLD.path AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id
       AND pg_trigger_depth() = 1 THEN
      RAISE EXCEPTION 'units.path is maintained by the database' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER units_path_guard BEFORE UPDATE OF path ON units
    FOR EACH ROW EXECUTE FUNCTION units_guard_path()`,

  `CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username text NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9_.-]{3,32}$'),
    display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    role text NOT NULL CHECK (role IN ('inspector','team_leader','supervisor','admin')),
    locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN','en')),
    unit_id uuid REFERENCES units(id),
    scope_unit_id uuid REFERENCES units(id),
    disabled_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_supervisor_scope CHECK (role <> 'supervisor' OR scope_unit_id IS NOT NULL)
  )`,
  `CREATE INDEX users_unit_idx ON users (unit_id)`,

  `CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    ip text,
    user_agent text CHECK (length(user_agent) <= 512),
    CHECK (expires_at > created_at AND last_seen_at >= created_at)
  )`,
  `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
  `CREATE INDEX sessions_expires_idx ON sessions (expires_at)`,

  // Kept in the database so limits survive restarts and hold across several API processes.
  // `account_key` is the SHA-256 of the lower-cased username as typed: counting needs only
  // equality, and people do type their password into the username field.
  `CREATE TABLE login_attempts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    at timestamptz NOT NULL,
    account_key text NOT NULL CHECK (account_key ~ '^[0-9a-f]{64}$'),
    ip text NOT NULL CHECK (length(ip) <= 64),
    succeeded boolean NOT NULL
  )`,
  `CREATE INDEX login_attempts_account_idx ON login_attempts (account_key, at)`,
  `CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at)`,

  `CREATE TABLE teams (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    unit_id uuid REFERENCES units(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // The leader is a flag on a membership row, so a leader is a member by construction.
  `CREATE TABLE team_members (
    team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    is_leader boolean NOT NULL DEFAULT false,
    PRIMARY KEY (team_id, user_id)
  )`,
  `CREATE INDEX team_members_user_idx ON team_members (user_id)`,
  `CREATE UNIQUE INDEX team_members_one_leader ON team_members (team_id) WHERE is_leader`,

  `CREATE TABLE templates (
    id uuid NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    plan_kinds jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(plan_kinds) = 'array'),
    body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object' AND jsonb_typeof(body->'sections') = 'array'),
    created_by uuid REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, version)
  )`,

  `CREATE TABLE plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('unannounced','follow_up','midyear','special','talk','open_covert')),
    status text NOT NULL CHECK (status IN ('planned','in_progress','done','cancelled')),
    confidential boolean NOT NULL,
    target_unit_id uuid NOT NULL REFERENCES units(id),
    team_id uuid NOT NULL REFERENCES teams(id),
    window_start date NOT NULL,
    window_end date NOT NULL,
    template_id uuid NOT NULL,
    template_version integer NOT NULL,
    description text NOT NULL DEFAULT '',
    follow_up_of_plan_id uuid REFERENCES plans(id),
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (template_id, template_version) REFERENCES templates (id, version),
    CONSTRAINT plans_window_order CHECK (window_start <= window_end),
    CONSTRAINT plans_unannounced_confidential CHECK (kind <> 'unannounced' OR confidential)
  )`,
  `CREATE INDEX plans_team_idx ON plans (team_id)`,
  `CREATE INDEX plans_target_idx ON plans (target_unit_id)`,
  `CREATE INDEX plans_created_by_idx ON plans (created_by)`,

  `CREATE TABLE inspections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES plans(id),
    template_id uuid NOT NULL,
    template_version integer NOT NULL,
    status text NOT NULL CHECK (status IN ('draft','submitted','returned','approved')),
    answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
    notes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(notes) = 'array'),
    attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
    started_by uuid NOT NULL REFERENCES users(id),
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    place jsonb,
    submitted_at timestamptz,
    reviewed_by uuid REFERENCES users(id),
    reviewed_at timestamptz,
    review_comments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(review_comments) = 'array'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (template_id, template_version) REFERENCES templates (id, version),
    CHECK (ended_at IS NULL OR ended_at >= started_at),
    CHECK (status = 'draft' OR submitted_at IS NOT NULL),
    CHECK (status <> 'approved' OR (reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL))
  )`,
  `CREATE INDEX inspections_plan_idx ON inspections (plan_id)`,

  `CREATE TABLE findings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES plans(id),
    inspection_id uuid REFERENCES inspections(id),
    item_id uuid,
    unit_id uuid NOT NULL REFERENCES units(id),
    category text NOT NULL CHECK (category IN ('political','ideological','organisational','conduct','discipline','institutional','eight_rules','funds','other')),
    severity text NOT NULL CHECK (severity IN ('low','medium','high','critical')),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description text NOT NULL CHECK (length(btrim(description)) >= 1),
    money_involved_yuan numeric(16,2) CHECK (money_involved_yuan >= 0),
    money_recovered_yuan numeric(16,2) CHECK (money_recovered_yuan >= 0),
    units_concerned jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(units_concerned) = 'array'),
    people_concerned jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(people_concerned) = 'array'),
    evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'),
    recommended_form text CHECK (recommended_form IN ('form1','form2','form3','form4')),
    is_clue boolean NOT NULL DEFAULT false,
    proposed_rectification jsonb,
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX findings_plan_idx ON findings (plan_id)`,
  `CREATE INDEX findings_inspection_idx ON findings (inspection_id)`,
  `CREATE INDEX findings_unit_idx ON findings (unit_id)`,

  `CREATE TABLE rectification_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    finding_id uuid REFERENCES findings(id),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    measures text NOT NULL CHECK (length(btrim(measures)) >= 1),
    responsible_unit_id uuid NOT NULL REFERENCES units(id),
    responsible_person text NOT NULL CHECK (length(btrim(responsible_person)) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('immediate','deadline','campaign')),
    deadline date,
    status text NOT NULL CHECK (status IN ('open','in_progress','reported','verified','closed','reopened')),
    progress jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(progress) = 'array'),
    verifications jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(verifications) = 'array'),
    history jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(history) = 'array'),
    relapse_count integer NOT NULL DEFAULT 0 CHECK (relapse_count >= 0),
    closed_at timestamptz,
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
  )`,
  `CREATE INDEX rectification_items_finding_idx ON rectification_items (finding_id)`,
  `CREATE INDEX rectification_items_unit_idx ON rectification_items (responsible_unit_id, status)`,
  `CREATE INDEX rectification_items_open_deadline_idx ON rectification_items (deadline) WHERE status <> 'closed'`,

  `CREATE TABLE audit_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    at timestamptz NOT NULL,
    actor_id uuid REFERENCES users(id),
    actor_role text CHECK (actor_role IN ('inspector','team_leader','supervisor','admin')),
    action text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
    entity text NOT NULL CHECK (length(entity) <= 64),
    entity_id text CHECK (length(entity_id) <= 128),
    request_id text CHECK (length(request_id) <= 128),
    ip text,
    details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
  )`,
  `CREATE INDEX audit_events_at_idx ON audit_events (at)`,
  `CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id)`,
  `CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at)`,
  // Append-only: the trail must not be rewritten, not even by the application.
  `CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
  END $$`,
  `CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
  `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
