import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { SearchPage } from '../pages/search.page';

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
