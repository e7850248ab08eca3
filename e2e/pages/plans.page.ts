import { expect, type Locator, type Page } from '@playwright/test';

export class PlansPage {
  readonly heading: Locator;
  readonly planItems: Locator;
  readonly switchToEnglish: Locator;
  readonly switchToChinese: Locator;
  readonly logOut: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.planItems = page.getByRole('main').getByRole('listitem');
    this.switchToEnglish = page.getByRole('button', { name: 'English', exact: true });
    this.switchToChinese = page.getByRole('button', { name: '中文', exact: true });
    this.logOut = page.getByRole('button', { name: '退出登录', exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto('/plans');
  }

  /**
   * Resolves once an active service worker controls this page. A worker that activates without
   * claiming open clients only takes control after a navigation, hence the reload.
   */
  async waitForServiceWorkerControl(): Promise<void> {
    // Polling the registration (rather than awaiting `ready`) makes a failed install show up in
    // the error with the worker's state instead of as a bare timeout.
    await expect
      .poll(() => this.serviceWorkerState(), {
        message: 'a service worker is active',
        timeout: 30_000,
      })
      .toMatchObject({ active: 'activated' });
    if (!(await this.serviceWorkerState()).controlled) await this.page.reload();
    await expect
      .poll(() => this.serviceWorkerState(), { message: 'the service worker controls the page' })
      .toMatchObject({ active: 'activated', controlled: true });
  }

  private serviceWorkerState() {
    return this.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        registered: registration !== undefined,
        installing: registration?.installing?.state ?? null,
        waiting: registration?.waiting?.state ?? null,
        active: registration?.active?.state ?? null,
        controlled: navigator.serviceWorker.controller !== null,
      };
    });
  }
}
