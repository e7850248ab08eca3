import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';

test('switching the language to English and back', async ({ page, loginPage, plansPage }) => {
  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');

  await plansPage.switchToEnglish.click();
  await expect(plansPage.heading).toHaveText('My plans');
  await expect(plansPage.switchToChinese).toBeVisible();

  // The choice is remembered across a reload.
  await page.reload();
  await expect(plansPage.heading).toHaveText('My plans');

  await plansPage.switchToChinese.click();
  await expect(plansPage.heading).toHaveText('我的计划');
});
