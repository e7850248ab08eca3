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
  /** On the plan screen: 可离线使用 / 尚未下载到本机, and what is missing. */
  readonly offlineReadiness: Locator;
  /** 现场照片和文件: the visit's own photos and files. */
  readonly visitEvidence: Locator;
  /** A returned visit's list of commented items (buttons to each). */
  readonly commentedItems: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.startVisit = page.getByRole('button', { name: '开始检查', exact: true });
    this.continueVisit = page.getByRole('link', { name: '继续检查', exact: true });
    this.nextUnanswered = page.getByRole('button', { name: '下一未答项', exact: true });
    this.submitSection = page.getByRole('region', { name: '提交审核' });
    this.findings = page.locator('#findings');
    this.findingDialog = page.locator('dialog[open]');
    this.offlineReadiness = page.getByTestId('offline-readiness');
    this.visitEvidence = page.getByRole('region', { name: '现场照片和文件', exact: true });
    this.commentedItems = page.getByRole('list', { name: /^有审核意见的检查项/ });
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

  /** The checklist item whose code (ST-1, GC-2 …) starts its heading; its section must be open. */
  item(code: string): Locator {
    return this.page.getByRole('article', { name: new RegExp(`^${code}\\s`) });
  }

  /** A score, number or text answer's field (得分（满分 n）, 数值 元, 检查情况). */
  typedAnswer(item: Locator): Locator {
    return item.getByLabel(/^(得分（满分 \d+）|数值 .*|检查情况)$/);
  }

  /** Types a score, number or text answer and leaves the field, which saves it. */
  async type(item: Locator, text: string): Promise<void> {
    const field = this.typedAnswer(item);
    await field.fill(text);
    await field.blur();
  }

  /** Writes a remark on an item and leaves the field, which saves it. */
  async writeRemark(item: Locator, text: string): Promise<void> {
    await this.remark(item).fill(text);
    await this.remark(item).blur();
  }

  /** An item's notes, unfolded ("记录（n）"). */
  async openItemNotes(item: Locator): Promise<void> {
    const toggle = item.getByRole('button', { name: /^记录（\d+）$/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  async addItemNote(item: Locator, text: string): Promise<void> {
    await this.openItemNotes(item);
    await item.getByPlaceholder('就本项记录情况…').fill(text);
    await item.getByRole('button', { name: '添加记录', exact: true }).click();
    await expect(item.getByText(text, { exact: true })).toBeVisible();
  }

  /** Picks a file for an item as from the phone's gallery (添加照片 → 选择文件). */
  async choosePhoto(
    item: Locator,
    file: { name: string; mimeType: string; buffer: Buffer },
  ): Promise<void> {
    const toggle = item.getByRole('button', { name: '添加照片', exact: true });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await item.getByLabel('选择文件', { exact: true }).setInputFiles(file);
  }

  /** Picks a file for the finding in the open dialog (添加照片 → 选择文件). */
  async chooseFindingPhoto(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.choosePhoto(this.findingDialog, file);
  }

  /** 移除 on an evidence tile of `scope` (an item, the finding dialog), confirmed. */
  async removeEvidence(scope: Locator, fileName: string): Promise<void> {
    await scope.getByRole('button', { name: `移除 ${fileName}`, exact: true }).click();
    await scope
      .getByRole('group', { name: `移除 ${fileName}`, exact: true })
      .getByRole('button', { name: '确认移除', exact: true })
      .click();
  }

  /** The thumbnail of an item's evidence file (a button that opens it). */
  photo(item: Locator, fileName: string | RegExp): Locator {
    const name = typeof fileName === 'string' ? `查看 ${fileName}` : fileName;
    return item.getByRole('region', { name: /^照片和文件/ }).getByRole('button', { name });
  }

  /** A section's header button: its title, "已答 a/n", "得分 s/max", "不符合 k". */
  sectionHeader(title: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^${title}\\s`) });
  }

  /** The overall score in the visit's header (综合得分), as shown. */
  get overallScore(): Locator {
    return this.page.locator('p.score').filter({ hasText: '综合得分' }).locator('strong');
  }

  /** The grade badge next to the overall score. */
  get grade(): Locator {
    return this.page.locator('p.score').filter({ hasText: '综合得分' }).locator('.grade');
  }

  /** The status badge of the visit (草稿, 已提交, 已退回 …). */
  get status(): Locator {
    return this.page.locator('header.visit-head .badge.status');
  }

  /** 综合评议表 at the bottom: a section's row or the 综合得分 row. */
  summaryRow(title: string): Locator {
    return this.page
      .getByRole('region', { name: '综合评议表' })
      .getByRole('row', { name: new RegExp(`^${title}`) });
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
    // Open means editable: a draft, or a visit a reviewer sent back (another test may have).
    await expect(this.status).toHaveText(/^(草稿|已退回)$/);
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
