import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { CardsPage } from '../pages/cards.page';
import { selectByText } from '../pages/console-select';
import { LoginPage } from '../pages/login.page';
import { PlanningPage } from '../pages/planning.page';
import { TemplateEditorPage } from '../pages/template-editor.page';
import { TemplatesPage } from '../pages/templates.page';
import { DEMO_PASSWORD, demoUsers } from '../support/demo-users';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { apiLogIn, apiQuery } from '../support/sync-api';

/*
 * The supervisor plans in the console: a template goes out as XLSX and JSON and comes back in,
 * the copy becomes the checklist of a new 四不两直 plan for the first team, whose inspector sees it
 * while an inspector of the other team does not; an edit of the pinned template becomes a new
 * version while the plan keeps its own; a unit's 一书双卡 drafts a 年中督责 checklist that a new
 * 年中督责 plan uses. Data is unique per run (phone projects share the server).
 */

interface PlanRow {
  id: string;
  title: string;
  templateId: string;
  templateVersion: number;
}

async function signedInRequest(browser: Browser, username: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  await apiLogIn(context.request, { username, password: DEMO_PASSWORD });
  return context.request;
}

test('a supervisor plans with templates, files, versions and 一书双卡', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const run = randomUUID().slice(0, 6);
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.supervisor);
  await expect(page).toHaveURL(/\/plans$/);

  // Export a template both ways and import both files back.
  const templates = new TemplatesPage(page);
  await templates.goto();
  const source = '落实中央八项规定精神专项检查表';
  await expect(templates.rows(source)).toHaveCount(1);
  const xlsx = await templates.export(source, 'XLSX');
  expect(xlsx.name).toMatch(/\.xlsx$/);
  expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
  const json = await templates.export(source, 'JSON');
  expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ format: 'ducha-template' });

  await templates.import(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await expect(templates.status.filter({ hasText: `已导入模板“${source}”` })).toBeVisible();
  await templates.import(json, 'application/json');
  await expect(templates.rows(source)).toHaveCount(3);
  const supervisorApi = page.request;
  const listed = await apiQuery<{ id: string; title: string; itemCount: number }[]>(
    supervisorApi,
    'template.list',
    {},
  );
  const copies = listed.filter((t) => t.title === source);
  expect(new Set(copies.map((t) => t.itemCount)).size).toBe(1);

  // A broken file changes nothing and says why.
  await templates.import(
    { name: 'broken.json', bytes: Buffer.from('{"format":') },
    'application/json',
  );
  await expect(page.getByRole('alert')).toContainText('无法读取文件');
  await expect(templates.rows(source)).toHaveCount(3);

  // The imported XLSX copy is renamed (no plan pins it yet: version 1 is rewritten).
  const copyTitle = `四不两直暗访检查表 ${run}`;
  const editor = new TemplateEditorPage(page);
  await templates
    .rows(source)
    .nth(1)
    .getByRole('link', { name: `编辑 ${source}` })
    .click();
  await editor.rename(copyTitle);
  await editor.saveExpecting(/第 1 版尚无计划使用/);

  // A 四不两直 plan for the first team on that copy.
  const planning = new PlanningPage(page);
  await planning.goto();
  const secretTitle = `暗访：东湖区食堂 ${run}`;
  await planning.create({
    kind: '四不两直',
    title: secretTitle,
    target: '临江市东湖区',
    team: '第一检查组',
    from: '2026-09-01',
    to: '2026-09-02',
    template: copyTitle,
  });
  const row = planning.row(secretTitle);
  await expect(row).toContainText('保密');
  await expect(row).toContainText('第 1 版');

  // The team's inspector sees it; an inspector of the other team does not, not even by id.
  const inspector = await signedInRequest(browser, 'inspector');
  const mine = (await apiQuery<PlanRow[]>(inspector, 'plan.list', {})).find(
    (p) => p.title === secretTitle,
  );
  expect(mine).toBeDefined();
  const outsider = await signedInRequest(browser, 'liuyang');
  const theirs = await apiQuery<PlanRow[]>(outsider, 'plan.list', {});
  expect(theirs.some((p) => p.id === mine!.id || p.title === secretTitle)).toBe(false);
  const probe = await outsider.get(
    `/trpc/plan.get?input=${encodeURIComponent(JSON.stringify({ id: mine!.id }))}`,
  );
  expect(probe.status()).toBe(404);
  const ghost = await outsider.get(
    `/trpc/plan.get?input=${encodeURIComponent(JSON.stringify({ id: randomUUID() }))}`,
  );
  expect((await probe.json()).error.message).toBe((await ghost.json()).error.message);

  // Editing the pinned template makes version 2; the plan keeps version 1.
  await templates.goto();
  await templates.openEditor(copyTitle);
  await editor.rename(`${copyTitle}（修订）`);
  await editor.saveExpecting(/已保存为第 2 版/);
  const pinned = await apiQuery<PlanRow>(supervisorApi, 'plan.manage.get', { id: mine!.id });
  expect(pinned.templateVersion).toBe(1);
  const latest = await apiQuery<{ version: number }>(supervisorApi, 'template.get', {
    id: pinned.templateId,
  });
  expect(latest.version).toBe(2);
  await planning.goto();
  await expect(planning.row(secretTitle)).toContainText(`${copyTitle} · 第 1 版`);

  // 一书双卡 → the 年中督责 checklist → a 年中督责 plan on it.
  const year = 2030 + Math.floor(Math.random() * 60);
  const cards = new CardsPage(page);
  await cards.goto();
  await cards.open('江南省交通运输厅', year);
  await cards.addPoint('责任点', {
    category: '政治建设',
    content: `每季度专题研究党风廉政建设 ${run}`,
    measures: '党组会议纪要',
  });
  await cards.addPoint('风险点', {
    category: '工程建设',
    content: `工程招投标围标串标 ${run}`,
    measures: '招标全过程纪检监督',
  });
  await cards.save();
  await cards.generateChecklist();
  const checklistTitle = `${year}年“年中督责”检查表（江南省交通运输厅）`;
  await expect(editor.title).toHaveValue(checklistTitle);
  await expect(page.getByLabel('检查项').first()).toHaveValue(`每季度专题研究党风廉政建设 ${run}`);
  await editor.saveExpecting(/第 1 版/);

  await planning.goto();
  const midyearTitle = `${year}年中督责：省交通运输厅 ${run}`;
  await planning.create({
    kind: '年中督责',
    title: midyearTitle,
    target: '江南省交通运输厅',
    team: '第二检查组',
    from: '2026-10-10',
    to: '2026-10-12',
    template: checklistTitle,
  });
  await expect(planning.row(midyearTitle)).toContainText(`${checklistTitle} · 第 1 版`);
});

