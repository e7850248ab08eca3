import type { Locator } from '@playwright/test';

/**
 * Chooses the option of a native select whose text, trimmed, is `text` (unit pickers indent
 * their options with ideographic spaces to show the tree).
 */
export async function selectByText(select: Locator, text: string): Promise<void> {
  const options = await select.locator('option').evaluateAll((nodes) =>
    nodes.map((n) => ({
      value: (n as HTMLOptionElement).value,
      text: (n.textContent ?? '').replace(/[\s\u3000]+/g, ' ').trim(),
    })),
  );
  const option =
    options.find((o) => o.text === text) ?? options.find((o) => o.text.startsWith(text));
  if (!option) throw new Error(`no option “${text}” in ${options.map((o) => o.text).join(' | ')}`);
  await select.selectOption(option.value);
}
