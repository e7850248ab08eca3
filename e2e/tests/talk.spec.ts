import { createHash, randomUUID } from 'node:crypto';
import { demoUsers } from '../support/demo-users';
import { typeWithIme } from '../support/ime';
import { expect, test } from '../support/fixtures';
import { apiLogIn, apiQuery, serverRecords } from '../support/sync-api';
import { LoginPage } from '../pages/login.page';
import { PlansPage } from '../pages/plans.page';
import { TalkPage } from '../pages/talk.page';
import { VisitPage } from '../pages/visit.page';

/*
 * A 约谈 recorded on the phone with no network: who was there, the questions and answers, a
 * 表态 with a deadline, the person talked to signing on the screen; a reload in the middle loses
 * nothing. Back online it syncs, the server holds the signed record with the signature's hash,
 * the team can download the signature, and the 表态 is on the 整改台账.
 *
 * Both phone projects share one server and database: the second continues the first's visit of
 * the 约谈 plan and adds a talk of its own there, so everything is found by this run's ids and tag.
 */

const PLAN = '约谈：云川市城中区';

/** A calendar day in China Standard Time, `days` from today. */
const cstDay = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

interface LedgerItem {
  talkRecordId: string | null;
  title: string;
  measures: string;
  responsibleUnitId: string;
  responsiblePerson: string;
  kind: string;
  deadline: string | null;
  status: string;
  history: { event: string; role: string; talkRecordId?: string }[];
}

