import { createHash, randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';
import { demoUsers } from '../support/demo-users';
import { expect, test } from '../support/fixtures';
import {
  ApiDevice,
  apiLogIn,
  serverRecords,
  submitComplete,
  type ServerRecord,
} from '../support/sync-api';
import { jpegSize, photoPng, solidPng } from '../support/test-image';
import { VisitPage } from '../pages/visit.page';

/*
 * The inspector's core flow, as the product asks for it: a whole 四不两直 visit with the network
 * off from the plan screen to 提交审核 — a scored checklist of every answer kind the template
 * has, notes on the visit and on an item, a camera-sized photo from the file chooser that the
 * phone scales and thumbnails, two findings (one from a failed item, one on its own, both with
 * money), a reload in the middle — then the network comes back and the server holds all of it,
 * the photo verified by its SHA-256. Then the team leader sends the visit back with comments,
 * the inspector sees them where they belong, corrects the item and submits again.
 *
 * Both phone projects share one server and database, and visit.spec.ts leaves a draft of this
 * plan open. Each run first submits, through the API, any visit of the plan still open, so it
 * starts a visit of its own (the plan allows another once the earlier ones are submitted) and
 * finds every record of its own by that visit's id.
 */

const PLAN = '四不两直暗访：青山县';

test.describe.configure({ mode: 'serial' });

/** The visit the first test submits; the second sends it back and resubmits it. */
let visitId: string | null = null;
let tag = '';

/** SHA-256 of bytes, as hex. */
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The plan this spec works on, as the signed-in user sees it on the server. */
async function serverPlan(request: APIRequestContext): Promise<ServerRecord> {
  const plan = (await serverRecords(request, 'plan')).find((r) =>
    String(r.fields.title).startsWith(PLAN),
  );
  expect(plan, `the seeded plan ${PLAN}`).toBeDefined();
  return plan!;
}

/** Item code (ST-1 …) → item id, from the template version the plan pins. */
async function itemIds(request: APIRequestContext, plan: ServerRecord) {
  const id = `${String(plan.fields.templateId)}@${String(plan.fields.templateVersion)}`;
  const template = (await serverRecords(request, 'template')).find((r) => r.id === id);
  expect(template, `template ${id}`).toBeDefined();
  const sections = template!.fields.sections as { items: { id: string; code: string }[] }[];
  return new Map(sections.flatMap((s) => s.items.map((i) => [i.code, i.id] as const)));
}

/**
 * Submits (as the inspector, from a phone without a browser, answering what is still unanswered)
 * every visit of the plan still open.
 */
async function submitOpenVisits(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
) {
  const api = await playwright.request.newContext({ baseURL });
  try {
    await apiLogIn(api, demoUsers.inspector);
    const plan = await serverPlan(api);
    const open = (await serverRecords(api, 'inspection')).filter(
      (r) => r.planId === plan.id && ['draft', 'returned'].includes(String(r.fields.status)),
    );
    const phone = new ApiDevice(api);
    for (const r of open) await submitComplete(phone, r.id);
  } finally {
    await api.dispose();
  }
}

async function download(request: APIRequestContext, sha: string): Promise<APIResponse> {
  const file = await request.get(`/files/${sha}`);
  expect(file.status(), `GET /files/${sha}`).toBe(200);
  return file;
}

test('a 四不两直 visit offline from start to submit, then synced: answers, notes, photo and findings on the server', async ({
  page,
  context,
  playwright,
  baseURL,
  loginPage,
  plansPage,
}) => {
  // A photo is scaled and encoded twice (file and thumbnail) on a 2-core machine.
  test.setTimeout(180_000);
  tag = randomUUID().slice(0, 8);
  const t = tag;
  const visit = new VisitPage(page);
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 28.1187, longitude: 119.6342, accuracy: 12 });
  await submitOpenVisits(playwright, baseURL);

  // Online, once: sign in and let the first pull bring the plans, templates and units.
  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  await visit.synced();
  // The reload below happens with no network: the app shell must come from the worker.
  await plansPage.waitForServiceWorkerControl();
  await visit.synced();

  // From here to the submit, the phone has no network.
  await context.setOffline(true);
  await expect(visit.syncSummary).toContainText('离线');
  await visit.openPlan(PLAN);
  await expect(visit.heading).toContainText('青山县');
  await expect(visit.offlineReadiness).toContainText('可离线使用');
  await expect(visit.continueVisit).toHaveCount(0);
  await visit.startVisit.click();
  await expect(page).toHaveURL(/\/visits\/[^/]+$/);
  const path = new URL(page.url()).pathname;
  const id = path.split('/').pop()!;
  await expect(visit.status).toHaveText('草稿');
  await expect(page.getByText(/28\.11870, 119\.63420/)).toBeVisible();
  await expect(visit.syncSummary).toContainText('离线');

  /*
   * The 落实中央八项规定精神专项检查表: four sections of weight 25 — 机关食堂 (ST-1 conformity
   * /10 with evidence, ST-2 conformity /5), 津贴补贴 (JT-1 conformity /10, 一票否决, with
   * evidence; JT-2 a number in 元, optional), 公务用车 (GC-1 conformity /10, GC-2 a score /5),
   * 商业预付卡 (YFK-1 conformity /10 with evidence). Unanswered items count 0 of their maximum,
   * 部分符合 half, 不适用 leaves the item out, and a section with nothing scorable drops out
   * of the overall score, whose weights are then shared by the rest.
   */
  const st1 = visit.item('ST-1');
  const st2 = visit.item('ST-2');
  const jt1 = visit.item('JT-1');
  const jt2 = visit.item('JT-2');
  const gc1 = visit.item('GC-1');
  const gc2 = visit.item('GC-2');
  const yfk1 = visit.item('YFK-1');
  await expect(visit.items).toHaveCount(7);
  await expect(visit.overallScore).toHaveText('0');
  await expect(visit.grade).toHaveText('不合格');
  await expect(visit.sectionHeader('机关食堂')).toContainText('已答 0/2');
  await expect(visit.sectionHeader('机关食堂')).toContainText('得分 0/15');

  // ST-1: 不符合, with what was seen and a photo of it.
  const st1Remark = `包间存在超标准接待，登记簿未记录公函 ${t}`;
  await visit.answer(st1, '不符合');
  await expect(st1.getByRole('radio', { name: '不符合', exact: true })).toBeChecked();
  await expect(st1.getByText('未同步', { exact: true })).toBeVisible();
  await visit.writeRemark(st1, st1Remark);
  await expect(visit.sectionHeader('机关食堂')).toContainText('已答 1/2');
  await expect(visit.sectionHeader('机关食堂')).toContainText('得分 0/15');
  await expect(visit.sectionHeader('机关食堂')).toContainText('不符合 1');
  await expect(st1).toContainText('需上传佐证');

  // A 2400×1800 picture from the phone's files: scaled to 2048 px and re-encoded as JPEG,
  // thumbnailed, stored on the device until the network returns.
  // Bytes of this run only: a file another run uploaded would be known to the server already
  // (the same SHA-256), so the phone would rightly not wait to upload it.
  const seed = parseInt(t, 16);
  const bigPng = photoPng(2400, 1800, seed);
  const bigName = `shitang-baojian-${t}.png`;
  await visit.choosePhoto(st1, { name: bigName, mimeType: 'image/png', buffer: bigPng });
  await expect(st1.getByText('已保存在本机，等待上传')).toBeVisible({ timeout: 60_000 });
  const bigPhoto = visit.photo(st1, `shitang-baojian-${t}.jpg`);
  await expect(bigPhoto).toBeVisible();
  await expect(st1).toContainText('佐证材料 1 份');
  await expect(st1).not.toContainText('需上传佐证');
  await expect(st1.getByText('等待上传', { exact: true })).toBeVisible();
  const thumbnail = bigPhoto.locator('img');
  await expect(thumbnail).toHaveJSProperty('complete', true);
  const drawn = await thumbnail.evaluate((img: HTMLImageElement) => ({
    width: img.naturalWidth,
    height: img.naturalHeight,
  }));
  expect(drawn).toEqual({ width: 320, height: 240 });

  // ST-2: 部分符合 — half of 5: 机关食堂 2.5/15 = 16.67%, of four sections: 4.17.
  await visit.answer(st2, '部分符合');
  await expect(visit.sectionHeader('机关食堂')).toContainText('得分 2.5/15');
  await expect(visit.overallScore).toHaveText('4.17');

  // JT-1 不适用 (explained), JT-2 the amount found: 0 元. 津贴补贴 has nothing left to score
  // and drops out: 16.67 / 3 = 5.56.
  await visit.answer(jt1, '不适用');
  await visit.writeRemark(jt1, `该县机关未发放津贴补贴 ${t}`);
  await visit.type(jt2, '0');
  await expect(visit.sectionHeader('津贴补贴')).toContainText('已答 2/2');
  await expect(visit.sectionHeader('津贴补贴')).not.toContainText('得分');
  await expect(visit.overallScore).toHaveText('5.56');

  // A note on the visit, and a finding from the failed item, with money involved.
  const arrival = `9:05 直奔机关食堂，未通知被检查单位 ${t}`;
  await visit.addVisitNote(arrival);
  const fromItemTitle = `机关食堂超标准接待 ${t}`;
  await st1.getByRole('button', { name: '记录问题', exact: true }).click();
  const dialog = visit.findingDialog;
  await expect(dialog.getByRole('heading', { name: '新增问题' })).toBeVisible();
  await expect(dialog.getByLabel('问题描述 *')).toHaveValue(st1Remark);
  await dialog.getByLabel('问题类别 *').selectOption({ label: '中央八项规定精神' });
  await dialog.getByLabel('严重程度 *').selectOption({ label: '较重' });
  await dialog.getByLabel('问题标题 *').fill(fromItemTitle);
  await dialog.getByLabel('涉及金额（元）').fill('3,680');
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const fromItem = visit.finding(fromItemTitle);
  await expect(fromItem).toContainText('涉及金额 3,680 元');
  await expect(fromItem.getByText('未同步', { exact: true })).toBeVisible();

  // The reload, in the middle of the visit and with no network: nothing is lost.
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(visit.syncSummary).toContainText('离线');
  await expect(visit.status).toHaveText('草稿');
  await expect(st1.getByRole('radio', { name: '不符合', exact: true })).toBeChecked();
  await expect(visit.remark(st1)).toHaveValue(st1Remark);
  await expect(st2.getByRole('radio', { name: '部分符合', exact: true })).toBeChecked();
  await expect(jt1.getByRole('radio', { name: '不适用', exact: true })).toBeChecked();
  await expect(visit.typedAnswer(jt2)).toHaveValue('0');
  await expect(bigPhoto).toBeVisible();
  await expect(bigPhoto.locator('img')).toHaveJSProperty('naturalWidth', 320);
  await expect(visit.visitNotes.getByText(arrival, { exact: true })).toBeVisible();
  await expect(fromItem).toContainText('涉及金额 3,680 元');
  await expect(visit.overallScore).toHaveText('5.56');
  await expect(visit.sectionHeader('机关食堂')).toContainText('得分 2.5/15');

  // 公务用车: GC-1 符合 (10/15: 66.67%, overall 27.78), GC-2 scored 4 of 5 (14/15, 36.67).
  await visit.answer(gc1, '符合');
  await expect(visit.overallScore).toHaveText('27.78');
  await visit.type(gc2, '4');
  await expect(visit.sectionHeader('公务用车')).toContainText('得分 14/15');
  await expect(visit.overallScore).toHaveText('36.67');
  // A note on an item.
  const gc2Note = `派车单 3 张无审批签字 ${t}`;
  await visit.addItemNote(gc2, gc2Note);
  await expect(gc2.getByRole('button', { name: '记录（1）', exact: true })).toBeVisible();

  // YFK-1 符合: 商业预付卡 10/10. Overall (16.67 + 93.33 + 100) / 3 = 70, 合格.
  await visit.answer(yfk1, '符合');
  await expect(visit.overallScore).toHaveText('70');
  await expect(visit.grade).toHaveText('合格');
  await expect(visit.summaryRow('机关食堂')).toContainText('16.67%');
  await expect(visit.summaryRow('津贴补贴')).toContainText('—');
  await expect(visit.summaryRow('公务用车')).toContainText('93.33%');
  await expect(visit.summaryRow('商业预付卡')).toContainText('100%');

  // A finding on its own, with the money involved.
  const ownTitle = `公务加油卡账目不清 ${t}`;
  const ownText = `加油卡充值 12,800.5 元无派车记录对应 ${t}`;
  await visit.findings.getByRole('button', { name: '新增问题', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: '新增问题' })).toBeVisible();
  await expect(dialog.getByLabel('问题描述 *')).toHaveValue('');
  await dialog.getByLabel('问题类别 *').selectOption({ label: '中央八项规定精神' });
  await dialog.getByLabel('严重程度 *').selectOption({ label: '一般' });
  await dialog.getByLabel('问题标题 *').fill(ownTitle);
  await dialog.getByLabel('问题描述 *').fill(ownText);
  await dialog.getByLabel('涉及金额（元）').fill('12,800.50');
  // Its evidence: a photo of the fuel card ledger; a second one picked by mistake is taken off
  // again (the file stays on the phone, among the visit's own photos).
  const cardPng = solidPng(400, 300, [(seed >>> 16) & 0xff, seed & 0xff, 0x40]);
  const cardName = `jiayouka-taizhang-${t}.png`;
  const wrongPng = solidPng(360, 270, [0x20, (seed >>> 8) & 0xff, seed & 0xff]);
  const wrongName = `cuowu-zhaopian-${t}.png`;
  await visit.chooseFindingPhoto({ name: cardName, mimeType: 'image/png', buffer: cardPng });
  await expect(visit.photo(dialog, cardName)).toBeVisible();
  await visit.chooseFindingPhoto({ name: wrongName, mimeType: 'image/png', buffer: wrongPng });
  await expect(visit.photo(dialog, wrongName)).toBeVisible();
  await expect(dialog).toContainText('佐证材料 2 份');
  await visit.removeEvidence(dialog, wrongName);
  await expect(visit.photo(dialog, wrongName)).toHaveCount(0);
  await expect(dialog).toContainText('佐证材料 1 份');
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(visit.finding(ownTitle)).toContainText('涉及金额 12,800.5 元');
  await expect(visit.photo(visit.finding(ownTitle), cardName)).toBeVisible();
  await expect(visit.photo(visit.visitEvidence, wrongName)).toBeVisible();
  await expect(visit.photo(visit.visitEvidence, cardName)).toHaveCount(0);
  await expect(visit.findings.locator('li.finding')).toHaveCount(2);

  // Submitting is refused while YFK-1 has no evidence, with a link to it.
  const submit = visit.submitSection.getByRole('button', { name: '提交审核', exact: true });
  await submit.click();
  await expect(visit.submitSection.getByRole('alert')).toHaveText('还有 1 项需要处理：');
  await visit.submitSection.getByRole('button', { name: /^缺少佐证：不存在用公款购买/ }).click();
  await expect(yfk1).toBeFocused();
  await expect(visit.status).toHaveText('草稿');
  // A small picture is kept as it is, byte for byte.
  const smallPng = solidPng(640, 480, [seed & 0xff, (seed >>> 8) & 0xff, (seed >>> 16) & 0xff]);
  const smallName = `yufuka-fapiao-${t}.png`;
  await visit.choosePhoto(yfk1, { name: smallName, mimeType: 'image/png', buffer: smallPng });
  await expect(visit.photo(yfk1, smallName)).toBeVisible();
  await expect(visit.submitSection).toContainText('检查已完整，可以提交审核');

  await submit.click();
  await expect(visit.submitSection.getByRole('status')).toHaveText('已提交，联网后同步给审核人');
  await expect(visit.status).toHaveText('已提交');
  // Locked: nothing can be changed until it is sent back.
  await expect(page.getByText('已提交审核，退回前不能修改').first()).toBeVisible();
  await expect(st2.getByRole('radio', { name: '符合', exact: true })).toBeDisabled();
  await expect(visit.typedAnswer(gc2)).toBeDisabled();
  await expect(page.getByRole('button', { name: '添加照片' })).toHaveCount(0);
  await expect(visit.findings.getByRole('button', { name: '新增问题' })).toHaveCount(0);
  await expect(page.getByPlaceholder('现场记录…')).toHaveCount(0);
  await expect(visit.overallScore).toHaveText('70');

  // Back online: everything reaches the server, the photos first.
  await context.setOffline(false);
  await visit.synced();
  await expect(visit.syncSummary).not.toContainText('待同步');
  await expect(page.getByText('未同步', { exact: true })).toHaveCount(0);
  await expect(st1.getByText('等待上传', { exact: true })).toHaveCount(0);

  // What the server holds.
  const request = context.request;
  const plan = await serverPlan(request);
  const items = await itemIds(request, plan);
  const item = (code: string) => items.get(code)!;
  const inspection = (await serverRecords(request, 'inspection')).find((r) => r.id === id);
  expect(inspection?.fields).toMatchObject({
    planId: plan.id,
    status: 'submitted',
    submittedAt: expect.any(String),
    place: { lat: 28.1187, lng: 119.6342, accuracy: 12 },
  });

  const answers = new Map(
    (await serverRecords(request, 'answer'))
      .filter((r) => r.fields.inspectionId === id)
      .map((r) => [String(r.fields.itemId), r.fields]),
  );
  const conformity = (value: string) => ({ kind: 'conformity', value });
  expect(answers.size).toBe(7);
  expect(answers.get(item('ST-1'))).toMatchObject({
    answer: conformity('nonconforming'),
    remark: st1Remark,
  });
  expect(answers.get(item('ST-2'))?.answer).toEqual(conformity('partial'));
  expect(answers.get(item('JT-1'))).toMatchObject({
    answer: conformity('not_applicable'),
    remark: `该县机关未发放津贴补贴 ${t}`,
  });
  expect(answers.get(item('JT-2'))?.answer).toEqual({ kind: 'number', value: 0 });
  expect(answers.get(item('GC-1'))?.answer).toEqual(conformity('conforms'));
  expect(answers.get(item('GC-2'))?.answer).toEqual({ kind: 'score', value: 4 });
  expect(answers.get(item('YFK-1'))?.answer).toEqual(conformity('conforms'));

  const notes = (await serverRecords(request, 'note')).filter((r) => r.fields.inspectionId === id);
  expect(
    notes
      .map((n) => ({ itemId: n.fields.itemId, text: n.fields.text }))
      .sort((a, b) => String(a.text).localeCompare(String(b.text))),
  ).toEqual(
    [
      { itemId: null, text: arrival },
      { itemId: item('GC-2'), text: gc2Note },
    ].sort((a, b) => a.text.localeCompare(b.text)),
  );

  const findings = (await serverRecords(request, 'finding')).filter(
    (r) => r.fields.inspectionId === id,
  );
  expect(findings).toHaveLength(2);
  expect(findings.find((f) => f.fields.title === fromItemTitle)?.fields).toMatchObject({
    itemId: item('ST-1'),
    unitId: plan.fields.targetUnitId,
    category: 'eight_rules',
    severity: 'high',
    description: st1Remark,
    moneyInvolvedYuan: 3680,
  });
  expect(findings.find((f) => f.fields.title === ownTitle)?.fields).toMatchObject({
    itemId: null,
    category: 'eight_rules',
    severity: 'medium',
    description: ownText,
    moneyInvolvedYuan: 12800.5,
    evidence: [sha256(cardPng)],
  });

  // The photos: each answer's evidence is an attachment of this visit, whose bytes the server
  // serves under their SHA-256.
  const attachments = (await serverRecords(request, 'attachment')).filter(
    (r) => r.fields.inspectionId === id,
  );
  expect(attachments).toHaveLength(4);
  const big = attachments.find((a) => a.fields.itemId === item('ST-1'));
  expect(big?.fields).toMatchObject({
    fileName: `shitang-baojian-${t}.jpg`,
    mimeType: 'image/jpeg',
    place: { lat: 28.1187, lng: 119.6342 },
  });
  const bigSha = String(big?.fields.sha256);
  expect(answers.get(item('ST-1'))?.evidence).toEqual([bigSha]);
  const bigFile = await download(request, bigSha);
  const bigBytes = await bigFile.body();
  expect(sha256(bigBytes)).toBe(bigSha);
  expect(bigBytes.length).toBe(big?.fields.size);
  expect(bigFile.headers()['content-type']).toBe('image/jpeg');
  expect(jpegSize(bigBytes)).toEqual({ width: 2048, height: 1536 });
  expect(bigBytes.length).toBeLessThan(bigPng.length);

  const small = attachments.find((a) => a.fields.itemId === item('YFK-1'));
  expect(small?.fields).toMatchObject({
    fileName: smallName,
    mimeType: 'image/png',
    size: smallPng.length,
    sha256: sha256(smallPng),
  });
  expect(answers.get(item('YFK-1'))?.evidence).toEqual([sha256(smallPng)]);
  expect(sha256(await (await download(request, sha256(smallPng))).body())).toBe(sha256(smallPng));

  // The finding's photo, and the one taken off it: both attachments of the visit as a whole.
  for (const [png, name] of [
    [cardPng, cardName],
    [wrongPng, wrongName],
  ] as const) {
    expect(attachments.find((a) => a.fields.sha256 === sha256(png))?.fields).toMatchObject({
      itemId: null,
      fileName: name,
      size: png.length,
    });
    expect(sha256(await (await download(request, sha256(png))).body())).toBe(sha256(png));
  }

  visitId = id;
});

