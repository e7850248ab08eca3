import type { Locator, Page } from '@playwright/test';

/** 检查计划 (/plans/[id]) and 检查 (/visits/[id]) on the phone. */
export class VisitPage {
  readonly heading: Locator;
  readonly startVisit: Locator;
  readonly continueVisit: Locator;
  readonly nextUnanswered: Locator;
  readonly submitSection: Locator;
  readonly findings: Locator;
  readonly findingDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.startVisit = page.getByRole('button', { name: '开始检查', exact: true });
    this.continueVisit = page.getByRole('link', { name: '继续检查', exact: true });
    this.nextUnanswered = page.getByRole('button', { name: '下一未答项', exact: true });
    this.submitSection = page.getByRole('region', { name: '提交审核' });
    this.findings = page.locator('#findings');
    this.findingDialog = page.locator('dialog[open]');
  }

  /** The plan cards of 我的计划 link to the plan screen by their title. */
  async openPlan(cardText: string): Promise<void> {
    const card = this.page.getByRole('main').getByRole('listitem').filter({ hasText: cardText });
    await card.first().getByRole('link').first().click();
  }

  section(title: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(title) });
  }

  /** The checklist items currently rendered (open sections only). */
  get items(): Locator {
    return this.page.locator('article[id^="item-"]');
  }

  answer(item: Locator, label: '符合' | '部分符合' | '不符合' | '不适用'): Promise<void> {
    // The radio covers its whole label, as the tap target.
    return item.getByRole('radio', { name: label, exact: true }).check();
  }

  remark(item: Locator): Locator {
    return item.getByLabel('存在问题 / 说明');
  }
}
