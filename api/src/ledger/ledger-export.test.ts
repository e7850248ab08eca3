import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { login, setupTestEnv, type TestEnv } from '../test/harness';
import { callerFor } from '../test/harness';
import { EXPORT_HEADERS } from './ledger-export.service';

/*
 * GET /exports/ledger.xlsx: the ledger the session sees, filtered like ledger.list, as a
 * streamed workbook with Chinese headers.
 */

let env: TestEnv;
let app: ReturnType<typeof createApp>;
const cookies: Record<string, string> = {};
const BASE = 'http://localhost';

beforeAll(async () => {
  env = await setupTestEnv();
  app = createApp(env.deps);
  for (const user of ['supervisor', 'sunwei', 'admin']) {
    cookies[user] = `ducha_session=${(await login(env.deps, user)).token}`;
  }
});
afterAll(() => env.cleanup());

async function exportAs(user: string | null, query = '') {
  return app.request(`${BASE}/exports/ledger.xlsx${query}`, {
    headers: user ? { cookie: cookies[user]! } : {},
  });
}

async function rowsOf(res: Response): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.getWorksheet('整改台账')!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}

describe('ledger XLSX export', () => {
  it('holds every item the supervisor sees, in the list’s order, under Chinese headers', async () => {
    const res = await exportAs('supervisor', '?sort=title');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const rows = await rowsOf(res);
    expect(rows[0]).toEqual(EXPORT_HEADERS.map((h) => h.header));
    const { caller } = await callerFor(env.deps, { token: cookies.supervisor!.split('=')[1]! });
    const list = await caller.ledger.list({ sort: 'title', pageSize: 100 });
    expect(rows.slice(1).map((r) => r[1])).toEqual(list.rows.map((r) => r.title));
    expect(rows.length - 1).toBe(list.total);
    const closed = rows.find((r) => r[1] === '关停机关食堂包间，规范公务接待')!;
    expect(closed[6]).toBe('已销号');
    expect(closed[2]).toBe('江南省财政厅');
  });

  it('applies the filter', async () => {
    const filter = encodeURIComponent(JSON.stringify({ q: '食堂', statuses: ['closed'] }));
    const rows = await rowsOf(await exportAs('supervisor', `?filter=${filter}`));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['关停机关食堂包间，规范公务接待']);
  });

  it('gives a supervisor nothing outside their scope', async () => {
    const all = await rowsOf(await exportAs('supervisor'));
    expect(all.slice(1).filter((r) => r[2] === '江南省财政厅').length).toBeGreaterThan(0);
    const rows = await rowsOf(await exportAs('sunwei'));
    expect(rows.slice(1).filter((r) => r[2] === '江南省财政厅')).toEqual([]);
  });

  it('needs a session, refuses administrators and bad filters', async () => {
    expect((await exportAs(null)).status).toBe(401);
    expect((await exportAs('admin')).status).toBe(403);
    expect((await exportAs('supervisor', '?filter=%7Bnot-json')).status).toBe(400);
    const bad = encodeURIComponent(JSON.stringify({ statuses: ['lost'] }));
    expect((await exportAs('supervisor', `?filter=${bad}`)).status).toBe(400);
  });
});
