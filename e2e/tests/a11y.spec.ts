import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, smallTouchTargets } from '../support/axe';
import { demoUsers, type DemoUser } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { ApiDevice, apiLogIn, serverRecords, submitComplete } from '../support/sync-api';
import { LoginPage } from '../pages/login.page';
import { SearchPage } from '../pages/search.page';
import { TalkPage } from '../pages/talk.page';
import { FollowUpPage } from '../pages/follow-up.page';
import { VisitPage } from '../pages/visit.page';
import { solidPng } from '../support/test-image';

/**
 * Every screen, in Chinese, on each phone project: axe-core must find no serious or critical
 * violation, and every control must be a 44 px touch target. To cover a new screen, add an entry:
 * who signs in (null: nobody), where to go, and what shows the screen is ready to be checked.
 */
interface Screen {
  name: string;
  user: DemoUser | null;
  path: string;
  ready(page: Page): Promise<void>;
}

const heading = (page: Page, name: string) =>
  expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

const SCREENS: Screen[] = [
  {
    name: '登录',
    user: null,
    path: '/login',
    ready: (page) => heading(page, '登录督查'),
  },
  {
    name: '我的计划',
    user: demoUsers.inspector,
    path: '/plans',
    ready: async (page) => {
      await heading(page, '我的计划');
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
    },
  },
  {
    name: '搜索（未输入）',
    user: demoUsers.inspector,
    path: '/search',
    ready: (page) => heading(page, '搜索'),
  },
  {
    name: '搜索（有结果）',
    user: demoUsers.inspector,
    path: '/search',
    ready: async (page) => {
      const search = new SearchPage(page);
      await search.search('食堂');
      await expect(search.results.first()).toBeVisible();
    },
  },
  {
    name: '搜索（无结果）',
    user: demoUsers.inspector,
    path: '/search',
    ready: async (page) => {
      const search = new SearchPage(page);
      await search.search('没有这样的记录');
      await expect(search.status).toContainText('本机没有');
    },
  },
  {
    name: '单位',
    user: demoUsers.supervisor,
    path: '/units',
    ready: async (page) => {
      await heading(page, '单位');
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
    },
  },
  {
    name: '用户管理',
    user: demoUsers.admin,
    path: '/admin',
    ready: async (page) => {
      await heading(page, '用户管理');
      await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
    },
  },
];

for (const screen of SCREENS) {
  test(`${screen.name}: no serious accessibility violation, 44 px touch targets`, async ({
    page,
  }) => {
    if (screen.user) {
      const login = new LoginPage(page);
      await login.goto();
      await login.logIn(screen.user);
      await expect(page).toHaveURL(/\/plans$/);
    }
    await page.goto(screen.path);
    await screen.ready(page);

    await expectNoSeriousA11yViolations(page);
    expect(await smallTouchTargets(page)).toEqual([]);
  });
}

/** Axe and the touch-target check on the page as it is now. */
async function checkScreen(page: Page): Promise<void> {
  await expectNoSeriousA11yViolations(page);
  expect(await smallTouchTargets(page)).toEqual([]);
}

async function signIn(page: Page, user: DemoUser): Promise<VisitPage> {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(user);
  await expect(page).toHaveURL(/\/plans$/);
  const visit = new VisitPage(page);
  await visit.synced();
  return visit;
}

test('页面不存在 (404): no serious accessibility violation, 44 px touch targets', async ({
  page,
}) => {
  await signIn(page, demoUsers.inspector);
  await page.goto('/no-such-page');
  await heading(page, '页面不存在');
  await checkScreen(page);
  // A plan that is not on the device is the same page, inside the app.
  await page.goto('/plans/00000000-0000-4000-8000-000000000000');
  await heading(page, '页面不存在');
  await checkScreen(page);
});

test('检查计划 (plan screen): no serious accessibility violation, 44 px touch targets', async ({
  page,
}) => {
  const visit = await signIn(page, demoUsers.inspector);
  await visit.openPlan('省交通运输厅');
  await expect(visit.heading).toBeVisible();
  await expect(visit.offlineReadiness).toContainText('可离线使用');
  await expect(visit.startVisit.or(visit.continueVisit)).toBeVisible();
  await checkScreen(page);
});