test('the team leader sends the visit back: the inspector sees the comments, corrects the item and submits again', async ({
  page,
  playwright,
  baseURL,
  loginPage,
  plansPage,
}) => {
  expect(visitId, 'the visit the first test submitted').not.toBeNull();
  const id = visitId!;
  const t = tag;
  const visit = new VisitPage(page);
  const itemComment = `ST-2 食堂经费未单独核算，不应判为部分符合，请核实后重新判定 ${t}`;
  const visitComment = `请补充食堂包间的现场照片说明 ${t}`;

  await loginPage.goto();
  await loginPage.logIn(demoUsers.inspector);
  await expect(plansPage.heading).toHaveText('我的计划');
  await visit.synced();
  await page.goto(`/visits/${id}`);
  await expect(visit.status).toHaveText('已提交');
  await expect(page.getByText('已提交审核，退回前不能修改').first()).toBeVisible();
  await expect(page.getByRole('region', { name: '已退回修改' })).toHaveCount(0);

  // 李华, the team leader, reviews on a device of his own and sends the visit back.
  const leader = await playwright.request.newContext({ baseURL });
  let leaderId: string;
  let st2Id: string;
  try {
    leaderId = await apiLogIn(leader, demoUsers.leader);
    const submitted = (await serverRecords(leader, 'inspection')).find((r) => r.id === id);
    expect(submitted?.fields.status).toBe('submitted');
    st2Id = (await itemIds(leader, await serverPlan(leader))).get('ST-2')!;
    await new ApiDevice(leader).push('inspection.return', {
      id,
      returnedAt: new Date().toISOString(),
      comments: [
        { itemId: st2Id, text: itemComment },
        { itemId: null, text: visitComment },
      ],
    });
  } finally {
    await leader.dispose();
  }

  // The inspector's phone syncs and shows it returned, with the comments where they belong.
  await expect(async () => {
    await visit.syncNow.click();
    await visit.synced();
    await expect(visit.status).toHaveText('已退回', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const returned = page.getByRole('region', { name: '已退回修改' });
  await expect(returned).toContainText(visitComment);
  await expect(returned).toContainText('请按审核意见修改后重新提交');
  // The item's comment is at its item, and listed at the top as a way there.
  await expect(returned.getByText(itemComment)).toHaveCount(1);
  await expect(visit.commentedItems).toContainText(itemComment);
  const st2 = visit.item('ST-2');
  await expect(st2.getByRole('note')).toContainText('审核意见');
  await expect(st2.getByRole('note')).toContainText(itemComment);
  // Only that item carries a comment.
  await expect(page.getByRole('note').filter({ hasText: '审核意见' })).toHaveCount(1);
  // At the top, the commented items: each a way to its item, even from a folded section.
  await expect(visit.sectionHeader('机关食堂')).toContainText('审核意见 1');
  await expect(visit.sectionHeader('公务用车')).not.toContainText('审核意见');
  const toSt2 = visit.commentedItems.getByRole('button');
  await expect(toSt2).toHaveCount(1);
  await expect(toSt2).toContainText('ST-2');
  await expect(toSt2).toContainText(itemComment);
  await visit.sectionHeader('机关食堂').click();
  await expect(visit.sectionHeader('机关食堂')).toHaveAttribute('aria-expanded', 'false');
  await expect(st2).toHaveCount(0);
  await toSt2.click();
  await expect(st2).toBeFocused();
  await expect(st2).toBeInViewport();
  await expect(page.getByText('已提交审核，退回前不能修改')).toHaveCount(0);

  // Editable again: ST-2 becomes 不符合. 机关食堂 0/15; (0 + 93.33 + 100) / 3 = 64.44.
  await expect(visit.overallScore).toHaveText('70');
  await expect(st2.getByRole('radio', { name: '不符合', exact: true })).toBeEnabled();
  await expect(st2.getByRole('button', { name: '添加照片', exact: true })).toBeVisible();
  await visit.answer(st2, '不符合');
  await expect(st2.getByRole('radio', { name: '不符合', exact: true })).toBeChecked();
  await expect(visit.sectionHeader('机关食堂')).toContainText('得分 0/15');
  await expect(visit.sectionHeader('机关食堂')).toContainText('不符合 2');
  await expect(visit.overallScore).toHaveText('64.44');
  await expect(visit.grade).toHaveText('合格');

  await expect(visit.submitSection).toContainText('检查已完整，可以提交审核');
  await visit.submitSection.getByRole('button', { name: '提交审核', exact: true }).click();
  await expect(visit.submitSection.getByRole('status')).toHaveText('已提交，联网后同步给审核人');
  await expect(visit.status).toHaveText('已提交');
  await expect(returned).toHaveCount(0);
  await expect(st2.getByRole('radio', { name: '符合', exact: true })).toBeDisabled();
  await visit.synced();
  await expect(page.getByText('未同步', { exact: true })).toHaveCount(0);

  // On the server: submitted again with the corrected answer, and the review on record.
  const request = page.context().request;
  const inspection = (await serverRecords(request, 'inspection')).find((r) => r.id === id);
  expect(inspection?.fields).toMatchObject({ status: 'submitted', returnedBy: leaderId! });
  expect(inspection?.fields.reviewComments).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ itemId: st2Id!, text: itemComment, by: leaderId! }),
      expect.objectContaining({ itemId: null, text: visitComment, by: leaderId! }),
    ]),
  );
  const st2Answer = (await serverRecords(request, 'answer')).find(
    (r) => r.fields.inspectionId === id && r.fields.itemId === st2Id!,
  );
  expect(st2Answer?.fields.answer).toEqual({ kind: 'conformity', value: 'nonconforming' });
});
