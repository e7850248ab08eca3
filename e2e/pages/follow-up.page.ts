import { expect, type Locator, type Page } from '@playwright/test';

export type Verdict = '整改到位' | '部分整改' | '未整改' | '反弹';

/** The 回头看 section of a follow-up plan's visit screen (/visits/[id]). */
export class FollowUpPage {
  readonly section: Locator;
  /** "已判定 n/m 项" */
  readonly progress: Locator;
  /** Every target card, in the server's order. */
  readonly targets: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: '回头看', exact: true });
    this.progress = this.section.getByText(/^已判定 \d+\/\d+ 项$/);
    this.targets = this.section.locator('li[id^="target-"]');
  }

  /** The card of the target with this title (ledger item or finding). */
  target(title: string): Locator {
    return this.section.getByRole('listitem', { name: title, exact: true });
  }

  radio(target: Locator, verdict: Verdict): Locator {
    return target.getByRole('radio', { name: verdict, exact: true });
  }

  /** Taps a verdict; 反弹 on a ledger item then asks first (see `confirmRelapse`). */
  async judge(target: Locator, verdict: Verdict): Promise<void> {
    // The radio covers its whole button, as the tap target.
    await this.radio(target, verdict).check();
  }

  /** The question 反弹 on a ledger item asks before it is recorded. */
  relapseQuestion(target: Locator): Locator {
    return target.getByRole('group', { name: '确认判定为反弹？' });
  }

  async confirmRelapse(target: Locator): Promise<void> {
    const question = this.relapseQuestion(target);
    await question.getByRole('button', { name: '确认反弹', exact: true }).click();
    await expect(question).toHaveCount(0);
  }

  comment(target: Locator): Locator {
    return target.getByLabel('核查情况说明', { exact: true });
  }

  /** Picks a file as from the phone's gallery ("选择文件"). */
  async choosePhoto(
    target: Locator,
    file: { name: string; mimeType: string; buffer: Buffer },
  ): Promise<void> {
    await target.getByLabel('选择文件', { exact: true }).setInputFiles(file);
  }

  /** The thumbnail of an evidence file in the target's gallery (opens it). */
  photo(target: Locator, fileName: string | RegExp): Locator {
    const name = typeof fileName === 'string' ? `查看 ${fileName}` : fileName;
    return target
      .getByRole('region', { name: '照片和文件', exact: true })
      .getByRole('button', { name });
  }

  unsynced(target: Locator): Locator {
    return target.getByText('未同步', { exact: true });
  }

  /**
   * Answers the visit's checklist so it may be submitted: 不适用 where it is offered, a score
   * elsewhere (items needing a photo need none when not applicable).
   */
  async answerChecklist(score = '4'): Promise<void> {
    const items = this.page.locator('article[id^="item-"]');
    await expect(items.first()).toBeVisible();
    for (const item of await items.all()) {
      const na = item.getByRole('radio', { name: '不适用', exact: true });
      if ((await na.count()) > 0) {
        await na.check();
        continue;
      }
      const field = item.getByLabel(/^得分（满分 \d+）$/);
      if ((await field.count()) > 0) {
        await field.fill(score);
        await field.blur();
      }
    }
  }
}
