import { Id } from '../domain/common.schema';
import {
  ANSWER_KINDS,
  CHECK_METHODS,
  PLAN_KINDS,
  type AnswerKind,
  type CheckMethod,
  type Locale,
  type PlanKind,
} from '../domain/enums';
import { TemplateContent, type Template } from '../domain/template.schema';
import { LABELS } from '../i18n/labels';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { localizeZodIssue } from '../i18n/zod-issues';
import {
  SHEET_NAMES,
  TEMPLATE_FILE_FORMAT,
  TEMPLATE_FILE_VERSION,
  type Cell,
  type ImportIssue,
  type ImportLocation,
  type ImportResult,
  type Rows,
  type TemplateSheets,
} from './template-import';

/*
 * The workbook layout: sheet 模板信息 holds one fact a row (name, value); sheet 检查项 one row per
 * item under a header row. Import accepts what export writes, Chinese or English headers and
 * labels, or the stored codes.
 */

type ItemColumn =
  | 'sectionTitle'
  | 'sectionWeight'
  | 'code'
  | 'title'
  | 'guidance'
  | 'checkMethods'
  | 'answerKind'
  | 'maxScore'
  | 'weight'
  | 'veto'
  | 'evidenceRequired'
  | 'required'
  | 'choices'
  | 'numberUnit'
  | 'sectionId'
  | 'itemId';

const ITEM_COLUMNS: readonly { key: ItemColumn; 'zh-CN': string; en: string }[] = [
  { key: 'sectionTitle', 'zh-CN': '章节', en: 'Section' },
  { key: 'sectionWeight', 'zh-CN': '章节权重', en: 'Section weight' },
  { key: 'code', 'zh-CN': '编号', en: 'Code' },
  { key: 'title', 'zh-CN': '检查项', en: 'Item' },
  { key: 'guidance', 'zh-CN': '检查指引', en: 'Guidance' },
  { key: 'checkMethods', 'zh-CN': '检查方法', en: 'Check methods' },
  { key: 'answerKind', 'zh-CN': '答题方式', en: 'Answer kind' },
  { key: 'maxScore', 'zh-CN': '满分', en: 'Max score' },
  { key: 'weight', 'zh-CN': '权重', en: 'Weight' },
  { key: 'veto', 'zh-CN': '一票否决', en: 'Veto' },
  { key: 'evidenceRequired', 'zh-CN': '需要佐证', en: 'Evidence required' },
  { key: 'required', 'zh-CN': '必答', en: 'Required' },
  { key: 'choices', 'zh-CN': '选项', en: 'Choices' },
  { key: 'numberUnit', 'zh-CN': '计量单位', en: 'Number unit' },
  { key: 'sectionId', 'zh-CN': '章节ID', en: 'Section ID' },
  { key: 'itemId', 'zh-CN': '检查项ID', en: 'Item ID' },
];
const REQUIRED_COLUMNS: readonly ItemColumn[] = ['sectionTitle', 'title', 'answerKind', 'maxScore'];

type InfoKey =
  | 'format'
  | 'formatVersion'
  | 'id'
  | 'version'
  | 'title'
  | 'description'
  | 'planKinds'
  | 'excellent'
  | 'good'
  | 'pass';

const INFO_ROWS: readonly { key: InfoKey; 'zh-CN': string; en: string }[] = [
  { key: 'format', 'zh-CN': '格式', en: 'Format' },
  { key: 'formatVersion', 'zh-CN': '格式版本', en: 'Format version' },
  { key: 'id', 'zh-CN': '模板ID', en: 'Template ID' },
  { key: 'version', 'zh-CN': '版本', en: 'Version' },
  { key: 'title', 'zh-CN': '标题', en: 'Title' },
  { key: 'description', 'zh-CN': '说明', en: 'Description' },
  { key: 'planKinds', 'zh-CN': '适用检查类型', en: 'Plan kinds' },
  { key: 'excellent', 'zh-CN': '优秀线（%）', en: 'Excellent from (%)' },
  { key: 'good', 'zh-CN': '良好线（%）', en: 'Good from (%)' },
  { key: 'pass', 'zh-CN': '合格线（%）', en: 'Pass from (%)' },
];