test('检查（草稿：问题表单、照片、提交清单）: no serious accessibility violation, 44 px touch targets', async ({
  page,
}) => {
  // A photo is scaled, stored and thumbnailed on a 2-core machine.
  test.setTimeout(120_000);
  const visit = await signIn(page, demoUsers.inspector);
  await visit.openVisit('省交通运输厅');
  await expect(visit.status).toHaveText('草稿');
  await checkScreen(page);

  // The finding dialog, open.
  await visit.findings.getByRole('button', { name: '新增问题', exact: true }).click();
  await expect(visit.findingDialog.getByRole('heading', { name: '新增问题' })).toBeVisible();
  await visit.findingDialog.getByRole('button', { name: '添加照片', exact: true }).click();
  // The big button (the file input behind it is a "button" named the same).
  await expect(visit.findingDialog.locator('button', { hasText: '选择文件' })).toBeVisible();
  await checkScreen(page);
  await visit.findingDialog.getByRole('button', { name: '取消', exact: true }).click();
  await expect(visit.findingDialog).toHaveCount(0);

  // An item's picker open, and its gallery with a photo (bytes of this run only).
  await visit.nextUnanswered.click();
  await expect(page.locator('article[id^="item-"]:focus')).toHaveCount(1);
  // Held by its id: focus moves on as soon as its buttons are used.
  const itemId = await page.evaluate(() => document.activeElement?.id ?? '');
  const item = page.locator(`article[id="${itemId}"]`);
  const t = randomUUID().slice(0, 8);
  const seed = parseInt(t, 16);
  const name = `wuzhangai-${t}.png`;
  await visit.choosePhoto(item, {
    name,
    mimeType: 'image/png',
    buffer: solidPng(200, 150, [seed & 0xff, (seed >>> 8) & 0xff, (seed >>> 16) & 0xff]),
  });
  await expect(visit.photo(item, name)).toBeVisible({ timeout: 60_000 });
  await expect(item.getByRole('button', { name: `移除 ${name}`, exact: true })).toBeVisible();
  await checkScreen(page);

  // The submit panel listing what still blocks it.
  await visit.submitSection.getByRole('button', { name: '提交审核', exact: true }).click();
  await expect(visit.submitSection.getByRole('alert')).toContainText('项需要处理');
  await checkScreen(page);
});

