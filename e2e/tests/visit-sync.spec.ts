import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page, Route } from '@playwright/test';
import { demoUsers, type DemoUser } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { serverRecords } from '../support/sync-api';
import { LoginPage } from '../pages/login.page';
import { PlansPage } from '../pages/plans.page';
import { VisitPage } from '../pages/visit.page';

/*
 * Two phones, one visit: offline edits of the same finding converge on the server's order and
 * the overwritten text stays visible and restorable on both; a push cut off by closing the page
 * lands exactly once; the visit reads back with the network off.
 *
 * Both phone projects share one server and database, so every text typed here carries a fresh
 * id: the other project's leftovers never match. The visit is the seeded, still open one of the
 * 年中督责 plan: the 四不两直 visit is started by visit.spec.ts, which checks the position it
 * was started with.
 */

const PLAN = '省交通运输厅';

const tag = () => randomUUID().slice(0, 8);

async function signIn(page: Page, user: DemoUser): Promise<VisitPage> {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(user);
  // 我的计划 loads (and keeps on the device) the plans with their team members' names.
  await expect(new PlansPage(page).heading).toHaveText('我的计划');
  const visit = new VisitPage(page);
  await visit.synced();
  return visit;
}

/** Syncs on demand until `check` passes: the other phone's change is on the server by then. */
async function pullUntil(visit: VisitPage, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await visit.syncNow.click();
    await visit.synced();
    await check();
  }).toPass({ timeout: 20_000 });
}

test('two phones edit one finding offline: same result on both, the lost text shown and restored', async ({
  browser,
  page,
}) => {
  const t = tag();
  const title = `公务接待无公函 ${t}`;
  const original = `接待清单缺少公函 ${t}`;
  const zhangText = `张明补充：超标准接待 2 次 ${t}`;
  const liText = `李华核实：接待 3 次，无公函 ${t}`;
  const liTitle = `公务接待无公函且超标准 ${t}`;

  // Phone A: 张明 (inspector) records the finding online.
  const a = await signIn(page, demoUsers.inspector);
  const path = await a.openVisit(PLAN);
  await a.addFinding({ title, description: original });
  await a.synced();

  // Phone B: 李华 (team leader) opens the same visit and pulls the finding.
  const contextB: BrowserContext = await browser.newContext();
  try {
    const pageB = await contextB.newPage();
    const b = await signIn(pageB, demoUsers.leader);
    await pageB.goto(path);
    await expect(b.description(b.finding(t))).toHaveText(original);

    // Both lose the network and change the same description; each also changes something else.
    await page.context().setOffline(true);
    await contextB.setOffline(true);
    await expect(a.syncSummary).toContainText('离线');
    await expect(b.syncSummary).toContainText('离线');

    await a.editFinding(a.finding(t), { description: zhangText });
    await a.addVisitNote(`张明离线记录 ${t}`);
    await b.editFinding(b.finding(t), { description: liText, title: liTitle });
    await b.addVisitNote(`李华离线记录 ${t}`);
    await expect(a.finding(t).getByText('未同步')).toBeVisible();
    await expect(b.finding(t).getByText('未同步')).toBeVisible();

    // 张明's phone reconnects first, then 李华's: the server applies 李华's change last.
    await page.context().setOffline(false);
    await a.synced();
    await expect(a.finding(t).getByText('未同步')).toHaveCount(0);
    await contextB.setOffline(false);
    await b.synced();
    await expect(b.finding(t).getByText('未同步')).toHaveCount(0);

    // Both converge: the later description wins, 李华's title (no one else changed it) stays,
    // and both notes are on both phones.
    await pullUntil(a, async () => {
      await expect(a.description(a.finding(t))).toHaveText(liText, { timeout: 1000 });
    });
    for (const v of [a, b]) {
      const finding = v.finding(t);
      await expect(v.description(finding)).toHaveText(liText);
      await expect(finding.getByRole('heading', { name: liTitle })).toBeVisible();
      await expect(v.visitNotes.getByText(`张明离线记录 ${t}`, { exact: true })).toBeVisible();
      await expect(v.visitNotes.getByText(`李华离线记录 ${t}`, { exact: true })).toBeVisible();
    }

    // The overwritten text is visible on both phones, next to the finding, in each one's words.
    const noticeA = a.conflicts(a.finding(t));
    await expect(noticeA).toHaveCount(1);
    await expect(noticeA).toContainText(
      `李华 在离线时修改了「问题描述」：您的内容「${zhangText}」已被替换`,
    );
    const noticeB = b.conflicts(b.finding(t));
    await expect(noticeB).toHaveCount(1);
    await expect(noticeB).toContainText(
      `您在离线时修改了「问题描述」，替换了 张明 的内容「${zhangText}」`,
    );
    // Counted near the top, with a link that leads to the notice.
    for (const v of [a, b]) await expect(v.conflictSummary).toBeVisible();
    const link = b.conflictSummary.getByRole('button', { name: `查看：${liTitle} · 问题描述` });
    await link.click();
    await expect(noticeB.getByRole('button', { name: '恢复' })).toBeFocused();
    for (const button of ['恢复', '保留当前']) {
      const box = await noticeA.getByRole('button', { name: button }).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    }

    // 张明 restores his text: at once on his phone, and on 李华's after a sync.
    await noticeA.getByRole('button', { name: '恢复' }).click();
    await expect(a.description(a.finding(t))).toHaveText(zhangText);
    await expect(noticeA).toHaveCount(0);
    await a.synced();
    await expect(a.finding(t).getByText('未同步')).toHaveCount(0);
    await pullUntil(b, async () => {
      await expect(b.description(b.finding(t))).toHaveText(zhangText, { timeout: 1000 });
    });
    await expect(noticeB).toHaveCount(0);
    await expect(b.conflictSummary.getByRole('button', { name: new RegExp(t) })).toHaveCount(0);
    await expect(a.finding(t).getByRole('heading', { name: liTitle })).toBeVisible();
    await expect(pageB.getByRole('alert')).toHaveCount(0);
  } finally {
    await contextB.close();
  }
});

