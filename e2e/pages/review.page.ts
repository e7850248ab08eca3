import { expect, type Locator, type Page } from '@playwright/test';

/** 审核 (/review) and one visit under review (/review/[id]) in the supervisor's console. */
export class ReviewPage {
  readonly heading: Locator;
  readonly queue: Locator;
  readonly status: Locator;
  readonly reason: Locator;
  readonly returnButton: Locator;
  readonly approveButton: Locator;
  readonly created: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.queue = page.getByRole('table');
    this.status = page.getByTestId('review-status');
    this.reason = page.getByLabel('退回原因');
    this.returnButton = page.getByRole('button', { name: '退回修改', exact: true });
    this.approveButton = page.getByRole('button', { name: '审核通过', exact: true });
    this.created = page.getByRole('region', { name: '生成的整改事项' });
    this.notice = page.locator('p.notice[role="status"]');
  }

  async goto(): Promise<void> {
    await this.page.goto('/review');
    await expect(this.page.getByRole('heading', { level: 1, name: '审核' })).toBeVisible();
    await expect(this.page.getByRole('button', { name: '待审核', pressed: true })).toBeVisible();
  }

  tab(name: '待审核' | '已退回' | '已通过'): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The queue row of the visit to `unit` (its row header). */
  row(unit: string): Locator {
    return this.queue
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: unit }) });
  }

  /** The reviewer's comment box of the checklist item titled `title`. */
  comment(title: string): Locator {
    return this.page.getByLabel(`对“${title}”的审核意见`);
  }

  async approve(): Promise<void> {
    this.page.once('dialog', (d) => void d.accept());
    await this.approveButton.click();
  }
}