test('the planning, template and administration screens pass axe', async ({ page }) => {
  test.setTimeout(240_000);
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.supervisor);
  await expect(page).toHaveURL(/\/plans$/);
  const planning = new PlanningPage(page);
  await planning.goto();
  await expectNoSeriousA11yViolations(page);
  await planning.newPlan.click();
  await expect(planning.dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press('Escape');
  const templates = new TemplatesPage(page);
  await templates.goto();
  await expectNoSeriousA11yViolations(page);
  // A new template (one section, one item): axe over a 40-item sheet takes minutes on two cores.
  await page.getByRole('link', { name: '新建模板' }).click();
  await expect(page.getByRole('button', { name: '保存模板' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const cards = new CardsPage(page);
  await cards.goto();
  await cards.open('江南省财政厅', 2099);
  await cards.addPoint('风险点', { category: '财务', content: '票据管理', measures: '定期盘点' });
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: '退出登录' }).click();
  // Signing out ends on the login page; navigating before that could cut it short.
  await expect(page).toHaveURL(/\/login$/);
  await login.goto();
  await login.logIn(demoUsers.admin);
  await expect(page).toHaveURL(/\/plans$/);
  await page.goto('/admin');
  await page.getByRole('button', { name: '编辑用户 张明' }).click();
  await selectByText(page.getByLabel('选择单位'), '临江市');
  await expectNoSeriousA11yViolations(page);
});
