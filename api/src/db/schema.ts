import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  DisciplineForm,
  FindingCategory,
  InspectionStatus,
  LedgerStatus,
  Locale,
  PlanKind,
  PlanStatus,
  RectificationKind,
  Role,
  Severity,
  UnitKind,
} from '@ducha/shared';

/*
 * Kysely's view of the tables created by ./migrations. Timestamps are `timestamptz` and come back
 * as Date; calendar days are `date` and come back as 'YYYY-MM-DD' strings (see database.ts);
 * money is `numeric(16,2)` and comes back as a string so no cent is lost on the way.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: written as a JSON string (see `jsonb()` in ./json.ts), read back parsed. */
type Json<T> = ColumnType<T, string, string>;
type Money = ColumnType<string, string | number, string | number>;

export interface UnitsTable {
  id: Generated<string>;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
  code: string;
  /** Materialised ancestry `/rootId/…/id/`, maintained by a trigger; subtree = prefix match. */
  path: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: Generated<Locale>;
  unit_id: string | null;
  scope_unit_id: string | null;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  /** SHA-256 of the cookie token, hex. The raw token is never stored. */
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  at: Timestamp;
  /** SHA-256 (hex) of the lower-cased username as typed, never the text itself. */
  account_key: string;
  ip: string;
  succeeded: boolean;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  unit_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  is_leader: Generated<boolean>;
}

export interface TemplatesTable {
  id: string;
  version: number;
  title: string;
  description: Generated<string>;
  plan_kinds: Json<PlanKind[]>;
  /** `{ sections, gradeThresholds }` of the shared Template schema. */
  body: Json<unknown>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface PlansTable {
  id: Generated<string>;
  title: string;
  kind: PlanKind;
  status: PlanStatus;
  confidential: boolean;
  target_unit_id: string;
  team_id: string;
  window_start: string;
  window_end: string;
  template_id: string;
  template_version: number;
  description: Generated<string>;
  follow_up_of_plan_id: string | null;
  /** When the first visit was submitted: a confidential plan's secrecy ends (migration 0009). */
  revealed_at: Timestamp | null;
  /** A spot check's 回头看: the closed ledger items it goes back to see (migration 0014). */
  follow_up_item_ids: string[] | null;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface InspectionsTable {
  id: Generated<string>;
  plan_id: string;
  template_id: string;
  template_version: number;
  status: InspectionStatus;
  answers: Json<Record<string, unknown>>;
  notes: Json<unknown[]>;
  attachments: Json<unknown[]>;
  started_by: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  place: Json<unknown> | null;
  submitted_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_comments: Json<unknown[]>;
  updated_at: GeneratedTimestamp;
}

export interface FindingsTable {
  id: Generated<string>;
  plan_id: string;
  inspection_id: string | null;
  item_id: string | null;
  unit_id: string;
  category: FindingCategory;
  severity: Severity;
  title: string;
  description: string;
  money_involved_yuan: Money | null;
  money_recovered_yuan: Money | null;
  units_concerned: Json<string[]>;
  people_concerned: Json<unknown[]>;
  evidence: Json<string[]>;
  recommended_form: DisciplineForm | null;
  is_clue: boolean;
  proposed_rectification: Json<unknown> | null;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface RectificationItemsTable {
  id: Generated<string>;
  finding_id: string | null;
  /** The 约谈 record (a `talk` sync record) whose 表态 the item came from (migration 0008). */
  talk_record_id: string | null;
  title: string;
  measures: string;
  responsible_unit_id: string;
  responsible_person: string;
  kind: RectificationKind;
  deadline: string | null;
  status: LedgerStatus;
  progress: Json<unknown[]>;
  verifications: Json<unknown[]>;
  history: Json<unknown[]>;
  relapse_count: Generated<number>;
  closed_at: Timestamp | null;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface TemplateArchivesTable {
  template_id: string;
  archived_at: Timestamp;
  archived_by: string | null;
}

export interface ResponsibilityBooksTable {
  id: Generated<string>;
  unit_id: string;
  year: number;
  title: string;
  commitments: Generated<string>;
  /** ResponsibilityPoint[] of the shared schema. */
  points: Json<unknown[]>;
  version: Generated<number>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_role: Role | null;
  action: string;
  entity: string;
  entity_id: string | null;
  request_id: string | null;
  ip: string | null;
  details: Json<Record<string, unknown>>;
}

export interface DB {
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  templates: TemplatesTable;
  plans: PlansTable;
  inspections: InspectionsTable;
  findings: FindingsTable;
  rectification_items: RectificationItemsTable;
  audit_events: AuditEventsTable;
  template_archives: TemplateArchivesTable;
  responsibility_books: ResponsibilityBooksTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type UnitRow = Selectable<UnitsTable>;
export type PlanRow = Selectable<PlansTable>;
export type TemplateRow = Selectable<TemplatesTable>;
