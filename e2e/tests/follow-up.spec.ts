import { createHash, randomUUID } from 'node:crypto';
import type { APIRequestContext, CDPSession, Locator } from '@playwright/test';
import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import { serverRecords } from '../support/sync-api';
import { solidPng } from '../support/test-image';
import { FollowUpPage, type Verdict } from '../pages/follow-up.page';
import { VisitPage } from '../pages/visit.page';

/*
 * 回头看 on a phone with no network from start to submit; then the server has every verdict and
 * the ledger item judged 反弹 is reopened.
 *
 * Both phone projects share one server and database. The seed's 回头看 of 省财政厅 lists two
 * verified ledger items: each run judges 反弹 on one still verified (the other project may have
 * reopened the first), so each proves verified → 反弹重开 for itself. A visit the other project
 * submitted leaves the plan open for a new one; one left in draft would be continued.
 */

const PLAN = '回头看：省财政厅';

interface Target {
  kind: 'rectification' | 'finding';
  id: string;
  title: string;
  status?: string;
}

/** The targets the server lists in the 回头看 plan's record, as the signed-in user sees them. */
async function serverTargets(request: APIRequestContext): Promise<Target[]> {
  const plan = (await serverRecords(request, 'plan')).find(
    (r) => r.fields.kind === 'follow_up' && String(r.fields.title).startsWith(PLAN),
  );
  expect(plan, 'the seeded 回头看 plan').toBeDefined();
  return ((plan!.fields.followUp as { items?: Target[] } | undefined)?.items ?? []).map((t) => ({
    kind: t.kind,
    id: t.id,
    title: t.title,
    status: t.status,
  }));
}

/** Types as a pinyin IME does: Latin letters composed first, then the chosen characters. */
async function typeWithIme(cdp: CDPSession, field: Locator, pinyin: string, hanzi: string) {
  await field.focus();
  for (let i = 1; i <= pinyin.length; i++) {
    await cdp.send('Input.imeSetComposition', {
      text: pinyin.slice(0, i),
      selectionStart: i,
      selectionEnd: i,
    });
  }
  await cdp.send('Input.insertText', { text: hanzi });
}

