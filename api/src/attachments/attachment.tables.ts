import type { ColumnType, Generated } from 'kysely';
import type { Database } from '../db/database';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/* Kysely types of migration 0003, kept here so db/schema.ts need not change with this area. */
export interface FilesTable {
  sha256: string;
  size: number;
  mime_type: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface UploadsTable {
  id: Generated<string>;
  user_id: string;
  sha256: string;
  size: number;
  mime_type: string;
  upload_offset: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FileRefsTable {
  sha256: string;
  plan_id: string;
  created_at: Timestamp;
}

export type AttachmentTables = {
  files: FilesTable;
  uploads: UploadsTable;
  file_refs: FileRefsTable;
};

export function attachmentDb(db: Database) {
  return db.withTables<AttachmentTables>();
}
