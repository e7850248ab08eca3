import { createRequire } from 'node:module';

/*
 * The few ExcelJS calls the template files need, typed here rather than through ExcelJS's own
 * declarations: the web app type-checks against the API's router, and ExcelJS's typings (and the
 * old @types/node they drag in) must stay out of that program. ExcelJS loads on first use, so an
 * API that never exports a template never pays for it.
 */

export type XlsxCellValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { richText: { text: string }[] }
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { text?: unknown; hyperlink?: string }
  | { error: unknown };

export interface XlsxRow {
  cellCount: number;
  font: unknown;
  getCell(column: number): { value: XlsxCellValue };
}

export interface XlsxColumn {
  width: number | undefined;
  font: unknown;
  alignment: unknown;
}

export interface XlsxWorksheet {
  name: string;
  rowCount: number;
  actualRowCount: number;
  addRows(rows: unknown[][]): unknown;
  getRow(row: number): XlsxRow;
  getColumn(column: number): XlsxColumn;
}

export interface XlsxWorkbook {
  created: Date;
  worksheets: XlsxWorksheet[];
  addWorksheet(name: string, options?: unknown): XlsxWorksheet;
  getWorksheet(name: string): XlsxWorksheet | undefined;
  xlsx: {
    load(data: Buffer): Promise<unknown>;
    writeBuffer(): Promise<ArrayBuffer>;
  };
}

const require = createRequire(import.meta.url);
let excel: { Workbook: new () => XlsxWorkbook } | null = null;

export function newWorkbook(): XlsxWorkbook {
  excel ??= require('exceljs') as { Workbook: new () => XlsxWorkbook };
  return new excel.Workbook();
}