test('回头看 offline: every target judged, 反弹 with a comment and a photo, through a reload; the server reopens the item', async ({
  page,
  context,
  loginPage,
  plansPage,
}) => {
  const t = randomUUID().slice(0, 8);
  const visit = new VisitPage(page);
  const followUp = new FollowUpPage(page);

  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  await visit.synced();
  // The reload below happens with the network off: the app shell must come from the worker.
  await plansPage.waitForServiceWorkerControl();
  await visit.synced();

  const request = context.request;
  const before = await serverTargets(request);
  const relapse = before.find((x) => x.kind === 'rectification' && x.status === 'verified');
  expect(relapse, 'a verified ledger item no earlier run reopened').toBeDefined();
  const finding = before.find((x) => x.kind === 'finding');
  expect(finding, 'a finding without a ledger item').toBeDefined();
  // Every other target gets one of the other three verdicts, in turn.
  const others: Verdict[] = ['整改到位', '部分整改', '未整改'];
  const planned = new Map<string, Verdict>(
    before.map((x, i) => [x.id, x.id === relapse!.id ? '反弹' : others[i % others.length]!]),
  );

  // From here to the submit, the phone has no network.
  await context.setOffline(true);
  const path = await visit.openVisit(PLAN);
  const inspectionId = path.split('/').pop()!;
  await expect(followUp.section).toBeVisible();
  await expect(followUp.targets).toHaveCount(before.length);
  const relapseCard = followUp.target(relapse!.title);
  await expect(relapseCard).toContainText('整改台账');
  await expect(relapseCard).toContainText('已验收');
  await expect(followUp.target(finding!.title)).toContainText('发现问题');

  // The comment first, typed through an IME: nothing half-composed is kept.
  const comment = followUp.comment(relapseCard);
  await comment.fill(`复查 ${t}：`);
  const cdp = await context.newCDPSession(page);
  await typeWithIme(cdp, comment, 'baojianyouhuifu', '包间又恢复使用');
  await expect(comment).toHaveValue(`复查 ${t}：包间又恢复使用`);
  await comment.blur();
  const commentText = `复查 ${t}：包间又恢复使用`;

  // 反弹 explains what it will do and asks first; 取消 puts the radio back.
  await followUp.judge(relapseCard, '反弹');
  const question = followUp.relapseQuestion(relapseCard);
  await expect(question).toContainText('重新打开');
  await question.getByRole('button', { name: '取消', exact: true }).click();
  await expect(question).toHaveCount(0);
  await expect(followUp.radio(relapseCard, '反弹')).not.toBeChecked();
  await followUp.judge(relapseCard, '反弹');
  await followUp.confirmRelapse(relapseCard);
  await expect(followUp.radio(relapseCard, '反弹')).toBeChecked();
  await expect(relapseCard.getByRole('note')).toContainText('已判定为反弹');
  await expect(followUp.unsynced(relapseCard)).toBeVisible();

  // A photo from the phone's files, kept on the device until the network returns.
  const photoName = `fantan-${t}.png`;
  const png = solidPng(64, 48, [183, 28, 28]);
  await followUp.choosePhoto(relapseCard, { name: photoName, mimeType: 'image/png', buffer: png });
  const photo = followUp.photo(relapseCard, new RegExp(`^查看 fantan-${t}\\.(png|jpg)$`));
  await expect(photo).toBeVisible();

  // Half of the other targets, then a reload in the middle of the visit.
  const rest = before.filter((x) => x.id !== relapse!.id);
  const half = rest.slice(0, Math.ceil(rest.length / 2));
  for (const x of half) {
    const card = followUp.target(x.title);
    await followUp.judge(card, planned.get(x.id)!);
    await expect(followUp.unsynced(card)).toBeVisible();
  }
  await expect(followUp.progress).toHaveText(`已判定 ${half.length + 1}/${before.length} 项`);

  await page.reload();
  await expect(followUp.section).toBeVisible();
  await expect(followUp.progress).toHaveText(`已判定 ${half.length + 1}/${before.length} 项`);
  await expect(followUp.radio(relapseCard, '反弹')).toBeChecked();
  await expect(followUp.comment(relapseCard)).toHaveValue(commentText);
  await expect(photo).toBeVisible();
  for (const x of half) {
    await expect(followUp.radio(followUp.target(x.title), planned.get(x.id)!)).toBeChecked();
  }

  // Submitting is refused while a target has no verdict, with a link to it.
  await followUp.answerChecklist();
  const submit = visit.submitSection.getByRole('button', { name: '提交审核', exact: true });
  const unjudged = rest.slice(half.length);
  if (unjudged.length > 0) {
    await submit.click();
    await expect(visit.submitSection.getByRole('alert')).toContainText('项需要处理');
    await expect(
      visit.submitSection.getByRole('button', { name: `回头看事项未判定：${unjudged[0]!.title}` }),
    ).toBeVisible();
  }
  for (const x of unjudged) await followUp.judge(followUp.target(x.title), planned.get(x.id)!);
  await expect(followUp.progress).toHaveText(`已判定 ${before.length}/${before.length} 项`);
  await expect(visit.submitSection).toContainText('检查已完整，可以提交审核');
  await submit.click();
  await expect(visit.submitSection.getByRole('status')).toHaveText('已提交，联网后同步给审核人');
  await expect(followUp.radio(relapseCard, '整改到位')).toBeDisabled();

  // Back online: everything reaches the server.
  await context.setOffline(false);
  await visit.synced();
  await expect(page.getByText('未同步', { exact: true })).toHaveCount(0);

  const verdicts = (await serverRecords(request, 'verdict')).filter(
    (r) => r.fields.inspectionId === inspectionId,
  );
  const label: Record<string, Verdict> = {
    rectified: '整改到位',
    partial: '部分整改',
    not_rectified: '未整改',
    relapsed: '反弹',
  };
  expect(
    new Map(verdicts.map((r) => [String(r.fields.targetId), label[String(r.fields.verdict)]])),
  ).toEqual(planned);
  const relapsed = verdicts.find((r) => r.fields.targetId === relapse!.id)!;
  expect(relapsed.fields).toMatchObject({
    targetKind: 'rectification',
    comment: commentText,
    judgedBy: expect.any(String),
  });
  const evidence = relapsed.fields.evidence as string[];
  expect(evidence).toHaveLength(1);
  const file = await request.get(`/files/${evidence[0]}`);
  expect(file.status()).toBe(200);
  expect(
    createHash('sha256')
      .update(await file.body())
      .digest('hex'),
  ).toBe(evidence[0]);

  const inspection = (await serverRecords(request, 'inspection')).find(
    (r) => r.id === inspectionId,
  );
  expect(inspection?.fields.status).toBe('submitted');

  // The 反弹 reopened the verified item on the server, in the push that carried it; the other
  // verdicts changed no ledger item.
  const after = new Map((await serverTargets(request)).map((x) => [x.id, x.status]));
  expect(after.get(relapse!.id)).toBe('reopened');
  for (const x of rest.filter((y) => y.kind === 'rectification')) {
    expect(after.get(x.id), x.title).toBe(x.status);
  }
  // And the phone shows it once it pulls the plan again.
  await expect(relapseCard).toContainText('反弹重开');
  await expect(relapseCard.getByRole('note')).toContainText('已同步到服务器，整改台账已按反弹处理');
});
