/*
 * pdfjs-dist 6 expects Node 22's Promise.withResolvers; the machines run Node 20. The polyfill is
 * installed before pdf.js loads (hence the dynamic import).
 */
type WithResolvers = <T>() => {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};
const promiseCtor = Promise as unknown as { withResolvers?: WithResolvers };
promiseCtor.withResolvers ??= <T>() => {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/*
 * Noto/Source Han CJK fonts draw some ideographs with the glyph of a radical (食 and ⻝ share
 * one), and Chromium's ToUnicode map then names the radical: a copy-paste from the PDF gives
 * ⼀ (U+2F00) for 一 and ⻝ (U+2EDD) for 食. NFKC folds the Kangxi radicals (and only those: it would also
 * turn full-width punctuation into ASCII); the simplified forms
 * of the Radicals Supplement have no decomposition, so they are folded here.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2EC1': '虎',
  '\u2EC5': '见',
  '\u2EC6': '角',
  '\u2EC9': '贝',
  '\u2ECB': '车',
  '\u2ED3': '长',
  '\u2ED4': '门',
  '\u2ED8': '青',
  '\u2EDA': '页',
  '\u2EDB': '风',
  '\u2EDC': '飞',
  '\u2EDD': '食',
  '\u2EE2': '马',
  '\u2EE4': '鬼',
  '\u2EE5': '鱼',
  '\u2EE6': '鸟',
  '\u2EE8': '麦',
  '\u2EE9': '黄',
  '\u2EEC': '齐',
  '\u2EEE': '齿',
  '\u2EF0': '龙',
  '\u2EF3': '龟',
};

export function readerText(raw: string): string {
  return raw
    .replace(/[\u2F00-\u2FDF]/g, (c) => c.normalize('NFKC'))
    .replace(/[\u2E80-\u2EFF]/g, (c) => RADICAL_SUPPLEMENT[c] ?? c)
    .replace(/\s+/g, '');
}

/**
 * The text of a PDF as a reader's copy-paste would give it, with every whitespace removed:
 * Chinese has no spaces, and the PDF breaks lines wherever the layout did.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: bytes, useSystemFonts: false });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str);
    }
    return { pages: doc.numPages, text: readerText(parts.join('')) };
  } finally {
    await task.destroy();
  }
}
