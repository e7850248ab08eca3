import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { VisitPage } from '../pages/visit.page';

test('an inspector starts today’s 四不两直 visit, answers, notes and records a finding, offline too', async ({
  page,
  context,
  loginPage,
  plansPage,
}) => {
  const visit = new VisitPage(page);
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 30.2741, longitude: 120.1551, accuracy: 15 });

  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  // The first pull brought the plans, templates and units onto the device.
  await expect(page.getByRole('region', { name: '同步状态' }).getByRole('status')).toContainText(
    '已同步',
  );

  await visit.openPlan('四不两直');
  await expect(visit.heading).toBeVisible();
  await expect(visit.offlineReadiness).toContainText('可离线使用');
  // Both phone projects share one server: the second finds the first one's visit to continue.
  await expect(visit.startVisit.or(visit.continueVisit)).toBeVisible();
  if (await visit.continueVisit.isVisible()) await visit.continueVisit.click();
  else await visit.startVisit.click();

  // The visit screen, with the position recorded.
  await expect(page).toHaveURL(/\/visits\//);
  await expect(page.getByText(/30\.27410, 120\.15510/)).toBeVisible();
  await expect(page.getByText('草稿', { exact: true })).toBeVisible();

  // Everything below works without the network.
  await context.setOffline(true);
  await visit.nextUnanswered.click();
  const focused = page.locator('article[id^="item-"]:focus');
  await expect(focused).toBeVisible();
  const itemId = await focused.getAttribute('id');
  const first = page.locator(`#${itemId}`);
  await visit.answer(first, '不符合');
  await expect(first.getByRole('radio', { name: '不符合' })).toBeChecked();
  await expect(first.getByText('未同步')).toBeVisible();

  const remark = visit.remark(first);
  await remark.fill('接待清单缺少公函');
  await remark.blur();

  // A finding from the failed item, prefilled with its title.
  const findingCount = await visit.findings.getByRole('listitem').count();
  await first.getByRole('button', { name: '记录问题' }).click();
  const dialog = visit.findingDialog;
  await expect(dialog.getByRole('heading', { name: '新增问题' })).toBeVisible();
  await dialog.getByLabel('问题类别 *').selectOption({ label: '中央八项规定精神' });
  await expect(dialog.getByLabel('问题描述 *')).toHaveValue('接待清单缺少公函');
  await dialog.getByLabel('涉及金额（元）').fill('1,200.50');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(visit.findings.getByRole('listitem')).toHaveCount(findingCount + 1);
  await expect(visit.findings).toContainText('涉及金额 1,200.5 元');

  // A note on the visit.
  await page.getByPlaceholder('现场记录…').fill('9:05 到达现场');
  await page.getByRole('button', { name: '添加记录' }).last().click();
  await expect(page.getByText('9:05 到达现场').first()).toBeVisible();

  // Submitting is refused with links to what is missing.
  await visit.submitSection.getByRole('button', { name: '提交审核' }).click();
  await expect(visit.submitSection.getByRole('alert')).toContainText('项需要处理');
  const missing = visit.submitSection.getByRole('button', { name: /必答项未作答/ }).first();
  await missing.click();
  await expect(page.locator('article[id^="item-"]:focus')).toBeVisible();

  // Back online: the changes sync; what was typed survives a reload.
  const sectionId = await first.evaluate((el) => el.closest('section')?.id ?? '');
  await context.setOffline(false);
  await expect(page.getByRole('region', { name: '同步状态' }).getByRole('status')).toContainText(
    '已同步',
  );
  await expect(page.getByText('未同步')).toHaveCount(0);
  await page.reload();
  const toggle = page.locator(`#${sectionId} > h2 > button`);
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  const again = page.locator(`#${itemId}`);
  await expect(again.getByRole('radio', { name: '不符合' })).toBeChecked();
  await expect(visit.remark(again)).toHaveValue('接待清单缺少公函');
  await expect(page.getByText('9:05 到达现场').first()).toBeVisible();
});
