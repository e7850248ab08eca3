import { expect, type Locator, type Page } from '@playwright/test';

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

  /** The sync bar under the header: its summary line and 立即同步. */
  get syncSummary(): Locator {
    return this.page.getByRole('region', { name: '同步状态' }).getByRole('status');
  }

  get syncNow(): Locator {
    return this.page
      .getByRole('region', { name: '同步状态' })
      .getByRole('button', { name: '立即同步', exact: true });
  }

  /** Waits until the device has nothing left to push and the last sync succeeded. */
  async synced(): Promise<void> {
    await expect(this.syncSummary).toContainText('已同步');
  }

  /**
   * From 我的计划 to the plan whose card shows `cardText`, then into its visit (continued if one
   * is open, started otherwise). Returns the visit's path.
   */
  async openVisit(cardText: string): Promise<string> {
    await this.openPlan(cardText);
    await expect(this.heading).toBeVisible();
    await expect(this.startVisit.or(this.continueVisit)).toBeVisible();
    if (await this.continueVisit.isVisible()) await this.continueVisit.click();
    else await this.startVisit.click();
    await expect(this.page).toHaveURL(/\/visits\/[^/]+$/);
    await expect(this.page.getByText('草稿', { exact: true })).toBeVisible();
    return new URL(this.page.url()).pathname;
  }

  /** 现场记录 of the visit as a whole. */
  get visitNotes(): Locator {
    return this.page.getByRole('region', { name: '现场记录' });
  }

  async addVisitNote(text: string): Promise<void> {
    await this.visitNotes.getByPlaceholder('现场记录…').fill(text);
    await this.visitNotes.getByRole('button', { name: '添加记录' }).click();
    await expect(this.visitNotes.getByText(text, { exact: true })).toBeVisible();
  }

  /** The finding in 发现问题 whose card shows `text` (its title, say). */
  finding(text: string): Locator {
    return this.findings.getByRole('listitem').filter({ hasText: text });
  }

  async addFinding(f: { title: string; description: string }): Promise<void> {
    await this.findings.getByRole('button', { name: '新增问题', exact: true }).click();
    const dialog = this.findingDialog;
    await expect(dialog.getByRole('heading', { name: '新增问题' })).toBeVisible();
    await dialog.getByLabel('问题类别 *').selectOption({ label: '作风建设' });
    await dialog.getByLabel('严重程度 *').selectOption({ label: '一般' });
    await dialog.getByLabel('问题标题 *').fill(f.title);
    await dialog.getByLabel('问题描述 *').fill(f.description);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(this.finding(f.title)).toBeVisible();
  }

  /** Opens a finding's form, changes the given fields, saves. */
  async editFinding(finding: Locator, set: { title?: string; description?: string }) {
    await finding.getByRole('button', { name: '编辑', exact: true }).click();
    const dialog = this.findingDialog;
    await expect(dialog.getByRole('heading', { name: '编辑问题' })).toBeVisible();
    if (set.title !== undefined) await dialog.getByLabel('问题标题 *').fill(set.title);
    if (set.description !== undefined) {
      await dialog.getByLabel('问题描述 *').fill(set.description);
    }
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** A finding's description as shown on its card. */
  description(finding: Locator): Locator {
    return finding.locator('p.desc');
  }

  /** The offline-conflict notices inside `scope` (a finding, an item, the page). */
  conflicts(scope: Locator | Page = this.page): Locator {
    return scope.getByRole('group', { name: '同步冲突' });
  }

  /** The summary near the top: "N 处修改冲突待处理" and a link to each conflict. */
  get conflictSummary(): Locator {
    return this.page.getByRole('region', { name: /处修改冲突待处理/ });
  }
}
