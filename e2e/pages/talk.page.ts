import { expect, type Locator, type Page } from '@playwright/test';

/** 约谈记录 (/visits/[id]/talks/[talkId]) and the visit's list of talks, on the phone. */
export class TalkPage {
  readonly heading: Locator;
  /** The visit screen's 约谈记录 section. */
  readonly visitTalks: Locator;
  readonly newTalk: Locator;
  readonly backToVisit: Locator;
  readonly signSection: Locator;
  readonly memo: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.visitTalks = page.getByRole('region', { name: '约谈记录' });
    this.newTalk = this.visitTalks.getByRole('button', { name: '新建约谈', exact: true });
    this.backToVisit = page.getByRole('link', { name: '← 返回检查' });
    this.signSection = page.getByRole('region', { name: '签字确认' });
    this.memo = page.getByRole('article', { name: '廉政谈话备忘录' });
  }

  /** The talk's id, from the screen's address. */
  talkId(): string {
    const id = new URL(this.page.url()).pathname.split('/').pop();
    if (!id) throw new Error(`not on a talk screen: ${this.page.url()}`);
    return id;
  }

  /** One talk in the visit's list (by its id, since both phone projects add talks there). */
  listed(talkId: string): Locator {
    return this.visitTalks
      .getByRole('listitem')
      .filter({ has: this.page.locator(`a[href$="/talks/${talkId}"]`) });
  }

  get place(): Locator {
    return this.page.getByLabel('谈话地点', { exact: true });
  }

  participantName(n: number): Locator {
    return this.page.getByLabel(`第 ${n} 位的姓名`, { exact: true });
  }

  participantPosition(n: number): Locator {
    return this.page.getByLabel(`第 ${n} 位的职务`, { exact: true });
  }

  participantRole(n: number): Locator {
    return this.page.getByLabel(`第 ${n} 位的身份`, { exact: true });
  }

  async addParticipant(
    role: '谈话人' | '谈话对象' | '记录人' | '列席人员',
    name: string,
    position: string,
  ) {
    const group = this.page.getByRole('group', { name: '添加参加人员' });
    const before = await this.page.getByLabel(/^第 \d+ 位的姓名$/).count();
    await group.getByLabel('身份', { exact: true }).selectOption({ label: role });
    await group.getByLabel('姓名', { exact: true }).fill(name);
    await group.getByLabel('职务', { exact: true }).fill(position);
    await group.getByRole('button', { name: '添加人员', exact: true }).click();
    await expect(this.participantName(before + 1)).toHaveValue(name);
  }

  question(n: number): Locator {
    return this.page.getByLabel(`问题 ${n}`, { exact: true });
  }

  answer(n: number): Locator {
    return this.page.getByLabel(`回答 ${n}`, { exact: true });
  }

  /** Adds a question (and its answer, if given now) through the composer. */
  async addExchange(question: string, answer = ''): Promise<void> {
    const group = this.page.getByRole('group', { name: '添加问答' });
    const before = await this.page.getByLabel(/^问题 \d+$/).count();
    await group.getByLabel('问', { exact: true }).fill(question);
    if (answer) await group.getByLabel('答（可稍后补充）').fill(answer);
    await group.getByRole('button', { name: '添加问答', exact: true }).click();
    await expect(this.question(before + 1)).toHaveValue(question);
  }

  commitment(n: number): Locator {
    return this.page.getByLabel(`表态 ${n}`, { exact: true });
  }

  commitmentDeadline(n: number): Locator {
    return this.page.getByLabel(`表态 ${n} 的完成时限`, { exact: true });
  }

  async addCommitment(text: string, deadline: string | null): Promise<void> {
    const group = this.page.getByRole('group', { name: '添加表态' });
    const before = await this.page.getByLabel(/^表态 \d+$/).count();
    await group.getByLabel('表态内容', { exact: true }).fill(text);
    if (deadline) await group.getByLabel('完成时限（可选）').fill(deadline);
    await group.getByRole('button', { name: '添加表态', exact: true }).click();
    await expect(this.commitment(before + 1)).toHaveValue(text);
  }

  get signaturePad(): Locator {
    return this.signSection.locator('canvas');
  }

  /** Draws a short signature on the pad with the mouse (a finger on a real phone). */
  async drawSignature(): Promise<void> {
    await this.signaturePad.scrollIntoViewIfNeeded();
    const box = await this.signaturePad.boundingBox();
    if (!box) throw new Error('the signature pad is not visible');
    const at = (fx: number, fy: number) =>
      [box.x + box.width * fx, box.y + box.height * fy] as const;
    const strokes: [number, number][][] = [
      [
        [0.15, 0.6],
        [0.25, 0.3],
        [0.35, 0.65],
        [0.45, 0.35],
      ],
      [
        [0.55, 0.5],
        [0.7, 0.45],
        [0.85, 0.6],
      ],
    ];
    for (const stroke of strokes) {
      const [first, ...rest] = stroke;
      await this.page.mouse.move(...at(...first!));
      await this.page.mouse.down();
      for (const p of rest) await this.page.mouse.move(...at(...p), { steps: 5 });
      await this.page.mouse.up();
    }
  }

  get clearSignature(): Locator {
    return this.signSection.getByRole('button', { name: '清除', exact: true });
  }

  get confirmSignature(): Locator {
    return this.signSection.getByRole('button', { name: '确认签名', exact: true });
  }
}