test('a 约谈 recorded offline in a visit, signed on the phone, reaches the server and the ledger', async ({
  page,
  context,
  playwright,
  baseURL,
}) => {
  const t = randomUUID().slice(0, 8);
  const place = `区纪委谈话室 ${t}`;
  const q1 = `对“一岗双责”落实不到位如何认识？ ${t}`;
  const a1 = `班子成员分工不够明确，督促检查不到位。${t}`;
  const q2 = `下一步如何整改？ ${t}`;
  const a2 = `一个月内修订责任清单并报备。${t}`;
  const promise = `一个月内修订班子成员责任清单 ${t}`;
  const deadline = cstDay(30);

  await new LoginPage(page).goto();
  await new LoginPage(page).logIn(demoUsers.inspector);
  await expect(new PlansPage(page).heading).toHaveText('我的计划');
  const visit = new VisitPage(page);
  await visit.synced();
  await new PlansPage(page).waitForServiceWorkerControl();
  const visitPath = await visit.openVisit(PLAN);
  const visitId = visitPath.split('/').pop() ?? '';
  await visit.synced();

  // No network from here to the signature.
  await context.setOffline(true);
  const talk = new TalkPage(page);
  await talk.newTalk.click();
  await expect(page).toHaveURL(/\/talks\/[^/]+$/);
  await expect(talk.heading).toHaveText('约谈记录');
  const talkId = talk.talkId();
  // Whoever opens it is its 记录人.
  await expect(talk.participantName(1)).toHaveValue('张明');
  await expect(talk.participantRole(1)).toHaveValue('recorder');
  await talk.participantPosition(1).fill('检查员');
  await talk.place.fill(place);
  await talk.place.blur();
  await talk.addParticipant('谈话人', '李华', '检查组组长');
  await talk.addParticipant('谈话对象', '陈国栋', '区委书记');

  // Not signable yet: no question.
  await expect(talk.signSection).toContainText('至少一个问题');
  await talk.addExchange(q1);
  // The answer typed in place, saved as it is typed.
  await talk.answer(1).fill(a1);
  await talk.answer(1).blur();
  await talk.addExchange(q2, a2);
  await talk.addCommitment(promise, deadline);
  await expect(talk.signSection).not.toContainText('签字前还需要');

  // Back on the visit, the device has it all (the list reads what is stored); reload offline.
  await talk.backToVisit.click();
  const listed = talk.listed(talkId);
  await expect(listed).toContainText('陈国栋');
  await expect(listed).toContainText('问答 2 · 表态 1');
  await expect(listed).toContainText('未同步');
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`${visitPath}$`));
  await expect(visit.syncSummary).toContainText('离线');
  await listed.getByRole('link').click();
  await expect(talk.heading).toHaveText('约谈记录');
  await expect(talk.place).toHaveValue(place);
  await expect(talk.participantPosition(1)).toHaveValue('检查员');
  await expect(talk.participantName(2)).toHaveValue('李华');
  await expect(talk.participantRole(2)).toHaveValue('talker');
  await expect(talk.participantName(3)).toHaveValue('陈国栋');
  await expect(talk.participantRole(3)).toHaveValue('subject');
  await expect(talk.question(1)).toHaveValue(q1);
  await expect(talk.answer(1)).toHaveValue(a1);
  await expect(talk.question(2)).toHaveValue(q2);
  await expect(talk.answer(2)).toHaveValue(a2);
  await expect(talk.commitment(1)).toHaveValue(promise);
  await expect(talk.commitmentDeadline(1)).toHaveValue(deadline);

  // The person talked to signs: an empty pad is refused, a stroke cleared and redone.
  await talk.confirmSignature.click();
  await expect(talk.signSection.getByRole('alert')).toHaveText('请先签名');
  await talk.drawSignature();
  await talk.clearSignature.click();
  await talk.confirmSignature.click();
  await expect(talk.signSection.getByRole('alert')).toHaveText('请先签名');
  await talk.drawSignature();
  await talk.confirmSignature.click();

  // Final: the memo, read-only.
  await expect(talk.heading).toHaveText('廉政谈话备忘录');
  const memo = talk.memo;
  for (const text of [
    place,
    '李华（检查组组长）',
    '陈国栋（区委书记）',
    '张明（检查员）',
    q1,
    a1,
    q2,
    a2,
    promise,
  ]) {
    await expect(memo).toContainText(text);
  }
  await expect(memo).toContainText('限期整改');
  await expect(memo).toContainText('同步后列入整改台账');
  await expect(memo.getByRole('img', { name: '谈话对象的签名' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
  await expect(talk.signaturePad).toHaveCount(0);

  // Online: it syncs, and the server's copy (with its ledger item) comes back to the phone.
  await context.setOffline(false);
  await visit.synced();
  await expect(memo).toContainText('已列入整改台账');

  // What the server holds.
  const mine = page.context().request;
  const record = (await serverRecords(mine, 'talk')).find((r) => r.id === talkId);
  expect(record?.fields).toMatchObject({
    inspectionId: visitId,
    place,
    signedAt: expect.any(String),
    exchanges: [
      { question: q1, answer: a1 },
      { question: q2, answer: a2 },
    ],
  });
  const sha = String(record?.fields.signatureSha256);
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  const attachment = (await serverRecords(mine, 'attachment')).find((r) => r.fields.sha256 === sha);
  expect(attachment?.fields).toMatchObject({ inspectionId: visitId, mimeType: 'image/png' });

  // The team leader downloads the signature.
  const leader = await playwright.request.newContext({ baseURL });
  try {
    await apiLogIn(leader, demoUsers.leader);
    const file = await leader.get(`/files/${sha}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    expect(
      createHash('sha256')
        .update(await file.body())
        .digest('hex'),
    ).toBe(sha);
  } finally {
    await leader.dispose();
  }

  // The 表态 is a ledger item of the talk's unit, from this talk.
  const [commitment] = record?.fields.commitments as { rectificationItemId: string | null }[];
  expect(commitment?.rectificationItemId).toMatch(/^[0-9a-f-]{36}$/);
  const items = await apiQuery<LedgerItem[]>(mine, 'ledger.ofTalk', { talkId });
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    talkRecordId: talkId,
    title: promise,
    measures: promise,
    responsibleUnitId: record?.fields.unitId,
    responsiblePerson: '陈国栋（区委书记）',
    kind: 'deadline',
    deadline,
    status: 'open',
  });
  expect(items[0]?.history).toEqual([
    expect.objectContaining({ event: 'talk.committed', role: 'inspector', talkRecordId: talkId }),
  ]);
});

test('a question and its answer typed through a pinyin IME are kept as the chosen characters', async ({
  page,
  context,
}) => {
  // Online on purpose: a CDP session (the IME) and the browser's offline emulation do not mix.
  const t = randomUUID().slice(0, 8);
  await new LoginPage(page).goto();
  await new LoginPage(page).logIn(demoUsers.inspector);
  await expect(new PlansPage(page).heading).toHaveText('我的计划');
  const visit = new VisitPage(page);
  await visit.synced();
  await visit.openVisit(PLAN);
  const talk = new TalkPage(page);
  await talk.newTalk.click();
  await expect(talk.heading).toHaveText('约谈记录');
  const talkId = talk.talkId();

  const cdp = await context.newCDPSession(page);
  // The new question through the IME, then 添加问答.
  const composer = page.getByRole('group', { name: '添加问答' }).getByLabel('问', { exact: true });
  await composer.fill(`${t} `);
  await typeWithIme(cdp, composer, 'ruhezhenggai', '如何整改');
  await expect(composer).toHaveValue(`${t} 如何整改`);
  await page
    .getByRole('group', { name: '添加问答' })
    .getByRole('button', { name: '添加问答' })
    .click();
  await expect(talk.question(1)).toHaveValue(`${t} 如何整改`);
  // The answer in place: composed, committed, then saved on its own (no blur).
  await typeWithIme(cdp, talk.answer(1), 'lijizhenggai', '立即整改');
  await expect(talk.answer(1)).toHaveValue('立即整改');
  await cdp.detach();

  await expect(async () => {
    await visit.syncNow.click();
    await visit.synced();
    const record = (await serverRecords(page.context().request, 'talk')).find(
      (r) => r.id === talkId,
    );
    expect(record?.fields.exchanges).toEqual([{ question: `${t} 如何整改`, answer: '立即整改' }]);
  }).toPass({ timeout: 20_000 });
  await page.reload();
  await expect(talk.answer(1)).toHaveValue('立即整改');
});