test.describe('with no service worker', () => {
  // page.route cannot see a request that passes through a service worker's fetch handler, and
  // the worker claims the page at a moment of its own choosing (clientsClaim): without it, the
  // push this test holds back could go out unseen and the test would wait for it in vain.
  test.use({ serviceWorkers: 'block' });

  test('a push cut off by closing the page lands exactly once from the next page', async ({
    context,
    page,
  }) => {
    const t = tag();
    const texts = [1, 2, 3].map((n) => `断网记录 ${n} · ${t}`);
    const afterCut = `推送途中记录 · ${t}`;

    const visit = await signIn(page, demoUsers.inspector);
    const path = await visit.openVisit(PLAN);
    await visit.synced();

    // Three notes made offline wait in the outbox.
    await context.setOffline(true);
    for (const text of texts) await visit.addVisitNote(text);

    // The next push reaches the server, which applies it, but its answer never comes back: the
    // page is closed while the request is still open.
    let arrived!: () => void;
    const pushReachedServer = new Promise<void>((resolve) => (arrived = resolve));
    const pushes: number[] = [];
    await page.route('**/trpc/*sync.push*', async (route: Route) => {
      const response = await route.fetch();
      pushes.push(response.status());
      arrived();
      // Neither fulfilled nor aborted: the request hangs until the page goes.
    });
    await context.setOffline(false);
    await pushReachedServer;
    expect(pushes).toEqual([200]);
    // Typed while the push hangs: only in this phone's outbox.
    await visit.addVisitNote(afterCut);
    await page.close();

    // The server has the three notes once each, and not yet the fourth.
    const before = await serverRecords(context.request, 'note');
    for (const text of texts) {
      expect(
        before.filter((n) => n.fields.text === text),
        text,
      ).toHaveLength(1);
    }
    expect(before.filter((n) => n.fields.text === afterCut)).toHaveLength(0);

    // A new page of the same phone sends the outbox again and syncs: the server recognises the
    // mutations it already applied (duplicate) and applies only the new one.
    const again = await context.newPage();
    const statuses: string[] = [];
    again.on('response', async (response) => {
      if (!/\/trpc\/[^?]*sync\.push/.test(response.url())) return;
      const body: unknown = await response.json().catch(() => null);
      for (const entry of Array.isArray(body) ? body : [body]) {
        const results = (entry as { result?: { data?: { results?: { status: string }[] } } })
          ?.result?.data?.results;
        for (const r of results ?? []) statuses.push(r.status);
      }
    });
    await again.goto(path);
    const next = new VisitPage(again);
    await next.synced();
    await expect(again.getByText('未同步')).toHaveCount(0);
    // No change was refused (a duplicate is acknowledged, not rejected).
    await expect(again.getByRole('region', { name: '同步状态' }).getByRole('alert')).toHaveCount(0);

    expect(statuses).toContain('duplicate');
    expect(statuses).toContain('applied');
    expect(statuses).not.toContain('rejected');

    // On the server: every note exactly once, nothing lost.
    const after = await serverRecords(context.request, 'note');
    for (const text of [...texts, afterCut]) {
      expect(
        after.filter((n) => n.fields.text === text),
        text,
      ).toHaveLength(1);
    }
    // And the phone shows each once.
    for (const text of [...texts, afterCut]) {
      await expect(next.visitNotes.getByText(text, { exact: true })).toHaveCount(1);
    }
  });
});

