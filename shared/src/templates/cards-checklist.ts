import type { CheckMethod, Locale } from '../domain/enums';
import type { ResponsibilityCard, ResponsibilityPoint } from '../domain/responsibility-book.schema';
import { TemplateContent, type TemplateItemInput } from '../domain/template.schema';

/*
 * 年中督责 checks a unit against what it promised at the start of the year (seed 003:
 * 年初定责 → 年中督责): one checklist section per card and heading, one item per point. The
 * result is a draft for the template editor, not a finished sheet: people adjust wording, maxima
 * and weights before they save it as a template version.
 *
 * Defaults, and why: every item is a conformity judgement (was the point carried out?) out of
 * 10, so the sheet is measurable rather than narrative (seed 000's complaint). A risk point asks
 * for evidence that its guard is in place (a photo, a register) and is checked on site; a
 * high-level risk weighs double. Section weights are item counts, so each point counts the same.
 */

export const CARD_TITLES: Record<ResponsibilityCard, Record<Locale, string>> = {
  responsibility: { 'zh-CN': '党风廉政建设责任点', en: 'Responsibility points' },
  risk: { 'zh-CN': '风险点', en: 'Risk points' },
};

const CARD_DEFAULTS: Record<
  ResponsibilityCard,
  { prefix: string; checkMethods: CheckMethod[]; evidenceRequired: boolean }
> = {
  responsibility: {
    prefix: 'R',
    checkMethods: ['review_documents', 'individual_talk'],
    evidenceRequired: false,
  },
  risk: {
    prefix: 'F',
    checkMethods: ['site_inspection', 'review_documents'],
    evidenceRequired: true,
  },
};

const GUIDANCE: Record<ResponsibilityCard, Record<Locale, { measures: string; owner: string }>> = {
  responsibility: {
    'zh-CN': { measures: '履责措施', owner: '责任人' },
    en: { measures: 'How it is fulfilled', owner: 'Owner' },
  },
  risk: {
    'zh-CN': { measures: '防控措施', owner: '责任人' },
    en: { measures: 'How it is guarded', owner: 'Owner' },
  },
};

export const CHECKLIST_ITEM_MAX = 10;

export interface CardsChecklistSource {
  unitName: string;
  year: number;
  points: readonly ResponsibilityPoint[];
}

/** A title fits ShortText (200 characters); the full wording stays in the guidance. */
function itemTitle(content: string): string {
  const oneLine = content.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 200 ? oneLine : `${oneLine.slice(0, 199)}…`;
}

function guidanceOf(p: ResponsibilityPoint, locale: Locale): string {
  const words = GUIDANCE[p.card][locale];
  const lines: string[] = [];
  if (itemTitle(p.content) !== p.content.trim()) lines.push(p.content.trim());
  if (p.measures.trim()) lines.push(`${words.measures}：${p.measures.trim()}`);
  if (p.owner.trim()) lines.push(`${words.owner}：${p.owner.trim()}`);
  return lines.join('\n');
}

/**
 * The 年中督责 checklist draft for a unit's points, or null when it has none. `newId` names the
 * sections and items (uuids in the app, predictable ones in tests).
 */
export function cardsToChecklist(
  source: CardsChecklistSource,
  newId: () => string,
  locale: Locale = 'zh-CN',
): TemplateContent | null {
  if (source.points.length === 0) return null;
  const groups: { card: ResponsibilityCard; category: string; points: ResponsibilityPoint[] }[] =
    [];
  for (const card of ['responsibility', 'risk'] as const) {
    for (const p of source.points) {
      if (p.card !== card) continue;
      const category = p.category.trim();
      let group = groups.find((g) => g.card === card && g.category === category);
      if (!group) {
        group = { card, category, points: [] };
        groups.push(group);
      }
      group.points.push(p);
    }
  }
  const sectionNo: Record<ResponsibilityCard, number> = { responsibility: 0, risk: 0 };
  const sections = groups.map((g) => {
    const n = ++sectionNo[g.card];
    const defaults = CARD_DEFAULTS[g.card];
    const items: TemplateItemInput[] = g.points.map((p, i) => ({
      id: newId(),
      code: `${defaults.prefix}${n}.${i + 1}`,
      title: itemTitle(p.content),
      guidance: guidanceOf(p, locale),
      checkMethods: defaults.checkMethods,
      answerKind: 'conformity',
      maxScore: CHECKLIST_ITEM_MAX,
      weight: p.card === 'risk' && p.riskLevel === 'high' ? 2 : 1,
      veto: false,
      evidenceRequired: defaults.evidenceRequired,
      required: true,
    }));
    return {
      id: newId(),
      title: `${CARD_TITLES[g.card][locale]}：${g.category}`.slice(0, 200),
      weight: items.length,
      items,
    };
  });
  const title =
    locale === 'zh-CN'
      ? `${source.year}年“年中督责”检查表（${source.unitName}）`
      : `${source.year} mid-year responsibility checklist (${source.unitName})`;
  const description =
    locale === 'zh-CN'
      ? `依据${source.unitName}${source.year}年度全面从严治党责任书及责任点、风险点提示卡生成。`
      : `Generated from the ${source.year} responsibility book and cards of ${source.unitName}.`;
  return TemplateContent.parse({
    title: title.slice(0, 200),
    description,
    planKinds: ['midyear'],
    sections,
  });
}
