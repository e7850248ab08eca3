import { readFile } from 'node:fs/promises';
import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** 检查表模板 (/templates): the list, export and import. */
export class TemplatesPage {
  readonly heading: Locator;
  readonly importInput: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '检查表模板' });
    this.importInput = page.getByLabel('选择要导入的模板文件（JSON 或 XLSX）');
    this.status = page.getByRole('status');
  }

  async goto(): Promise<void> {
    await this.page.goto('/templates');
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByRole('table')).toBeVisible();
  }

  rows(title: string): Locator {
    return this.page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: title }) });
  }

  /** Exports the (first) template titled `title` and returns the saved file's bytes and name. */
  async export(title: string, format: 'JSON' | 'XLSX'): Promise<{ name: string; bytes: Buffer }> {
    const downloading = this.page.waitForEvent('download');
    await this.page
      .getByRole('button', { name: `导出 ${format} · ${title}` })
      .first()
      .click();
    const download: Download = await downloading;
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: await readFile(path) };
  }

  async import(file: { name: string; bytes: Buffer }, mimeType: string): Promise<void> {
    await this.importInput.setInputFiles({ name: file.name, mimeType, buffer: file.bytes });
  }

  async openEditor(title: string): Promise<void> {
    await this.page
      .getByRole('link', { name: `编辑 ${title}` })
      .first()
      .click();
    await expect(
      this.page.getByRole('heading', { level: 1, name: /编辑检查表模板/ }),
    ).toBeVisible();
  }
}
