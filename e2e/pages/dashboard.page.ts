import { expect, type Locator, type Page } from '@playwright/test';

/** 统计分析 (/dashboard): KPI tiles, charts with their tables, recent visits and the summary. */
export class DashboardPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly summaryHeading: Locator;
  readonly recentVisits: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '统计分析' });
    this.summary = page.getByTestId('summary-panel');
    this.summaryHeading = page.getByTestId('summary-heading');
    this.recentVisits = page.getByTestId('recent-visits');
  }

  async goto(): Promise<void> {
    await this.page.goto('/dashboard');
    await expect(this.heading).toBeVisible();
    await expect(this.kpi('rate')).toBeVisible();
  }

  kpi(name: 'findings' | 'rate' | 'overdue' | 'closed' | 'relapses'): Locator {
    return this.page.getByTestId(`kpi-${name}`);
  }

  /** A chart's panel: the drawing and its table alternative. */
  chart(testId: 'by-unit' | 'by-category' | 'by-form' | 'scores' | 'trends'): Locator {
    return this.page.getByTestId(`chart-${testId}`);
  }

  /** The table alternative of a chart, opened. */
  async chartTable(testId: Parameters<DashboardPage['chart']>[0]): Promise<Locator> {
    const panel = this.chart(testId);
    await panel.locator('summary').click();
    const table = panel.getByRole('table');
    await expect(table).toBeVisible();
    return table;
  }

  async chooseSummary(kind: '周调度' | '旬分析' | '月总结'): Promise<void> {
    await this.summary.getByRole('radio', { name: kind }).check();
  }

  async previousPeriod(): Promise<void> {
    await this.summary.getByRole('button', { name: '上一期' }).click();
  }

  /** The report link of the unit's visit of a kind (专项检查, 年中督责…). */
  reportLink(unitName: string, kind: string): Locator {
    return this.recentVisits
      .getByRole('row')
      .filter({ hasText: kind })
      .getByRole('link', { name: `${unitName}检查报告` })
      .first();
  }
}
