import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';

test('the sync bar says 已同步, syncs on demand, and goes offline without blocking the page', async ({
  page,
  context,
  loginPage,
  plansPage,
}) => {
  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');

  const bar = page.getByRole('region', { name: '同步状态' });
  const summary = bar.getByRole('status');
  const syncNow = bar.getByRole('button', { name: '立即同步', exact: true });
  // The first pull ran by itself after signing in.
  await expect(summary).toContainText('已同步');
  await expect(summary).toContainText('上次同步');
  const box = await syncNow.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);

  const pulled = page.waitForResponse((r) => r.url().includes('/trpc/sync.pull'));
  await syncNow.click();
  expect((await pulled).status()).toBe(200);
  await expect(summary).toContainText('已同步');
  await expect(bar.getByRole('alert')).toHaveCount(0);

  await context.setOffline(true);
  await expect(summary).toContainText('离线');
  await syncNow.click();
  await expect(summary).toContainText('离线，修改保存在本机');
  // Nothing waits on the network: the plans stay readable and the navigation works.
  await expect(plansPage.planItems.first()).toBeVisible();
  await page.getByRole('link', { name: '我的计划' }).click();
  await expect(plansPage.heading).toHaveText('我的计划');

  await context.setOffline(false);
  await expect(summary).toContainText('已同步');
});
