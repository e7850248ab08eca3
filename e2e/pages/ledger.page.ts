import { readFile } from 'node:fs/promises';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { selectByText } from './console-select';

/** 整改台账 (/ledger), an item (/ledger/:id) and 整改抽查 (/ledger/spot-checks). */
export class LedgerPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly filters: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '整改台账' });
    this.table = page.getByRole('table');
    this.filters = page.getByRole('search', { name: '筛选台账' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/ledger');
    await expect(this.heading).toBeVisible();
    await expect(
      this.page.getByRole('status').filter({ hasText: /第 \d+ \/ \d+ 页/ }),
    ).toBeVisible();
  }

  /** The item rows' titles as shown (header row aside). */
  titles(): Promise<string[]> {
    return this.table.getByRole('rowheader').getByRole('link').allTextContents();
  }

  row(title: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  async filter(opts: { q?: string; status?: string }): Promise<void> {
    await this.filters.getByLabel('搜索', { exact: true }).fill(opts.q ?? '');
    await selectByText(this.filters.getByLabel('状态', { exact: true }), opts.status ?? '全部');
    // The table shows the answer to this filter once the server has given it.
    const answered = this.page.waitForResponse((r) => r.url().includes('/trpc/ledger.list'));
    await this.filters.getByRole('button', { name: '筛选', exact: true }).click();
    await answered;
    await expect(this.table).toHaveAttribute('aria-busy', 'false');
  }

  async export(): Promise<{ name: string; bytes: Buffer }> {
    const downloading = this.page.waitForEvent('download');
    await this.page.getByRole('link', { name: '导出 Excel' }).click();
    const download: Download = await downloading;
    return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  }

  async openItem(title: string): Promise<void> {
    await this.row(title).getByRole('link', { name: title, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }

  /** On an item page: fires the action `button` through its dialog. */
  async act(
    button: string,
    opts: {
      reason?: string;
      files?: { name: string; mimeType: string; buffer: Buffer }[];
      /** 验收依据: the label of a 回头看 verdict to verify on, instead of the desk review. */
      verdict?: string;
    } = {},
  ): Promise<void> {
    await this.page.getByRole('button', { name: button, exact: true }).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    if (opts.verdict) await dialog.getByLabel('验收依据').selectOption({ label: opts.verdict });
    if (opts.reason) await dialog.getByRole('textbox').fill(opts.reason);
    if (opts.files) await dialog.getByLabel('佐证材料（图片或 PDF）').setInputFiles(opts.files);
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      this.page.getByRole('status').filter({ hasText: `已执行“${button}”` }),
    ).toBeVisible();
  }

  status(): Locator {
    return this.page.locator('.head .status');
  }

  async pushTypicalCase(opts: {
    units: string[];
    person: string;
    deadline: string;
  }): Promise<void> {
    await this.page.getByRole('button', { name: '以案促改', exact: true }).click();
    const d = this.page.getByRole('dialog');
    const select = d.getByLabel('推送到的类似单位（可多选）');
    const values: string[] = [];
    for (const unit of opts.units) {
      const value = await select
        .locator('option')
        .filter({ hasText: unit })
        .first()
        .getAttribute('value');
      values.push(value!);
    }
    await select.selectOption(values);
    await d.getByLabel('责任人', { exact: true }).fill(opts.person);
    await d.getByLabel('整改期限', { exact: true }).fill(opts.deadline);
    await d.getByRole('button', { name: '推送' }).click();
    await expect(d).toBeHidden();
    await expect(
      this.page
        .getByRole('status')
        .filter({ hasText: `已向 ${opts.units.length} 个单位推送整改事项` }),
    ).toBeVisible();
  }

  /** 整改抽查: draws with `seed` and gives the sampled titles in rank order. */
  async drawSpotCheck(seed: string): Promise<string[]> {
    await this.page.goto('/ledger/spot-checks');
    await expect(this.page.getByRole('heading', { level: 1, name: '整改抽查' })).toBeVisible();
    await this.page.getByLabel('随机种子').fill(seed);
    // Every draw is recorded: wait for this one to join the list, not for an earlier result.
    const history = this.page.getByRole('region', { name: '抽查记录' });
    const recorded = history.getByRole('button', { name: new RegExp(`种子“${seed}”`) });
    await expect(
      history.getByText('尚无抽查记录').or(history.getByRole('listitem').first()),
    ).toBeVisible();
    const before = await recorded.count();
    await this.page.getByRole('button', { name: '抽取', exact: true }).click();
    await expect(recorded).toHaveCount(before + 1);
    const result = this.page.getByRole('region', { name: '抽查结果' });
    await expect(result.getByRole('status')).toContainText(`种子“${seed}”`);
    return result.getByRole('table').getByRole('rowheader').allTextContents();
  }
}
