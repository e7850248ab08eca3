import type { Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, smallTouchTargets } from '../support/axe';
import { demoUsers, type DemoUser } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { LoginPage } from '../pages/login.page';
import { SearchPage } from '../pages/search.page';

/**
 * Every screen, in Chinese, on each phone project: axe-core must find no serious or critical
 * violation, and every control must be a 44 px touch target. To cover a new screen, add an entry:
 * who signs in (null: nobody), where to go, and what shows the screen is ready to be checked.
 */
interface Screen {
  name: string;
  user: DemoUser | null;
  path: string;
  ready(page: Page): Promise<void>;
}

const heading = (page: Page, name: string) =>
  expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

const SCREENS: Screen[] = [
  {
    name: '登录',
    user: null,
    path: '/login',
    ready: (page) => heading(page, '登录督查'),
  },
  {
    name: '我的计划',
    user: demoUsers.inspector,
    path: '/plans',
    ready: async (page) => {
      await heading(page, '我的计划');
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
    },
  },
  {
    name: '搜索（未输入）',
    user: demoUsers.inspector,
    path: '/search',
    ready: (page) => heading(page, '搜索'),
  },
  {
    name: '搜索（有结果）',
    user: demoUsers.inspector,
    path: '/search',
    ready: async (page) => {
      const search = new SearchPage(page);
      await search.search('食堂');
      await expect(search.results.first()).toBeVisible();
    },
  },
  {
    name: '搜索（无结果）',
    user: demoUsers.inspector,
    path: '/search',
    ready: async (page) => {
      const search = new SearchPage(page);
      await search.search('没有这样的记录');
      await expect(search.status).toContainText('本机没有');
    },
  },
  {
    name: '单位',
    user: demoUsers.supervisor,
    path: '/units',
    ready: async (page) => {
      await heading(page, '单位');
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
    },
  },
  {
    name: '用户管理',
    user: demoUsers.admin,
    path: '/admin',
    ready: async (page) => {
      await heading(page, '用户管理');
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
    },
  },
];

for (const screen of SCREENS) {
  test(`${screen.name}: no serious accessibility violation, 44 px touch targets`, async ({
    page,
  }) => {
    if (screen.user) {
      const login = new LoginPage(page);
      await login.goto();
      await login.logIn(screen.user);
      await expect(page).toHaveURL(/\/plans$/);
    }
    await page.goto(screen.path);
    await screen.ready(page);

    await expectNoSeriousA11yViolations(page);
    expect(await smallTouchTargets(page)).toEqual([]);
  });
}

test('the checks catch an unlabelled field, low contrast and small controls', async ({ page }) => {
  await page.setContent(`<!doctype html><html lang="zh-CN"><title>t</title><body><main>
    <h1>检查</h1>
    <input type="text">
    <p style="color:#bbb;background:#fff">对比度不足的文字</p>
    <button type="button" style="width:30px;height:30px">+</button>
  </main></body></html>`);

  const failure = await expectNoSeriousA11yViolations(page).then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain('label');
  expect(failure).toContain('color-contrast');
  // The unstyled field is too short for a thumb as well.
  expect(await smallTouchTargets(page)).toEqual([
    expect.stringMatching(/^input "" \d+×\d+$/),
    'button "+" 30×30',
  ]);
});
