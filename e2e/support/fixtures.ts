import { test as base } from '@playwright/test';
import { LoginPage } from '../pages/login.page';
import { PlansPage } from '../pages/plans.page';

export const test = base.extend<{ loginPage: LoginPage; plansPage: PlansPage }>({
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  plansPage: async ({ page }, use) => {
    await use(new PlansPage(page));
  },
});

export { expect } from '@playwright/test';

// Han ideographs: proves text is rendered in Chinese rather than in codes or English.
export const HAN = /\p{Script=Han}/u;