test('the visit reloads with the network off: answers, notes and findings are all there', async ({
  context,
  page,
}) => {
  const t = tag();
  const remarkText = `现场未见公示栏 ${t}`;
  const onlineNote = `联网时记录 ${t}`;
  const offlineNote = `断网后记录 ${t}`;
  const findingTitle = `公示栏缺失 ${t}`;

  const visit = await signIn(page, demoUsers.inspector);
  await new PlansPage(page).waitForServiceWorkerControl();
  const path = await visit.openVisit(PLAN);

  // An item answered with a remark, a note and a finding, synced.
  const item = visit.items.filter({ has: page.getByRole('radio', { name: '部分符合' }) }).first();
  const itemId = await item.getAttribute('id');
  if (!itemId) throw new Error('no conformity item in this checklist');
  const sectionId = await item.evaluate((el) => el.closest('section')?.id ?? '');
  await visit.answer(item, '部分符合');
  await visit.remark(item).fill(remarkText);
  await visit.remark(item).blur();
  await visit.addVisitNote(onlineNote);
  await visit.addFinding({ title: findingTitle, description: `公示栏未设置 ${t}` });
  await visit.synced();
  await expect(page.getByText('未同步')).toHaveCount(0);

  // Cut off; one more note; reload.
  await context.setOffline(true);
  const reachable = await page.evaluate(() =>
    fetch('/healthz', { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
  expect(reachable).toBe(false);
  await visit.addVisitNote(offlineNote);
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(visit.syncSummary).toContainText('离线');

  const sectionToggle = page.locator(`#${sectionId} > h2 > button`);
  await expect(sectionToggle).toBeVisible();
  if ((await sectionToggle.getAttribute('aria-expanded')) === 'false') await sectionToggle.click();
  const reloadedItem = page.locator(`#${itemId}`);
  await expect(reloadedItem.getByRole('radio', { name: '部分符合' })).toBeChecked();
  await expect(visit.remark(reloadedItem)).toHaveValue(remarkText);
  await expect(visit.visitNotes.getByText(onlineNote, { exact: true })).toBeVisible();
  const pending = visit.visitNotes.getByRole('listitem').filter({ hasText: offlineNote });
  await expect(pending).toBeVisible();
  await expect(pending.getByText('未同步')).toBeVisible();
  await expect(visit.finding(findingTitle)).toBeVisible();

  // Back online, the note made offline syncs.
  await context.setOffline(false);
  await visit.synced();
  await expect(pending.getByText('未同步')).toHaveCount(0);
});
