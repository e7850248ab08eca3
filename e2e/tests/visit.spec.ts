import { randomUUID } from 'node:crypto';
import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { serverRecords } from '../support/sync-api';
import { solidPng } from '../support/test-image';
import { VisitPage } from '../pages/visit.page';

test('an inspector starts today’s 四不两直 visit, answers, notes, takes a photo off an item and records a finding, offline too', async ({
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

  // A photo picked for the item by mistake, and taken off again: the item's evidence is empty
  // (the attachment itself stays on the phone). Bytes of this run only.
  const t = randomUUID().slice(0, 8);
  const seed = parseInt(t, 16);
  const wrong = `cuowu-${t}.png`;
  await visit.choosePhoto(first, {
    name: wrong,
    mimeType: 'image/png',
    buffer: solidPng(240, 180, [seed & 0xff, (seed >>> 8) & 0xff, 0x80]),
  });
  await expect(visit.photo(first, wrong)).toBeVisible({ timeout: 60_000 });
  await expect(first).toContainText('佐证材料 1 份');
  await visit.removeEvidence(first, wrong);
  await expect(visit.photo(first, wrong)).toHaveCount(0);
  await expect(first).toContainText('佐证材料 0 份');

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
  // The server holds the item's answer without the photo taken off.
  const visitId = new URL(page.url()).pathname.split('/').pop();
  const answer = (await serverRecords(context.request, 'answer')).find(
    (r) => r.fields.inspectionId === visitId && `item-${String(r.fields.itemId)}` === itemId,
  );
  expect(answer?.fields).toMatchObject({
    answer: { kind: 'conformity', value: 'nonconforming' },
    evidence: [],
  });
  await page.reload();
  const toggle = page.locator(`#${sectionId} > h2 > button`);
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  const again = page.locator(`#${itemId}`);
  await expect(again.getByRole('radio', { name: '不符合' })).toBeChecked();
  await expect(visit.remark(again)).toHaveValue('接待清单缺少公函');
  await expect(page.getByText('9:05 到达现场').first()).toBeVisible();
});