const YES: Record<Locale, string> = { 'zh-CN': '是', en: 'Yes' };
const NO: Record<Locale, string> = { 'zh-CN': '否', en: 'No' };

/** Header text of an item column, as export writes it (for messages about a column). */
export function itemColumnName(key: ItemColumn, locale: Locale): string {
  return ITEM_COLUMNS.find((c) => c.key === key)![locale];
}

function infoName(key: InfoKey, locale: Locale): string {
  return INFO_ROWS.find((r) => r.key === key)![locale];
}

const labelOf = (group: 'planKind' | 'checkMethod' | 'answerKind', code: string, l: Locale) =>
  (LABELS[group] as Record<string, Record<Locale, string>>)[code]![l];

/** The two sheets of a template, headers and labels in `locale`. */
export function templateToSheets(t: Template, locale: Locale = 'zh-CN'): TemplateSheets {
  const info: Rows = [
    [infoName('format', locale), TEMPLATE_FILE_FORMAT],
    [infoName('formatVersion', locale), TEMPLATE_FILE_VERSION],
    [infoName('id', locale), t.id],
    [infoName('version', locale), t.version],
    [infoName('title', locale), t.title],
    [infoName('description', locale), t.description],
    [
      infoName('planKinds', locale),
      t.planKinds.map((k) => labelOf('planKind', k, locale)).join('、'),
    ],
    [infoName('excellent', locale), t.gradeThresholds.excellent],
    [infoName('good', locale), t.gradeThresholds.good],
    [infoName('pass', locale), t.gradeThresholds.pass],
  ];
  const items: Rows = [ITEM_COLUMNS.map((c) => c[locale])];
  const yesNo = (b: boolean) => (b ? YES[locale] : NO[locale]);
  for (const s of t.sections) {
    const sectionCells = { sectionTitle: s.title, sectionWeight: s.weight, sectionId: s.id };
    if (s.items.length === 0) {
      items.push(ITEM_COLUMNS.map((c) => sectionCells[c.key as keyof typeof sectionCells] ?? null));
      continue;
    }
    for (const i of s.items) {
      const cells: Record<ItemColumn, Cell> = {
        ...sectionCells,
        code: i.code ?? null,
        title: i.title,
        guidance: i.guidance,
        checkMethods: i.checkMethods.map((m) => labelOf('checkMethod', m, locale)).join('、'),
        answerKind: labelOf('answerKind', i.answerKind, locale),
        maxScore: i.maxScore,
        weight: i.weight,
        veto: yesNo(i.veto),
        evidenceRequired: yesNo(i.evidenceRequired),
        required: yesNo(i.required),
        choices: i.choices ? formatChoices(i.choices) : null,
        numberUnit: i.numberUnit ?? null,
        itemId: i.id,
      };
      items.push(ITEM_COLUMNS.map((c) => cells[c.key]));
    }
  }
  return { info, items };
}

function formatChoices(choices: { value: string; label: string; score?: number | undefined }[]) {
  // One choice a line: labels are single-line text, so a line break never splits one.
  return choices
    .map((c) => `${c.value}=${c.label}${c.score === undefined ? '' : `:${c.score}`}`)
    .join('\n');
}

/* ------------------------------------------------------------------ parsing sheets */

const norm = (v: string) => v.replace(/\s+/g, '').toLowerCase();

function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).trim();
}

/** A code from its code, its Chinese label or its English label. */
function codeFrom<C extends string>(
  group: 'planKind' | 'checkMethod' | 'answerKind',
  codes: readonly C[],
  value: string,
): C | undefined {
  const v = norm(value);
  return codes.find((c) => {
    const l = labelOf(group, c, 'zh-CN');
    return norm(c) === v || norm(l) === v || norm(labelOf(group, c, 'en')) === v;
  });
}

