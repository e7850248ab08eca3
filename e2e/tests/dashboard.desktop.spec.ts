import { expect, test } from '@playwright/test';
import { DashboardPage } from '../pages/dashboard.page';
import { LoginPage } from '../pages/login.page';
import { demoUsers } from '../support/demo-users';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { pdfText } from '../support/pdf-text';

/*
 * The supervisor's 统计分析 over the demo data: KPI tiles, charts drawn by Chart.js with a table
 * beside each, a 周调度 / 月总结 summary that switches and steps back, and the printable report of
 * the demo's approved 专项检查 of 江南省财政厅, rendered to PDF and read back as text.
 */

test('a supervisor reads the dashboard, its summaries and a visit’s PDF report', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.supervisor);
  await expect(page).toHaveURL(/\/plans$/);

  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await expect(dashboard.kpi('findings')).toContainText(/\d+/);

  // Every chart is drawn (Chart.js loaded on demand) and has a table with the same figures.
  for (const id of ['by-unit', 'by-category', 'by-form', 'scores', 'trends'] as const) {
    const canvas = dashboard.chart(id).locator('canvas');
    await expect(canvas).toBeVisible();
    await expect
      .poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0))
      .toBe(true);
  }
  const byUnit = await dashboard.chartTable('by-unit');
  await expect(byUnit.getByRole('row', { name: /江南省财政厅/ })).toBeVisible();
  const byCategory = await dashboard.chartTable('by-category');
  await expect(byCategory.getByRole('rowheader', { name: '资金管理' })).toBeVisible();

  await expectNoSeriousA11yViolations(page);

  // The summary follows the cadence chosen, and steps back a period.
  await expect(dashboard.summaryHeading).toContainText('周调度');
  await dashboard.chooseSummary('月总结');
  await expect(dashboard.summaryHeading).toContainText('月总结');
  const thisMonth = await dashboard.summaryHeading.textContent();
  await dashboard.previousPeriod();
  await expect(dashboard.summaryHeading).not.toHaveText(thisMonth ?? '');
  await expect(dashboard.summaryHeading).toContainText('月总结');
  await dashboard.chooseSummary('旬分析');
  await expect(dashboard.summaryHeading).toContainText(/[上中下]旬分析/);
  await expect(dashboard.summary).toContainText('发现问题');

  // The report of the 专项检查, as a PDF.
  await dashboard.reportLink('江南省财政厅', '专项检查').click();
  await expect(page).toHaveURL(/\/reports\/visit\/[0-9a-f-]{36}$/);
  const report = page.getByTestId('visit-report');
  await expect(report.getByRole('heading', { level: 1 })).toHaveText(
    '江南省财政厅专项检查情况报告',
  );
  await expect(page.getByRole('button', { name: '打印 / 保存为 PDF' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const { pages, text } = await pdfText(new Uint8Array(pdf));
  expect(pages).toBeGreaterThanOrEqual(1);
  for (const expected of [
    '江南省财政厅',
    '以“加班补助”名义违规发放津贴补贴',
    '机关食堂包间超标准接待',
    '公务用车使用登记不完整',
    '清退违规发放的津贴补贴',
    '综合评议表',
    '分项评议表',
  ]) {
    expect(text, `the PDF holds ${expected}`).toContain(expected);
  }
  // Only the document prints: not the app's navigation.
  expect(text).not.toContain('计划安排');
});
