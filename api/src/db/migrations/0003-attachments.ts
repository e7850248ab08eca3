import { sql, type Kysely } from 'kysely';

/*
 * Attachments: bytes addressed by their SHA-256 (see attachments/README.md).
 *
 * - `files`: one row per stored, verified file. The bytes live in a FileStore (the data directory
 *   by default), never in the database.
 * - `uploads`: resumable uploads in progress. An upload belongs to its uploader until it
 *   completes; `upload_offset` is the truth about how many bytes were accepted (the store may hold
 *   stale bytes past it after a crash, which the next chunk overwrites).
 * - `file_refs`: which plans reference a file. Filled by sync when an attachment record is
 *   applied; a record may arrive before its bytes, so there is no foreign key to `files`.
 *   Reading a file is allowed to whoever may see one of these plans (authz/policy.ts canReadFile).
 */
const statements = [
  `CREATE TABLE files (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL CHECK (size >= 1),
    mime_type text NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 100),
    uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX files_uploaded_by_idx ON files (uploaded_by)`,
  `CREATE TABLE uploads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL CHECK (size >= 1),
    mime_type text NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 100),
    upload_offset bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (upload_offset BETWEEN 0 AND size),
    -- One upload per user and file: a device that lost the creation response gets the same one back.
    UNIQUE (user_id, sha256)
  )`,
  `CREATE INDEX uploads_updated_at_idx ON uploads (updated_at)`,
  `CREATE TABLE file_refs (
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, plan_id)
  )`,
  `CREATE INDEX file_refs_plan_idx ON file_refs (plan_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
