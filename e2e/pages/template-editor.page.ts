import { expect, type Locator, type Page } from '@playwright/test';

/** The template editor (/templates/edit, /templates/[id]). */
export class TemplateEditorPage {
  readonly title: Locator;
  readonly save: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByLabel('名称', { exact: true });
    this.save = page.getByRole('button', { name: '保存模板' });
    this.notice = page.getByRole('status').filter({ hasText: '已保存' });
  }

  async rename(title: string): Promise<void> {
    await expect(this.title).not.toHaveValue('');
    await this.title.fill(title);
  }

  async saveExpecting(text: RegExp): Promise<void> {
    await this.save.click();
    await expect(this.notice).toHaveText(text);
  }
}
