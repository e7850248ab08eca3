import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import {
  effectiveDeadline,
  isOverdue,
  label,
  LedgerListInput,
  type FindingCategory,
} from '@ducha/shared';
import type { SessionUser } from '../auth/session.service';
import type { Database } from '../db/database';
import { ledgerOrder, ledgerWhere } from './ledger-filter';
import { LIST_COLUMNS } from './ledger-list.service';
import type { ListRowSource } from './ledger-row';

/*
 * The 整改台账 as XLSX: the list's question (same scope, filters and order, every page), read
 * through a server-side cursor a batch at a time and written row by row with ExcelJS's streaming
 * WorkbookWriter, so memory stays flat whether the ledger holds 100 items or 100,000.
 */

const BATCH = 1000;

export const EXPORT_HEADERS = [
  { header: '序号', key: 'n', width: 8 },
  { header: '整改事项', key: 'title', width: 40 },
  { header: '责任单位', key: 'unit', width: 24 },
  { header: '责任人', key: 'person', width: 18 },
  { header: '问题类别', key: 'category', width: 14 },
  { header: '整改类型', key: 'kind', width: 12 },
  { header: '状态', key: 'status', width: 10 },
  { header: '整改期限', key: 'deadline', width: 12 },
  { header: '是否逾期', key: 'overdue', width: 10 },
  { header: '反弹次数', key: 'relapses', width: 10 },
  { header: '交办日期', key: 'created', width: 12 },
  { header: '最后更新', key: 'updated', width: 20 },
] as const;

const cst = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString();

/**
 * Writes the workbook into `out` (a stream the HTTP layer sends as it fills). Resolves with the
 * number of rows once the workbook is complete; `out` is ended either way.
 */
export async function writeLedgerXlsx(
  db: Database,
  user: SessionUser,
  raw: LedgerListInput,
  now: Date,
  out: PassThrough,
): Promise<number> {
  const input = LedgerListInput.parse(raw);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  wb.creator = 'Ducha';
  const ws = wb.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_HEADERS.map((h) => ({ ...h }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  // A cursor lives in a transaction; read-only and repeatable so the file is one snapshot.
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await sql`declare ledger_export no scroll cursor for
        select ${LIST_COLUMNS}
        from rectification_items r join units ru on ru.id = r.responsible_unit_id
        where ${ledgerWhere(tx, user, input.filter, now)}
        order by ${ledgerOrder(input.sort, input.desc)}`.execute(tx);
      for (;;) {
        const batch =
          await sql<ListRowSource>`fetch ${sql.raw(String(BATCH))} from ledger_export`.execute(tx);
        for (const r of batch.rows) {
          n += 1;
          const createdAt = r.created_at.toISOString();
          const basis = { status: r.status, kind: r.kind, deadline: r.deadline, createdAt };
          ws.addRow({
            n,
            title: r.title,
            unit: r.unit_name,
            person: r.responsible_person,
            category: r.category
              ? label('findingCategory', r.category as FindingCategory, 'zh-CN')
              : '',
            kind: label('rectificationKind', r.kind, 'zh-CN'),
            status: label('ledgerStatus', r.status, 'zh-CN'),
            deadline: effectiveDeadline(basis) ?? '',
            overdue: isOverdue(basis, now) ? '是' : '否',
            relapses: r.relapse_count,
            created: cst(r.created_at).slice(0, 10),
            updated: cst(r.updated_at).slice(0, 19).replace('T', ' '),
          }).commit();
        }
        if (batch.rows.length < BATCH) break;
        // Let the HTTP layer drain what is written before reading more.
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
      }
      await sql`close ledger_export`.execute(tx);
    });
  ws.commit();
  await wb.commit();
  return n;
}
