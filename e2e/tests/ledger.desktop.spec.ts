import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { LedgerPage } from '../pages/ledger.page';
import { LoginPage } from '../pages/login.page';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { demoUsers, DEMO_PASSWORD, type DemoUser } from '../support/demo-users';
import { ApiDevice, apiLogIn, apiMutation, apiQuery } from '../support/sync-api';
import { solidPng } from '../support/test-image';

/*
 * The supervisor runs the 整改台账 in the console: filters and searches it; pushes a case to a
 * similar unit (以案促改); the team leader starts that item and claims it done with evidence
 * (申请销号); the supervisor verifies it and closes it (销号); a spot check drawn twice with the
 * same seed gives the same sample; the XLSX export holds the rows on screen. Data the test makes
 * is unique per run (other projects share the server), and no seeded item changes status.
 */

async function signedIn(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(user);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  // ExcelJS types its input as the old Buffer; a plain ArrayBuffer copy satisfies both.
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  const rows: string[][] = [];
  wb.getWorksheet('整改台账')!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}

test('a ledger item goes to 销号 by the right roles; filters, spot checks and the export', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const run = randomUUID().slice(0, 6);
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.supervisor);
  await expect(page).not.toHaveURL(/\/login/);
  const ledger = new LedgerPage(page);
  await ledger.goto();
  await expectNoSeriousA11yViolations(page);

  // Search in Chinese, then narrow by status.
  await ledger.filter({ q: '食堂' });
  await expect(ledger.row('关停机关食堂包间，规范公务接待')).toBeVisible();
  for (const title of await ledger.titles()) expect(title).toBeTruthy();
  await ledger.filter({ q: '食堂', status: '已销号' });
  await expect.poll(() => ledger.titles()).toEqual(['关停机关食堂包间，规范公务接待']);
  await ledger.filter({});
  const overdue = ledger.row('修订津贴补贴发放审核办法');
  await expect(overdue.getByText('已逾期')).toBeVisible();

  // 以案促改: the 津贴补贴 case goes to 临江市财政局 as an item of its own.
  const person = `临江市财政局局长-${run}`;
  await ledger.openItem('清退违规发放的津贴补贴');
  await ledger.pushTypicalCase({ units: ['临江市财政局'], person, deadline: '2030-06-30' });
  await ledger.goto();
  await ledger.filter({ q: person });
  const title = '以案促改：清退违规发放的津贴补贴';
  await expect.poll(() => ledger.titles()).toEqual([title]);
  await ledger.openItem(title);
  const itemUrl = page.url();
  await expect(ledger.status()).toHaveText('待整改');
  // A supervisor does not do the unit's work: no 开始整改 for them.
  await expect(page.getByRole('button', { name: '开始整改' })).toHaveCount(0);

  // The team leader starts it and claims completion with evidence.
  const leader = await signedIn(browser, demoUsers.leader);
  const leaderLedger = new LedgerPage(leader);
  await leader.goto(itemUrl);
  await expect(leader.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(leader.getByRole('button', { name: '验收通过' })).toHaveCount(0);
  await leaderLedger.act('开始整改');
  await expect(leaderLedger.status()).toHaveText('整改中');
  await leaderLedger.act('申请销号', {
    reason: '已对照问题完成自查自纠，违规款项全部清退。',
    files: [{ name: '清退凭证.png', mimeType: 'image/png', buffer: solidPng(8, 8, [200, 30, 30]) }],
  });
  await expect(leaderLedger.status()).toHaveText('待验收');
  await expectNoSeriousA11yViolations(leader);
  await leader.context().close();

  // The supervisor verifies it and closes it (销号); the history says who did what.
  await page.goto(itemUrl);
  await expect(ledger.status()).toHaveText('待验收');
  await expect(page.getByRole('link', { name: /佐证材料/ })).toHaveCount(1);
  await ledger.act('验收通过', { reason: '书面审核：凭证齐全。' });
  await expect(ledger.status()).toHaveText('已验收');
  await ledger.act('销号');
  await expect(ledger.status()).toHaveText('已销号');
  const history = page.getByRole('region', { name: '处理记录' }).getByRole('listitem');
  await expect(history).toHaveText([/交办/, /开始整改/, /申请销号/, /验收通过/, /销号/]);
  await expectNoSeriousA11yViolations(page);

  // A spot check of closed items, drawn twice with the same seed: the same sample.
  const seed = `抽查-${run}`;
  const first = await ledger.drawSpotCheck(seed);
  expect(first.length).toBeGreaterThan(0);
  const second = await ledger.drawSpotCheck(seed);
  expect(second).toEqual(first);
  await expectNoSeriousA11yViolations(page);

  // The export holds what the filtered table shows.
  await ledger.goto();
  await ledger.filter({ q: '津贴' });
  const shown = await ledger.titles();
  expect(shown).toContain(title);
  const file = await ledger.export();
  expect(file.name).toMatch(/\.xlsx$/);
  const rows = await xlsxRows(file.bytes);
  expect(rows[0]).toEqual(expect.arrayContaining(['整改事项', '责任单位', '状态', '整改期限']));
  expect(rows.slice(1).map((r) => r[1])).toEqual(shown);
  expect(rows.find((r) => r[1] === title)?.[6]).toBe('已销号');
});

