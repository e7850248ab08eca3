import { demoUsers } from '../support/demo-users';
import { expect, HAN, test } from '../support/fixtures';

test('after one visit the app shell and the plans load with the network off', async ({
  page,
  context,
  loginPage,
  plansPage,
}) => {
  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  await expect(plansPage.planItems.first()).toContainText(HAN);
  const onlineTitles = await plansPage.planItems.allInnerTexts();

  await plansPage.waitForServiceWorkerControl();
  await expect(plansPage.planItems.first()).toBeVisible();

  await context.setOffline(true);
  // Proves the browser really is cut off, so whatever renders next came from the device.
  const reachable = await page.evaluate(() =>
    fetch('/healthz', { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
  expect(reachable).toBe(false);

  await page.reload();
  await expect(plansPage.heading).toHaveText('我的计划');
  await expect(plansPage.planItems).toHaveCount(onlineTitles.length);
  await expect(plansPage.planItems.first()).toContainText(HAN);
});
