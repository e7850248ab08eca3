import { randomUUID } from 'node:crypto';
import {
  localizeImportIssues,
  parseTemplateJson,
  parseTemplateSheets,
  SHEET_NAMES,
  TEMPLATE_FILE_MAX_BYTES,
  templateToEnvelope,
  templateToSheets,
  type Cell,
  type ImportIssue,
  type ImportResult,
  type Locale,
  type Rows,
  type TemplateExportInput,
  type TemplateFile,
  type TemplateImportInput,
  type TemplateSaved,
} from '@ducha/shared';
import type { AppDeps } from '../deps';
import type { Database } from '../db/database';
import { AppError } from '../trpc/errors';
import type { Actor } from '../user/user.service';
import { getTemplate } from './template.service';
import { createTemplate, updateTemplate } from './template-write.service';
import {
  newWorkbook,
  type XlsxCellValue,
  type XlsxWorkbook,
  type XlsxWorksheet,
} from './xlsx-workbook';

/*
 * Templates in and out as files. The layouts and their parsing are pure (shared/templates);
 * this module only turns bytes into rows and back with ExcelJS. An import is all or nothing:
 * a file with any problem changes nothing and answers every problem at once, each named by
 * sheet, row and column (or JSON path), in the caller's language.
 */

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A sheet larger than any template could need is refused before it is read cell by cell. */
const MAX_SHEET_ROWS = 5000;

function safeFilename(title: string, version: number, ext: string): string {
  const base = title.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 80) || 'template';
  return `${base}-v${version}.${ext}`;
}

export async function exportTemplate(
  db: Database,
  input: TemplateExportInput,
  locale: Locale,
  now: Date,
): Promise<TemplateFile> {
  const template = await getTemplate(db, input.id, input.version);
  if (input.format === 'json') {
    const text = JSON.stringify(templateToEnvelope(template, now.toISOString()), null, 2);
    return {
      filename: safeFilename(template.title, template.version, 'json'),
      mime: 'application/json',
      base64: Buffer.from(text, 'utf8').toString('base64'),
    };
  }
  const sheets = templateToSheets(template, locale);
  const book = newWorkbook();
  book.created = now;
  const info = book.addWorksheet(SHEET_NAMES.info[locale]);
  info.addRows(sheets.info);
  info.getColumn(1).width = 22;
  info.getColumn(1).font = { bold: true };
  info.getColumn(2).width = 70;
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  const items = book.addWorksheet(SHEET_NAMES.items[locale], {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  items.addRows(sheets.items);
  items.getRow(1).font = { bold: true };
  const widths = [18, 9, 8, 40, 48, 22, 12, 7, 7, 9, 9, 7, 24, 9, 38, 38];
  widths.forEach((w, i) => {
    const column = items.getColumn(i + 1);
    column.width = w;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  const buffer = await book.xlsx.writeBuffer();
  return {
    filename: safeFilename(template.title, template.version, 'xlsx'),
    mime: XLSX_MIME,
    base64: Buffer.from(buffer).toString('base64'),
  };
}

/** A cell as the pure parser reads it: text, number or boolean. */
function cellValue(value: XlsxCellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean'
      ? result
      : null;
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  return null;
}

function sheetRows(sheet: XlsxWorksheet): Rows {
  const rows: Rows = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c++)
      cells.push(cellValue(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

function findSheet(book: XlsxWorkbook, which: 'info' | 'items') {
  const names = Object.values(SHEET_NAMES[which]);
  return book.worksheets.find((s) => names.includes(s.name.trim()));
}

async function parseXlsx(bytes: Buffer): Promise<ImportResult> {
  const book = newWorkbook();
  try {
    await book.xlsx.load(bytes);
  } catch {
    return issue({ path: '' }, 'template.import_unreadable', { format: 'XLSX' });
  }
  const info = findSheet(book, 'info');
  const items = findSheet(book, 'items');
  const missing: ImportIssue[] = [];
  for (const [which, sheet] of [
    ['info', info],
    ['items', items],
  ] as const) {
    if (!sheet) {
      missing.push({
        at: { path: '' },
        problem: {
          key: 'template.import_missing_sheet',
          params: { sheet: SHEET_NAMES[which]['zh-CN'] },
        },
      });
    }
  }
  if (!info || !items) return { ok: false, issues: missing };
  if (info.rowCount > MAX_SHEET_ROWS || items.rowCount > MAX_SHEET_ROWS) {
    return issue({ path: '' }, 'template.import_too_large', {
      maxKb: TEMPLATE_FILE_MAX_BYTES / 1024,
    });
  }
  return parseTemplateSheets({ info: sheetRows(info), items: sheetRows(items) }, randomUUID);
}

function issue(
  at: ImportIssue['at'],
  key: 'template.import_unreadable' | 'template.import_too_large',
  params: Record<string, string | number>,
): ImportResult {
  return { ok: false, issues: [{ at, problem: { key, params } }] };
}

/** Reads a template file; answers `template.import_invalid` with every problem, or the content. */
export async function readTemplateFile(input: Pick<TemplateImportInput, 'format' | 'base64'>) {
  const bytes = Buffer.from(input.base64, 'base64');
  if (bytes.length > TEMPLATE_FILE_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'template.import_too_large', {
      params: { maxKb: TEMPLATE_FILE_MAX_BYTES / 1024 },
    });
  }
  const result =
    input.format === 'json' ? parseTemplateJson(bytes.toString('utf8')) : await parseXlsx(bytes);
  if (!result.ok) {
    const issues = result.issues;
    throw new AppError('BAD_REQUEST', 'template.import_invalid', {
      issuesIn: (locale) => localizeImportIssues(issues, locale),
    });
  }
  return result;
}

/** Imports a file as a new template, or as an edit of `intoId` (see updateTemplate). */
export async function importTemplate(
  deps: AppDeps,
  actor: Actor,
  input: TemplateImportInput,
): Promise<TemplateSaved> {
  const { content } = await readTemplateFile(input);
  if (input.intoId === null) return createTemplate(deps, actor, content, 'template.import');
  const latest = await getTemplate(deps.db, input.intoId);
  return updateTemplate(
    deps,
    actor,
    { id: latest.id, baseVersion: latest.version, content },
    'template.import',
  );
}
