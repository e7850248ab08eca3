import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.2 A/AA rules plus axe's best practices (landmarks, headings). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface A11yCheckOptions {
  /** CSS selectors to leave out, each with a reason in the caller. */
  exclude?: readonly string[];
}

/**
 * Runs axe-core on the page as it is now and fails on any violation of serious or critical
 * impact, listing each rule id with the elements that break it (minor and moderate ones are
 * printed only).
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  options: A11yCheckOptions = {},
): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const describe = (v: (typeof violations)[number]) =>
    [
      `${v.id} [${v.impact ?? 'unknown'}] ${v.help} (${v.helpUrl})`,
      ...v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    ].join('\n');
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !serious.includes(v));
  if (minor.length > 0) {
    console.log(`axe (not failing) on ${page.url()}:\n${minor.map(describe).join('\n')}`);
  }
  expect(serious.map(describe), `serious accessibility violations on ${page.url()}`).toEqual([]);
}

/**
 * Controls smaller than `min` CSS pixels either way (the team's touch-target rule is 44 px; axe's
 * own target-size rule only asks for 24). Links inside running text are exempt, as in WCAG 2.5.8,
 * and a checkbox or radio counts with the label around it.
 */
export async function smallTouchTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((min) => {
    const selector =
      'a[href], button, input, select, textarea, summary, [role="button"], [tabindex="0"]';
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const style = getComputedStyle(el);
      if (el.tagName === 'A' && style.display === 'inline') continue;
      // Off-screen until focused (the skip link), or visually hidden on purpose.
      const box = el.getBoundingClientRect();
      if (box.bottom <= 0 || box.width <= 1 || box.height <= 1) continue;
      const target = el.closest('label') ?? el;
      const { width, height } = target.getBoundingClientRect();
      if (width < min || height < min) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
        out.push(
          `${el.tagName.toLowerCase()} "${name}" ${Math.round(width)}×${Math.round(height)}`,
        );
      }
    }
    return out;
  }, min);
}
