/*
 * Orderings. ISO dates and times, ids and codes sort by code unit (what `<` does): correct for
 * them and cheap. Names and titles sort by the Chinese collation (pinyin), with one collator made
 * once: `a.localeCompare(b, 'zh-CN')` builds a new one on every call, which sorting a list of
 * plans on start-up turned into tens of milliseconds on a slow phone.
 */

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let chinese: Intl.Collator | null = null;

export function byChineseName(a: string, b: string): number {
  chinese ??= new Intl.Collator('zh-CN');
  return chinese.compare(a, b);
}
