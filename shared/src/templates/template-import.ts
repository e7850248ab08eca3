import type { z } from 'zod';
import type { Locale } from '../domain/enums';
import type { TemplateContent } from '../domain/template.schema';
import type { MessageKey, MessageParams } from '../i18n/messages';

/*
 * Templates as files, without I/O: a versioned JSON envelope (template-json.ts) and a two-sheet
 * workbook layout (template-sheets.ts: a sheet of template facts, a sheet with one row per item)
 * as plain rows of cell values, so the XLSX library stays a thin adapter in the API. A file is
 * imported whole or not at all: every problem found is reported with where it is.
 */

export const TEMPLATE_FILE_FORMAT = 'ducha-template';
export const TEMPLATE_FILE_VERSION = 1;

export type Cell = string | number | boolean | null;
export type Rows = Cell[][];

export interface TemplateSheets {
  info: Rows;
  items: Rows;
}

/** Where an import problem is: a cell of a sheet, or a path into a JSON document. */
export type ImportLocation =
  { sheet: 'info' | 'items'; row: number | null; column: string | null } | { path: string };

export type ImportProblem = { key: MessageKey; params?: MessageParams } | { zod: z.core.$ZodIssue };

export interface ImportIssue {
  at: ImportLocation;
  problem: ImportProblem;
}

export type ImportResult =
  | { ok: true; content: TemplateContent; sourceId: string | null }
  | { ok: false; issues: ImportIssue[] };

export const SHEET_NAMES: Record<'info' | 'items', Record<Locale, string>> = {
  info: { 'zh-CN': '模板信息', en: 'Template' },
  items: { 'zh-CN': '检查项', en: 'Items' },
};

export function zodIssue(issue: z.core.$ZodIssue, prefix: string): ImportIssue {
  return { at: { path: [prefix, ...issue.path.map(String)].join('.') }, problem: { zod: issue } };
}

export function fail(at: ImportLocation, key: MessageKey, params?: MessageParams): ImportResult {
  return { ok: false, issues: [{ at, problem: params ? { key, params } : { key } }] };
}
