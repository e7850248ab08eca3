import type { Locator, Page } from '@playwright/test';

export class SearchPage {
  readonly heading: Locator;
  readonly query: Locator;
  readonly results: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.query = page.getByRole('searchbox', { name: '搜索本机记录' });
    this.results = page.getByRole('main').getByRole('listitem');
    this.status = page.getByRole('main').locator('[aria-live="polite"]');
  }

  async goto(): Promise<void> {
    await this.page.goto('/search');
  }

  /** Opens search from the main navigation, as a user would (no page load). */
  async open(): Promise<void> {
    await this.page
      .getByRole('navigation')
      .getByRole('link', { name: '搜索', exact: true })
      .click();
  }

  /** A result group by its heading (发现问题, 现场记录, 计划 …). */
  group(name: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${name}`) });
  }

  async search(text: string): Promise<void> {
    await this.query.fill(text);
  }
}
