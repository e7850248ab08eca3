import { expect, type Locator, type Page } from '@playwright/test';
import { selectByText } from './console-select';

/** 一书双卡 (/templates/cards): a unit's responsibility book and its two cards. */
export class CardsPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '一书双卡' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/templates/cards');
    await expect(this.heading).toBeVisible();
  }

  async open(unit: string, year: number): Promise<void> {
    await selectByText(this.page.getByLabel('单位', { exact: true }), unit);
    await this.page.getByLabel('年度').fill(String(year));
    await this.page.getByRole('button', { name: '打开' }).click();
    await expect(this.page.getByLabel('责任书名称')).not.toHaveValue('');
  }

  async addPoint(
    card: '责任点' | '风险点',
    point: { category: string; content: string; measures: string },
  ): Promise<void> {
    await this.page.getByRole('button', { name: `添加${card}` }).click();
    const section = this.page.getByRole('region', {
      name: card === '责任点' ? /党风廉政建设责任点/ : /^风险点/,
    });
    const last = section.getByRole('group').last();
    await last.getByLabel('类别或岗位').fill(point.category);
    await last.getByLabel(card === '责任点' ? '责任内容' : '风险内容').fill(point.content);
    await last.getByLabel(card === '责任点' ? '履责措施' : '防控措施').fill(point.measures);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: '保存责任书' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '责任书已保存' })).toBeVisible();
  }

  async generateChecklist(): Promise<void> {
    await this.page.getByRole('button', { name: '生成年中督责检查表' }).click();
    await expect(
      this.page.getByRole('heading', { level: 1, name: /编辑检查表模板/ }),
    ).toBeVisible();
  }
}
