import { expect, type Locator, type Page } from '@playwright/test';
import { selectByText } from './console-select';

export interface NewPlan {
  kind: string;
  title: string;
  target: string;
  team: string;
  from: string;
  to: string;
  template: string;
}

/** 计划安排 (/planning): the console's plan list and its plan dialog. */
export class PlanningPage {
  readonly heading: Locator;
  readonly newPlan: Locator;
  readonly dialog: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '计划安排' });
    this.newPlan = page.getByRole('button', { name: '新建计划' });
    this.dialog = page.getByRole('dialog');
    this.table = page.getByRole('table');
  }

  async goto(): Promise<void> {
    await this.page.goto('/planning');
    await expect(this.heading).toBeVisible();
    await expect(this.newPlan).toBeEnabled();
  }

  row(title: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: title }) });
  }

  async create(plan: NewPlan): Promise<void> {
    await this.newPlan.click();
    const d = this.dialog;
    await expect(d.getByRole('heading', { name: '新建检查计划' })).toBeVisible();
    await selectByText(d.getByLabel('检查类型', { exact: true }), plan.kind);
    await d.getByLabel('计划名称', { exact: true }).fill(plan.title);
    await selectByText(d.getByLabel('检查对象', { exact: true }), plan.target);
    await selectByText(d.getByLabel('检查组', { exact: true }), plan.team);
    await d.getByLabel('开始日期', { exact: true }).fill(plan.from);
    await d.getByLabel('结束日期', { exact: true }).fill(plan.to);
    await selectByText(d.getByLabel('检查表模板', { exact: true }), plan.template);
    await d.getByRole('button', { name: '保存' }).click();
    await expect(d).toBeHidden();
    await expect(this.page.getByRole('status').filter({ hasText: '计划已保存' })).toBeVisible();
  }
}