test('a claimed item is verified on a 回头看 verdict given on site, then closed (销号)', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const run = randomUUID().slice(0, 6);
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.supervisor);
  await expect(page).not.toHaveURL(/\/login/);
  const ledger = new LedgerPage(page);

  // An item of 临江市财政局 claimed done (申请销号) by the first team's leader.
  const person = `临江市财政局副局长-${run}`;
  await ledger.goto();
  await ledger.openItem('清退违规发放的津贴补贴');
  await ledger.pushTypicalCase({ units: ['临江市财政局'], person, deadline: '2030-06-30' });
  await ledger.goto();
  await ledger.filter({ q: person });
  const title = '以案促改：清退违规发放的津贴补贴';
  await expect.poll(() => ledger.titles()).toEqual([title]);
  await ledger.openItem(title);
  const itemUrl = page.url();
  const itemId = itemUrl.split('/').pop()!;
  const leader = await signedIn(browser, demoUsers.leader);
  const leaderLedger = new LedgerPage(leader);
  await leader.goto(itemUrl);
  await leaderLedger.act('开始整改');
  await leaderLedger.act('申请销号', {
    reason: '已建立津贴补贴发放审核台账。',
    files: [{ name: '台账.png', mimeType: 'image/png', buffer: solidPng(8, 8, [30, 90, 200]) }],
  });
  await expect(leaderLedger.status()).toHaveText('待验收');
  await leader.context().close();

  // The supervisor sends the second team on a 回头看 of that unit.
  const api = page.request;
  const teams = await apiQuery<{ id: string; name: string }[]>(api, 'plan.manage.teams', {});
  const units = await apiQuery<{ id: string; name: string }[]>(api, 'unit.list', {});
  const templates = await apiQuery<{ id: string; title: string }[]>(api, 'template.list', {});
  const plan = await apiMutation<{ id: string; templateId: string; templateVersion: number }>(
    api,
    'plan.create',
    {
      kind: 'follow_up',
      teamId: teams.find((t) => t.name === '第二检查组')!.id,
      title: `回头看：临江市财政局 ${run}`,
      targetUnitId: units.find((u) => u.name === '临江市财政局')!.id,
      windowStart: '2026-12-01',
      windowEnd: '2026-12-31',
      templateId: templates[0]!.id,
    },
  );

  // On site, the second team's inspector judges it 整改到位 (a phone without a browser).
  const phoneContext = await browser.newContext();
  await apiLogIn(phoneContext.request, { username: 'liuyang', password: DEMO_PASSWORD });
  const phone = new ApiDevice(phoneContext.request);
  const inspectionId = randomUUID();
  await phone.push('inspection.start', {
    id: inspectionId,
    planId: plan.id,
    templateId: plan.templateId,
    templateVersion: plan.templateVersion,
    startedAt: new Date().toISOString(),
  });
  const onSite = `现场核查 ${run}：审核台账已建立并执行`;
  await phone.push('followup.verdict', {
    inspectionId,
    targetKind: 'rectification',
    targetId: itemId,
    set: { verdict: 'rectified', comment: onSite, evidence: [] },
    base: { verdict: null, comment: null, evidence: null },
  });
  await phoneContext.close();

  // The supervisor sees the verdict on the item, verifies on it, and closes the item.
  await page.goto(itemUrl);
  const verdicts = page.getByRole('region', { name: '回头看结论' });
  await expect(verdicts).toContainText('整改到位');
  await expect(verdicts).toContainText(onSite);
  await ledger.act('验收通过', { verdict: `回头看结论：${onSite}` });
  await expect(ledger.status()).toHaveText('已验收');
  await ledger.act('销号');
  await expect(ledger.status()).toHaveText('已销号');
  const history = page.getByRole('region', { name: '处理记录' }).getByRole('listitem');
  await expect(history).toHaveText([/交办/, /开始整改/, /申请销号/, /验收通过/, /销号/]);
  await expect(history.nth(3)).toContainText(onSite);
});