test('检查（已提交、已退回有审核意见）: no serious accessibility violation, 44 px touch targets', async ({
  page,
  playwright,
  baseURL,
}) => {
  // Two syncs and two axe runs; the clean-up in `finally` must not be cut off by the timeout.
  test.setTimeout(120_000);
  const visit = await signIn(page, demoUsers.inspector);
  // A visit of its own on the 年中督责 plan, made complete and submitted by a phone without a
  // browser; submitted again at the end, so the other tests find only their own open visit.
  const request = page.context().request;
  const plan = (await serverRecords(request, 'plan')).find((r) =>
    String(r.fields.title).includes('省交通运输厅'),
  );
  expect(plan, 'the seeded 年中督责 plan').toBeDefined();
  const phone = new ApiDevice(request);
  const id = randomUUID();
  await phone.push('inspection.start', {
    id,
    planId: plan!.id,
    templateId: plan!.fields.templateId,
    templateVersion: plan!.fields.templateVersion,
    startedAt: new Date().toISOString(),
    place: null,
  });
  await submitComplete(phone, id);
  try {
    await page.goto(`/visits/${id}`);
    await expect(async () => {
      await visit.syncNow.click();
      await expect(visit.status).toHaveText('已提交', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByText('已提交审核，退回前不能修改').first()).toBeVisible();
    await checkScreen(page);

    // The team leader sends it back with a comment on the first item and one on the whole.
    const templateId = `${String(plan!.fields.templateId)}@${String(plan!.fields.templateVersion)}`;
    const template = (await serverRecords(request, 'template')).find((r) => r.id === templateId);
    const first = (template!.fields.sections as { items: { id: string }[] }[])[0]!.items[0]!;
    const leader = await playwright.request.newContext({ baseURL });
    try {
      await apiLogIn(leader, demoUsers.leader);
      await new ApiDevice(leader).push('inspection.return', {
        id,
        returnedAt: new Date().toISOString(),
        comments: [
          { itemId: first.id, text: '无障碍检查：请补充该项的佐证材料' },
          { itemId: null, text: '无障碍检查：请补充现场记录' },
        ],
      });
    } finally {
      await leader.dispose();
    }
    await expect(async () => {
      await visit.syncNow.click();
      await expect(visit.status).toHaveText('已退回', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(visit.commentedItems.getByRole('button')).toHaveCount(1);
    await checkScreen(page);
  } finally {
    await submitComplete(phone, id);
  }
});

test('检查（有同步冲突）: no serious accessibility violation, 44 px touch targets', async ({
  page,
  playwright,
  baseURL,
}) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.inspector);
  await expect(page).toHaveURL(/\/plans$/);
  const visit = new VisitPage(page);
  // The open 年中督责 visit: visit.spec.ts starts the 四不两直 one itself.
  const path = await visit.openVisit('省交通运输厅');
  const inspectionId = path.split('/').pop() ?? '';

  // Two phones without a browser make the conflict: 张明's and 李华's edits of one description,
  // neither having seen the other's. The overwritten text is long, so its notice folds it.
  const mine = page.context().request;
  // A visit started just now reaches the server with the phone's next push.
  await expect
    .poll(async () => (await serverRecords(mine, 'inspection')).some((r) => r.id === inspectionId))
    .toBe(true);
  const inspection = (await serverRecords(mine, 'inspection')).find((r) => r.id === inspectionId);
  const planId = inspection?.planId ?? '';
  const plan = (await serverRecords(mine, 'plan')).find((r) => r.id === planId);
  const t = randomUUID().slice(0, 8);
  const title = `无障碍检查：冲突提示 ${t}`;
  const original = `原始描述 ${t}`;
  const zhang = new ApiDevice(mine);
  const findingId = randomUUID();
  await zhang.push('finding.create', {
    id: findingId,
    planId,
    inspectionId,
    itemId: null,
    unitId: plan?.fields.targetUnitId,
    createdAt: new Date().toISOString(),
    category: 'conduct',
    severity: 'medium',
    title,
    description: original,
  });
  await zhang.push('finding.update', {
    id: findingId,
    set: { description: `${'张明补充的现场情况。'.repeat(15)}${t}` },
    base: { description: original },
  });
  const leader = await playwright.request.newContext({ baseURL });
  try {
    await apiLogIn(leader, demoUsers.leader);
    await new ApiDevice(leader).push('finding.update', {
      id: findingId,
      set: { description: `李华核实后的描述 ${t}` },
      base: { description: original },
    });
  } finally {
    await leader.dispose();
  }

  const notice = visit.conflicts(visit.finding(title));
  await expect(async () => {
    await visit.syncNow.click();
    await expect(notice).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(notice.getByText('查看完整内容')).toBeVisible();
  await expect(visit.conflictSummary).toBeVisible();

  await expectNoSeriousA11yViolations(page);
  expect(await smallTouchTargets(page)).toEqual([]);
});

test('检查（回头看，反弹待确认）: no serious accessibility violation, 44 px touch targets', async ({
  page,
}) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.inspector);
  await expect(page).toHaveURL(/\/plans$/);
  const visit = new VisitPage(page);
  await visit.synced();

  // A visit of its own on the 回头看 plan, started by a phone without a browser and submitted
  // again at the end, so follow-up.spec.ts still starts its visit from the plan screen.
  const request = page.context().request;
  const plan = (await serverRecords(request, 'plan')).find((r) => r.fields.kind === 'follow_up');
  expect(plan, 'the seeded 回头看 plan').toBeDefined();
  const phone = new ApiDevice(request);
  const id = randomUUID();
  await phone.push('inspection.start', {
    id,
    planId: plan!.id,
    templateId: plan!.fields.templateId,
    templateVersion: plan!.fields.templateVersion,
    startedAt: new Date().toISOString(),
    place: null,
  });
  try {
    await page.goto(`/visits/${id}`);
    const followUp = new FollowUpPage(page);
    await expect(async () => {
      await visit.syncNow.click();
      await expect(followUp.section).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(followUp.targets.first()).toBeVisible();
    // 反弹 on a ledger item, with its question open: nothing is recorded until it is confirmed.
    const ledgerItem = followUp.targets.filter({ hasText: '整改台账' }).first();
    await followUp.judge(ledgerItem, '反弹');
    await expect(followUp.relapseQuestion(ledgerItem)).toBeVisible();

    await expectNoSeriousA11yViolations(page);
    expect(await smallTouchTargets(page)).toEqual([]);
  } finally {
    await submitComplete(phone, id);
  }
});

test('约谈记录 and 廉政谈话备忘录: no serious accessibility violation, 44 px touch targets', async ({
  page,
}) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(demoUsers.inspector);
  await expect(page).toHaveURL(/\/plans$/);
  const visit = new VisitPage(page);
  await visit.synced();
  await visit.openVisit('约谈：云川市城中区');
  const talk = new TalkPage(page);
  await talk.newTalk.click();
  await expect(talk.heading).toHaveText('约谈记录');
  // The form with a row of each kind, and the hint of what signing still needs.
  await talk.addParticipant('谈话人', '李华', '检查组组长');
  await talk.addExchange('如何落实主体责任？', '逐项对照整改');
  await talk.addCommitment('一个月内整改到位', null);
  await expect(talk.signSection).toContainText('谈话对象');
  await expectNoSeriousA11yViolations(page);
  expect(await smallTouchTargets(page)).toEqual([]);

  // Signed: the memo with the signature.
  await talk.addParticipant('谈话对象', '陈国栋', '区委书记');
  await talk.drawSignature();
  await talk.confirmSignature.click();
  await expect(talk.heading).toHaveText('廉政谈话备忘录');
  await expect(talk.memo.getByRole('img', { name: '谈话对象的签名' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  expect(await smallTouchTargets(page)).toEqual([]);
});

test('the checks catch an unlabelled field, low contrast and small controls', async ({ page }) => {
  await page.setContent(`<!doctype html><html lang="zh-CN"><title>t</title><body><main>
    <h1>检查</h1>
    <input type="text">
    <p style="color:#bbb;background:#fff">对比度不足的文字</p>
    <button type="button" style="width:30px;height:30px">+</button>
  </main></body></html>`);

  const failure = await expectNoSeriousA11yViolations(page).then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain('label');
  expect(failure).toContain('color-contrast');
  // The unstyled field is too short for a thumb as well.
  expect(await smallTouchTargets(page)).toEqual([
    expect.stringMatching(/^input "" \d+×\d+$/),
    'button "+" 30×30',
  ]);
});
