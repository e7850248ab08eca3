import { randomUUID } from 'node:crypto';
import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { SearchPage } from '../pages/search.page';
import { VisitPage } from '../pages/visit.page';

test('search finds plans in the device records with the network off, without word spaces', async ({
  page,
  context,
  loginPage,
  plansPage,
}) => {
  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  // The first pull brings the plans onto the device.
  await expect(page.getByRole('region', { name: '同步状态' }).getByRole('status')).toContainText(
    '已同步',
  );

  // Offline, the search screen's code comes from the service worker's precache.
  await plansPage.waitForServiceWorkerControl();
  await context.setOffline(true);
  const search = new SearchPage(page);
  await search.open();
  await expect(search.heading).toHaveText('搜索');
  await expect(search.status).toContainText('输入关键词');

  // 公务用车 sits inside 青山县机关食堂与公务用车: found with no space around it.
  await search.search('公务用车　青山县');
  const plans = search.group('计划');
  const hit = plans.getByRole('link', { name: /四不两直暗访/ });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark')).toHaveText(['青山县', '公务用车']);
  await expect(hit).toHaveAttribute('href', /^\/plans\/[0-9a-f-]{36}$/);

  await search.search('没有这样的记录');
  await expect(search.status).toContainText('本机没有与“没有这样的记录”相关的记录');
  await expect(search.results).toHaveCount(0);
});

test('search finds a Chinese phrase from the middle of a note typed offline, and opens its visit', async ({
  page,
  context,
  loginPage,
  plansPage,
}) => {
  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  const visit = new VisitPage(page);
  await visit.synced();
  await plansPage.waitForServiceWorkerControl();

  await context.setOffline(true);
  const path = await visit.openVisit('省交通运输厅');
  const tag = randomUUID().slice(0, 8);
  // No spaces anywhere, as Chinese is written: the phrase sits inside the note's one run of text.
  const note = `调阅二〇二六年三月公务接待清单发现三笔招待费未附公函及接待审批单${tag}`;
  await visit.addVisitNote(note);

  const search = new SearchPage(page);
  await search.open();
  await search.search('招待费未附公函');
  const hit = search.group('现场记录').getByRole('link').filter({ hasText: tag });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark')).toHaveText(['招待费未附公函']);
  await expect(hit).toHaveAttribute('href', new RegExp(`^${path}`));

  // Still there after a reload with no network: the note lives on the phone.
  await page.reload();
  await search.search('三笔招待费');
  await expect(search.group('现场记录').getByRole('link').filter({ hasText: tag })).toBeVisible();
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`^[^?#]*${path}`));
  await expect(visit.visitNotes.getByText(note, { exact: true })).toBeVisible();
});
