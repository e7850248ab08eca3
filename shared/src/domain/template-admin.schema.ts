import { z } from 'zod';
import { Id, IsoDateTime } from './common.schema';
import { Template, TemplateContent } from './template.schema';

/*
 * Writing templates (create, edit as a new version, archive) and moving them in and out as
 * files. A version that a plan pins never changes: an edit of it becomes version n + 1.
 */

export const TemplateListInput = z
  .object({ includeArchived: z.boolean().default(false) })
  .default({ includeArchived: false });
export type TemplateListInput = z.infer<typeof TemplateListInput>;

export const TemplateCreateInput = z.object({ content: TemplateContent });
export type TemplateCreateInput = z.infer<typeof TemplateCreateInput>;

/**
 * An edit of the latest version `baseVersion` (an older base is refused as stale: someone saved
 * since). It rewrites that version in place while nothing pins it, and otherwise adds a version.
 */
export const TemplateUpdateInput = z.object({
  id: Id,
  baseVersion: z.int().min(1),
  content: TemplateContent,
});
export type TemplateUpdateInput = z.infer<typeof TemplateUpdateInput>;

export const TemplateSaved = z.object({
  template: Template,
  /** False when the base version was rewritten in place (no plan pinned it). */
  newVersion: z.boolean(),
});
export type TemplateSaved = z.infer<typeof TemplateSaved>;

export const TemplateArchiveInput = z.object({ id: Id, archived: z.boolean() });
export type TemplateArchiveInput = z.infer<typeof TemplateArchiveInput>;

/** One row of a template's version history. */
export const TemplateVersionInfo = z.object({
  version: z.int().min(1),
  title: z.string(),
  itemCount: z.int().nonnegative(),
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  /** Plans pinned to this version: while > 0 the version is immutable. */
  planCount: z.int().nonnegative(),
});
export type TemplateVersionInfo = z.infer<typeof TemplateVersionInfo>;

export const TEMPLATE_FILE_FORMATS = ['json', 'xlsx'] as const;
export const TemplateFileFormat = z.enum(TEMPLATE_FILE_FORMATS);
export type TemplateFileFormat = z.infer<typeof TemplateFileFormat>;

/** Largest template file accepted, in bytes (a 500-item sheet is well under 200 kB). */
export const TEMPLATE_FILE_MAX_BYTES = 512 * 1024;

export const TemplateExportInput = z.object({
  id: Id,
  version: z.int().min(1).optional(),
  format: TemplateFileFormat,
});
export type TemplateExportInput = z.infer<typeof TemplateExportInput>;

/** A file to save: its bytes as base64 (tRPC speaks JSON). */
export const TemplateFile = z.object({
  filename: z.string(),
  mime: z.string(),
  base64: z.string(),
});
export type TemplateFile = z.infer<typeof TemplateFile>;

/**
 * A file to import, base64. `intoId`: add it as a new version of this template instead of
 * creating a template. The base64 limit is the byte limit plus base64's third.
 */
export const TemplateImportInput = z.object({
  format: TemplateFileFormat,
  base64: z
    .string()
    .max(Math.ceil(TEMPLATE_FILE_MAX_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
  intoId: Id.nullable().default(null),
});
export type TemplateImportInput = z.infer<typeof TemplateImportInput>;
