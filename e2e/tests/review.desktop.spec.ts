import { randomUUID } from 'node:crypto';
import { devices, expect, test, type Page } from '@playwright/test';
import { LoginPage } from '../pages/login.page';
import { ReviewPage } from '../pages/review.page';
import { VisitPage } from '../pages/visit.page';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { demoUsers } from '../support/demo-users';
import { ApiDevice, serverRecords, submitComplete } from '../support/sync-api';

/*
 * 审核 end to end: an inspector's phone submits a visit of the 省交通投资集团 明察暗访 plan with a
 * finding that proposes a rectification; the supervisor's open queue shows it without a reload;
 * the supervisor comments an item and returns the visit; the phone syncs, sees the comment,
 * corrects the item and submits again, which the supervisor's open page shows by itself; the
 * supervisor approves and sees the 整改台账 item the proposal became. Unique text per run.
 */

const UNIT = '江南省交通投资集团有限公司';
const PLAN = '“一书双卡”落实情况检查（省交通投资集团）';
const ITEM = '责任书任务分解到班子成员和内设部门，明确完成时限';

async function phoneOf(page: Page) {
  const context = await page
    .context()
    .browser()!
    .newContext({
      ...devices['Pixel 7'],
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  const phone = await context.newPage();
  const login = new LoginPage(phone);
  await login.goto();
  await login.logIn(demoUsers.inspector);
  await expect(phone).toHaveURL(/\/plans$/);
  return { context, phone };
}

test('a synced visit is reviewed, returned, corrected on the phone and approved into the ledger', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const run = randomUUID().slice(0, 6);
  const findingTitle = `责任书照搬上级模板 ${run}`;
  const itemComment = `任务分解未明确完成时限，请核实后重新评分 ${run}`;

  // The supervisor's queue is open before anything is synced.
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.supervisor);
  await expect(page).toHaveURL(/\/plans$/);
  const review = new ReviewPage(page);
  await review.goto();
  await expect(review.row(UNIT)).toHaveCount(0);

  // The inspector's phone starts the visit, records a finding with a proposal and submits.
  const { context, phone } = await phoneOf(page);
  try {
    const device = new ApiDevice(context.request);
    const plan = (await serverRecords(context.request, 'plan')).find(
      (p) => p.fields.title === PLAN,
    );
    expect(plan, PLAN).toBeDefined();
    const inspectionId = randomUUID();
    await device.push('inspection.start', {
      id: inspectionId,
      planId: plan!.id,
      templateId: plan!.fields.templateId,
      templateVersion: plan!.fields.templateVersion,
      startedAt: new Date().toISOString(),
    });
    await device.push('finding.create', {
      id: randomUUID(),
      planId: plan!.id,
      inspectionId,
      itemId: null,
      unitId: plan!.fields.targetUnitId,
      createdAt: new Date().toISOString(),
      category: 'institutional',
      severity: 'medium',
      title: findingTitle,
      description: '责任书内容与本单位业务实际结合不紧',
      proposedRectification: {
        measures: `结合业务实际重新修订责任书 ${run}`,
        kind: 'deadline',
        deadline: '2026-12-31',
      },
    });
    await submitComplete(device, inspectionId);

    // Without a reload, the queue shows it with its finding.
    const row = review.row(UNIT);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(PLAN);
    await expect(row).toContainText('张明');
    await expectNoSeriousA11yViolations(page);

    // The supervisor opens it, comments the item and returns it.
    await row.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/review/${inspectionId}$`));
    await expect(review.status).toHaveText('状态：已提交');
    await expect(page.getByRole('region', { name: '发现问题' })).toContainText(findingTitle);
    await expect(page.getByRole('region', { name: '综合评议表' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await expect(review.returnButton).toBeDisabled();
    await review.comment(ITEM).fill(itemComment);
    await review.reason.fill(`请按意见修改 ${run}`);
    await review.returnButton.click();
    await expect(review.notice).toHaveText('已退回检查组修改');
    await expect(review.status).toHaveText('状态：已退回');

    // The phone syncs: returned, with the comment at its item; corrected and submitted again.
    const visit = new VisitPage(phone);
    await visit.synced();
    await expect(async () => {
      await visit.syncNow.click();
      await visit.synced();
      await phone.goto(`/visits/${inspectionId}`);
      await expect(visit.status).toHaveText('已退回', { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(phone.getByRole('region', { name: '已退回修改' })).toContainText(itemComment);
    const item = visit.item('YS-2');
    await expect(item.getByRole('note')).toContainText(itemComment);
    await visit.type(item, '6');
    await visit.submitSection.getByRole('button', { name: '提交审核', exact: true }).click();
    await expect(visit.status).toHaveText('已提交');
    await visit.synced();

    // The supervisor's open page shows the resubmission by itself; approval opens the ledger item.
    await expect(review.status).toHaveText('状态：已提交', { timeout: 20_000 });
    await review.approve();
    await expect(review.notice).toHaveText('审核通过，生成整改事项 1 项');
    await expect(review.created).toContainText(findingTitle);
    await expect(review.created).toContainText('限期整改');
    await expect(review.status).toHaveText('状态：已通过');
    await expect(page.getByRole('region', { name: '发现问题' })).toContainText('已列入整改台账');

    await review.goto();
    await review.tab('已通过').click();
    await expect(review.row(UNIT)).toHaveCount(1);
  } finally {
    await context.close();
  }
});