function splitList(value: string): string[] {
  return value
    .split(/[、,，;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface Collector {
  issues: ImportIssue[];
  add(at: ImportLocation, key: MessageKey, params?: MessageParams): void;
}

function collector(): Collector {
  const issues: ImportIssue[] = [];
  return {
    issues,
    add: (at, key, params) => issues.push({ at, problem: params ? { key, params } : { key } }),
  };
}

function numberCell(
  cell: Cell | undefined,
  at: ImportLocation,
  c: Collector,
  fallback?: number,
): number | undefined {
  const raw = text(cell);
  if (raw === '') {
    if (fallback === undefined) c.add(at, 'template.import_required');
    return fallback;
  }
  const n = typeof cell === 'number' ? cell : Number(raw);
  if (!Number.isFinite(n)) {
    c.add(at, 'template.import_not_number');
    return fallback;
  }
  return n;
}

function booleanCell(
  cell: Cell | undefined,
  at: ImportLocation,
  c: Collector,
  fallback: boolean,
): boolean {
  if (typeof cell === 'boolean') return cell;
  const v = norm(text(cell));
  if (v === '') return fallback;
  if (['是', 'yes', 'y', 'true', '1', '√', '✓'].includes(v)) return true;
  if (['否', 'no', 'n', 'false', '0', '×'].includes(v)) return false;
  c.add(at, 'template.import_not_yes_no');
  return fallback;
}

interface ParsedChoice {
  value: string;
  label: string;
  score?: number;
}

function choicesCell(cell: Cell | undefined, at: ImportLocation, c: Collector) {
  const raw = text(cell);
  if (raw === '') return undefined;
  const parts = (raw.includes('\n') ? raw.split('\n') : raw.split(/[;；]/))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const out: ParsedChoice[] = [];
  for (const part of parts) {
    const m = /^([^=＝]+)[=＝](.+?)(?:[:：]\s*(-?\d+(?:\.\d+)?))?$/.exec(part);
    if (!m) {
      c.add(at, 'template.import_choices_format');
      return undefined;
    }
    const choice: ParsedChoice = { value: m[1]!.trim(), label: m[2]!.trim() };
    if (m[3] !== undefined) choice.score = Number(m[3]);
    out.push(choice);
  }
  return out;
}

function findSheetColumns(header: Cell[] | undefined) {
  const index = new Map<ItemColumn, number>();
  (header ?? []).forEach((cell, i) => {
    const v = norm(text(cell));
    const col = ITEM_COLUMNS.find(
      (c) => norm(c['zh-CN']) === v || norm(c.en) === v || norm(c.key) === v,
    );
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  return index;
}

function parseInfo(rows: Rows, c: Collector) {
  const byKey = new Map<InfoKey, { value: Cell; row: number }>();
  rows.forEach((r, i) => {
    const name = norm(text(r[0]));
    const def = INFO_ROWS.find(
      (d) => norm(d['zh-CN']) === name || norm(d.en) === name || norm(d.key) === name,
    );
    if (def && !byKey.has(def.key)) byKey.set(def.key, { value: r[1] ?? null, row: i + 1 });
  });
  const at = (key: InfoKey): ImportLocation => ({
    sheet: 'info',
    row: byKey.get(key)?.row ?? null,
    column: key,
  });
  const format = text(byKey.get('format')?.value);
  const formatVersion = Number(text(byKey.get('formatVersion')?.value));
  if (format !== TEMPLATE_FILE_FORMAT || formatVersion !== TEMPLATE_FILE_VERSION) {
    c.add(at('format'), 'template.import_wrong_format');
    return null;
  }
  const planKinds: PlanKind[] = [];
  for (const part of splitList(text(byKey.get('planKinds')?.value))) {
    const kind = codeFrom('planKind', PLAN_KINDS, part);
    if (kind) planKinds.push(kind);
    else c.add(at('planKinds'), 'template.import_unknown_value', { value: part });
  }
  const threshold = (key: 'excellent' | 'good' | 'pass', fallback: number) =>
    numberCell(byKey.get(key)?.value, at(key), c, fallback) ?? fallback;
  const id = text(byKey.get('id')?.value);
  return {
    sourceId: Id.safeParse(id).success ? id : null,
    content: {
      title: text(byKey.get('title')?.value),
      description: text(byKey.get('description')?.value),
      planKinds,
      gradeThresholds: {
        excellent: threshold('excellent', 90),
        good: threshold('good', 80),
        pass: threshold('pass', 60),
      },
    },
    at,
  };
}

interface SectionDraft {
  key: string;
  id: string;
  title: string;
  weight: number | undefined;
  firstRow: number;
  items: Record<string, unknown>[];
  itemRows: number[];
}

/**
 * Reads the two sheets back into template content. `newId` names sections and items whose ID
 * cells are empty (a sheet written by hand).
 */
export function parseTemplateSheets(sheets: TemplateSheets, newId: () => string): ImportResult {
  const c = collector();
  const info = parseInfo(sheets.info, c);
  if (!info) return { ok: false, issues: c.issues };

  const columns = findSheetColumns(sheets.items[0]);
  const missing = REQUIRED_COLUMNS.filter((k) => !columns.has(k));
  for (const k of missing) {
    c.add({ sheet: 'items', row: 1, column: k }, 'template.import_missing_column');
  }
  if (missing.length > 0) return { ok: false, issues: c.issues };

  const sections: SectionDraft[] = [];
  sheets.items.slice(1).forEach((row, index) => {
    const rowNo = index + 2;
    const get = (k: ItemColumn) => (columns.has(k) ? row[columns.get(k)!] : null);
    if (row.every((cell) => text(cell) === '')) return;
    const at = (k: ItemColumn): ImportLocation => ({
      sheet: 'items',
      row: rowNo,
      column: k,
    });

    const sectionTitle = text(get('sectionTitle'));
    const sectionId = text(get('sectionId'));
    const key = sectionId || `title:${sectionTitle}`;
    let section = sections.find((s) => s.key === key);
    const weightCell = get('sectionWeight');
    const weight =
      text(weightCell) === '' ? undefined : numberCell(weightCell, at('sectionWeight'), c);
    if (!section) {
      section = {
        key,
        id: sectionId || newId(),
        title: sectionTitle,
        weight,
        firstRow: rowNo,
        items: [],
        itemRows: [],
      };
      sections.push(section);
    } else if (weight !== undefined) {
      if (section.weight === undefined) section.weight = weight;
      else if (section.weight !== weight)
        c.add(at('sectionWeight'), 'template.import_section_weight_mismatch');
    }

    const itemCells: ItemColumn[] = ITEM_COLUMNS.map((col) => col.key).filter(
      (k) => !['sectionTitle', 'sectionWeight', 'sectionId'].includes(k),
    );
    // A row with only its section filled in declares a section without items.
    if (itemCells.every((k) => text(get(k)) === '')) return;

    const answerText = text(get('answerKind'));
    const answerKind: AnswerKind | undefined =
      answerText === '' ? undefined : codeFrom('answerKind', ANSWER_KINDS, answerText);
    if (answerText === '') c.add(at('answerKind'), 'template.import_required');
    else if (!answerKind)
      c.add(at('answerKind'), 'template.import_unknown_value', { value: answerText });

    const checkMethods: CheckMethod[] = [];
    for (const part of splitList(text(get('checkMethods')))) {
      const m = codeFrom('checkMethod', CHECK_METHODS, part);
      if (m) checkMethods.push(m);
      else c.add(at('checkMethods'), 'template.import_unknown_value', { value: part });
    }

    const item: Record<string, unknown> = {
      id: text(get('itemId')) || newId(),
      title: text(get('title')),
      guidance: text(get('guidance')),
      checkMethods,
      answerKind: answerKind ?? 'text',
      maxScore: numberCell(get('maxScore'), at('maxScore'), c) ?? 0,
      weight: numberCell(get('weight'), at('weight'), c, 1),
      veto: booleanCell(get('veto'), at('veto'), c, false),
      evidenceRequired: booleanCell(get('evidenceRequired'), at('evidenceRequired'), c, false),
      required: booleanCell(get('required'), at('required'), c, true),
    };
    const code = text(get('code'));
    if (code) item.code = code;
    const numberUnit = text(get('numberUnit'));
    if (numberUnit) item.numberUnit = numberUnit;
    const choices = choicesCell(get('choices'), at('choices'), c);
    if (choices) item.choices = choices;
    section.items.push(item);
    section.itemRows.push(rowNo);
  });

  if (sections.length === 0) {
    c.add({ sheet: 'items', row: null, column: null }, 'template.import_no_items');
  }
  if (c.issues.length > 0) return { ok: false, issues: c.issues };

  const parsed = TemplateContent.safeParse({
    ...info.content,
    sections: sections.map((s) => ({
      id: s.id,
      title: s.title,
      weight: s.weight ?? 1,
      items: s.items,
    })),
  });
  if (parsed.success) return { ok: true, content: parsed.data, sourceId: info.sourceId };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      at: locateSheetIssue(issue.path, sections, info.at),
      problem: { zod: issue },
    })),
  };
}

const FIELD_COLUMNS: Partial<Record<string, ItemColumn>> = {
  id: 'itemId',
  code: 'code',
  title: 'title',
  guidance: 'guidance',
  checkMethods: 'checkMethods',
  answerKind: 'answerKind',
  maxScore: 'maxScore',
  weight: 'weight',
  veto: 'veto',
  evidenceRequired: 'evidenceRequired',
  required: 'required',
  choices: 'choices',
  numberUnit: 'numberUnit',
};

function locateSheetIssue(
  path: readonly PropertyKey[],
  sections: SectionDraft[],
  infoAt: (key: InfoKey) => ImportLocation,
): ImportLocation {
  const [head, si, next, ii, field] = path;
  if (head === 'sections' && typeof si === 'number') {
    const section = sections[si]!;
    if (next === 'items' && typeof ii === 'number') {
      const column = FIELD_COLUMNS[String(field)] ?? 'title';
      return {
        sheet: 'items',
        row: section.itemRows[ii] ?? section.firstRow,
        column: column,
      };
    }
    const column: ItemColumn =
      next === 'weight' ? 'sectionWeight' : next === 'id' ? 'sectionId' : 'sectionTitle';
    return { sheet: 'items', row: section.firstRow, column: column };
  }
  if (head === 'sections') return { sheet: 'items', row: null, column: 'itemId' };
  if (head === 'gradeThresholds') {
    const key =
      field === undefined && (si === 'excellent' || si === 'good' || si === 'pass')
        ? si
        : 'excellent';
    return infoAt(key);
  }
  if (head === 'title' || head === 'description' || head === 'planKinds') return infoAt(head);
  return { sheet: 'info', row: null, column: null };
}

/* ------------------------------------------------------------------ messages */

function columnName(sheet: 'info' | 'items', column: string, locale: Locale): string {
  const def =
    sheet === 'items'
      ? ITEM_COLUMNS.find((c) => c.key === column)
      : INFO_ROWS.find((r) => r.key === column);
  return def ? def[locale] : column;
}

/** Where an issue is, for people: 检查项 第 5 行“满分”, or a JSON path. */
export function importLocationText(at: ImportLocation, locale: Locale): string {
  if ('path' in at) return at.path;
  const sheet = SHEET_NAMES[at.sheet][locale];
  const column = at.column === null ? '' : columnName(at.sheet, at.column, locale);
  if (at.row === null) {
    return column ? translate('template.import_at_column', locale, { sheet, column }) : sheet;
  }
  return translate('template.import_at_cell', locale, { sheet, row: at.row, column });
}

/** The issues of a failed import as `{ path, message }`, like localized zod issues. */
export function localizeImportIssues(
  issues: readonly ImportIssue[],
  locale: Locale,
): { path: string; message: string }[] {
  return issues.map((i) => ({
    path: importLocationText(i.at, locale),
    message:
      'zod' in i.problem
        ? localizeZodIssue(i.problem.zod, locale)
        : translate(i.problem.key, locale, i.problem.params),
  }));
}
