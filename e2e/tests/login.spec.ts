import { demoUsers } from '../support/demo-users';
import { expect, HAN, test } from '../support/fixtures';
import type { Page } from '@playwright/test';

async function currentUserBody(page: Page): Promise<string> {
  const response = await page.request.get('/trpc/auth.me');
  expect(response.status()).toBe(200);
  return response.text();
}

test.describe('logging in', () => {
  test('an inspector lands on their plans, listed in Chinese', async ({
    page,
    context,
    loginPage,
    plansPage,
  }) => {
    await loginPage.goto();
    await loginPage.logIn(demoUsers.inspector);

    await expect(page).toHaveURL(/\/plans$/);
    // Plain HTTP here, so no __Host- prefix; scripts must never read the session token.
    const cookies = await context.cookies();
    expect(cookies.filter((c) => c.name.includes('ducha_session'))).toEqual([
      expect.objectContaining({
        name: 'ducha_session',
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
      }),
    ]);
    await expect(plansPage.heading).toHaveText('我的计划');
    // The demo gives the inspector's team at least two plans, one of them a 四不两直 visit.
    await expect(plansPage.planItems.nth(1)).toBeVisible();
    await expect(plansPage.planItems.first()).toContainText(HAN);
    await expect(plansPage.planItems.filter({ hasText: '四不两直' }).first()).toBeVisible();
  });

  test('a wrong password shows a clear error and stays on the login page', async ({
    page,
    loginPage,
  }) => {
    await loginPage.goto();
    await loginPage.logIn({ username: demoUsers.inspector.username, password: 'not-the-password' });

    await expect(loginPage.error).toContainText('用户名或密码错误');
    await expect(page).toHaveURL(/\/login$/);
    await expect(loginPage.password).toBeVisible();
  });

  test('signing out returns to the login page and closes the session', async ({
    page,
    loginPage,
    plansPage,
  }) => {
    await loginPage.goto();
    await loginPage.logIn(demoUsers.inspector);
    await expect(plansPage.heading).toHaveText('我的计划');
    // The session cookie is shared with page.request, so this is the browser's own session.
    expect(await currentUserBody(page)).toContain('"inspector"');

    await plansPage.logOut.click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await currentUserBody(page)).not.toContain('"inspector"');

    await plansPage.goto();
    await expect(page).toHaveURL(/\/login$/);
  });
});
