import {
  DEFAULT_GRADE_THRESHOLDS,
  localizeZodIssues,
  scoreSheet,
  TemplateContent,
  type AnswerKind,
  type CheckMethod,
  type Locale,
  type PlanKind,
  type TemplateContentInput,
} from '@ducha/shared';

/*
 * The template editor's model: the shared template content with every field as a form holds it
 * (choices as text, one per line), converted both ways, checked with the shared schema and
 * previewed with the shared scoring (each section's maximum and share of the total).
 */

export interface DraftItem {
  id: string;
  code: string;
  title: string;
  guidance: string;
  checkMethods: CheckMethod[];
  answerKind: AnswerKind;
  maxScore: number;
  weight: number;
  veto: boolean;
  evidenceRequired: boolean;
  required: boolean;
  /** `value=label:score`, one choice a line (the same notation as the XLSX sheet). */
  choicesText: string;
  numberUnit: string;
}

export interface DraftSection {
  id: string;
  title: string;
  weight: number;
  items: DraftItem[];
}

export interface TemplateDraft {
  title: string;
  description: string;
  planKinds: PlanKind[];
  excellent: number;
  good: number;
  pass: number;
  sections: DraftSection[];
}

export function newItem(id: string): DraftItem {
  return {
    id,
    code: '',
    title: '',
    guidance: '',
    checkMethods: [],
    answerKind: 'conformity',
    maxScore: 10,
    weight: 1,
    veto: false,
    evidenceRequired: false,
    required: true,
    choicesText: '',
    numberUnit: '',
  };
}

export function newSection(id: string): DraftSection {
  return { id, title: '', weight: 10, items: [] };
}

export function emptyDraft(): TemplateDraft {
  return {
    title: '',
    description: '',
    planKinds: [],
    ...DEFAULT_GRADE_THRESHOLDS,
    sections: [],
  };
}

export function draftOf(content: TemplateContentInput): TemplateDraft {
  const t = content.gradeThresholds ?? DEFAULT_GRADE_THRESHOLDS;
  return {
    title: content.title,
    description: content.description ?? '',
    planKinds: [...(content.planKinds ?? [])],
    excellent: t.excellent,
    good: t.good,
    pass: t.pass,
    sections: content.sections.map((s) => ({
      id: s.id,
      title: s.title,
      weight: s.weight,
      items: s.items.map((i) => ({
        id: i.id,
        code: i.code ?? '',
        title: i.title,
        guidance: i.guidance ?? '',
        checkMethods: [...(i.checkMethods ?? [])],
        answerKind: i.answerKind,
        maxScore: i.maxScore,
        weight: i.weight ?? 1,
        veto: i.veto ?? false,
        evidenceRequired: i.evidenceRequired ?? false,
        required: i.required ?? true,
        choicesText: (i.choices ?? [])
          .map((c) => `${c.value}=${c.label}${c.score === undefined ? '' : `:${c.score}`}`)
          .join('\n'),
        numberUnit: i.numberUnit ?? '',
      })),
    })),
  };
}

function parseChoices(text: string) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) return undefined;
  return lines.map((line) => {
    const m = /^([^=]+)=(.+?)(?::\s*(-?\d+(?:\.\d+)?))?$/.exec(line);
    if (!m) return { value: line, label: line };
    const choice: { value: string; label: string; score?: number } = {
      value: m[1]!.trim(),
      label: m[2]!.trim(),
    };
    if (m[3] !== undefined) choice.score = Number(m[3]);
    return choice;
  });
}

export function contentOf(d: TemplateDraft): TemplateContentInput {
  return {
    title: d.title,
    description: d.description,
    planKinds: d.planKinds,
    gradeThresholds: { excellent: d.excellent, good: d.good, pass: d.pass },
    sections: d.sections.map((s) => ({
      id: s.id,
      title: s.title,
      weight: Number(s.weight),
      items: s.items.map((i) => {
        const item: TemplateContentInput['sections'][number]['items'][number] = {
          id: i.id,
          title: i.title,
          guidance: i.guidance,
          checkMethods: i.checkMethods,
          answerKind: i.answerKind,
          maxScore: Number(i.maxScore),
          weight: Number(i.weight),
          veto: i.veto,
          evidenceRequired: i.evidenceRequired,
          required: i.required,
        };
        if (i.code.trim()) item.code = i.code.trim();
        if (i.numberUnit.trim()) item.numberUnit = i.numberUnit.trim();
        const choices = i.answerKind === 'choice' ? parseChoices(i.choicesText) : undefined;
        if (choices) item.choices = choices;
        return item;
      }),
    })),
  };
}

export interface DraftIssue {
  path: string;
  message: string;
  /** Where in the form: the section and item index, when the issue is inside one. */
  section: number | null;
  item: number | null;
}

/** What the shared schema says about the draft, in `locale`; empty when it would save. */
export function draftIssues(d: TemplateDraft, locale: Locale): DraftIssue[] {
  const parsed = TemplateContent.safeParse(contentOf(d));
  if (parsed.success) return [];
  const localized = localizeZodIssues(parsed.error, locale);
  return parsed.error.issues.map((issue, n) => {
    const [head, si, , ii] = issue.path;
    return {
      path: localized[n]!.path,
      message: localized[n]!.message,
      section: head === 'sections' && typeof si === 'number' ? si : null,
      item: head === 'sections' && typeof ii === 'number' ? ii : null,
    };
  });
}

export interface SectionPreview {
  id: string;
  title: string;
  itemCount: number;
  /** The most the section can score (item maxima × item weights). */
  max: number;
  /** Its share of the overall score, percent (0 when it cannot score). */
  share: number;
}

/** Live figures for the editor: per section maximum and share of the 100-point total. */
export function draftPreview(d: TemplateDraft): SectionPreview[] {
  const content = contentOf(d);
  const sheet = scoreSheet(
    {
      sections: content.sections.map((s) => ({
        ...s,
        weight: Number.isFinite(s.weight) && s.weight >= 0 ? s.weight : 0,
        items: s.items.map((i) => ({
          ...i,
          maxScore: Number.isFinite(i.maxScore) ? i.maxScore : 0,
          weight: Number.isFinite(i.weight) && (i.weight ?? 1) > 0 ? (i.weight ?? 1) : 1,
          veto: i.veto ?? false,
          required: i.required ?? true,
        })),
      })),
      gradeThresholds: DEFAULT_GRADE_THRESHOLDS,
    },
    {},
  );
  return sheet.sections.map((s, n) => ({
    id: s.sectionId,
    title: s.title,
    itemCount: d.sections[n]!.items.length,
    max: s.max,
    share: Math.round(s.effectiveWeight * 1000) / 10,
  }));
}
