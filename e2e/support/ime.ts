import type { CDPSession, Locator } from '@playwright/test';

/**
 * Types as a pinyin IME does in Chromium: the Latin letters composed one by one
 * (compositionstart / update, `isComposing` input events), then the chosen characters committed
 * (compositionend). A field that saved while composing would store the letters.
 */
export async function typeWithIme(
  cdp: CDPSession,
  field: Locator,
  pinyin: string,
  hanzi: string,
): Promise<void> {
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
