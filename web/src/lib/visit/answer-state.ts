import { jsonEqual, type AnswerValue, type JsonValue, type SyncRecord } from '@ducha/shared';
import { answerView, type AnswerView } from './visit-records';

/*
 * The visit's answers as immutable maps (each change makes a new map, which is what the manager's
 * `$state.raw` fields notice), and the taps shown before the device has read them back.
 */

export type Taps = ReadonlyMap<string, AnswerValue | null>;

export interface AnswerCacheEntry {
  view: AnswerView;
  fields: SyncRecord['fields'];
  version: number;
}

export type AnswerCache = ReadonlyMap<string, AnswerCacheEntry>;

export const NO_ANSWERS: ReadonlyMap<string, AnswerView> = new Map();
export const NO_TAPS: Taps = new Map();
export const NO_CACHE: AnswerCache = new Map();
export const NO_KEYS: ReadonlySet<string> = new Set();

export function emptyAnswer(itemId: string): AnswerView {
  return {
    itemId,
    answer: null,
    remark: '',
    evidence: [],
    raw: { answer: null, remark: null, evidence: null },
    version: 0,
  };
}

/**
 * The answer records of one visit by item id. A record that did not change keeps its previous
 * view object, so the items showing it have nothing to redo.
 */
export function readAnswers(
  cache: AnswerCache,
  rows: readonly SyncRecord[],
): { cache: AnswerCache; answers: ReadonlyMap<string, AnswerView> } {
  const nextCache = new Map<string, AnswerCacheEntry>();
  const answers = new Map<string, AnswerView>();
  for (const r of rows) {
    const old = cache.get(r.id);
    const entry =
      old && old.version === r.version && jsonEqual(old.fields, r.fields)
        ? old
        : { view: answerView(r), fields: r.fields, version: r.version };
    nextCache.set(r.id, entry);
    answers.set(entry.view.itemId, entry.view);
  }
  return { cache: nextCache, answers };
}

/** Answers with the taps applied on top. */
export function withTaps(
  answers: ReadonlyMap<string, AnswerView>,
  taps: Taps,
): ReadonlyMap<string, AnswerView> {
  if (taps.size === 0) return answers;
  const out = new Map(answers);
  for (const [itemId, answer] of taps) {
    out.set(itemId, { ...(out.get(itemId) ?? emptyAnswer(itemId)), answer });
  }
  return out;
}

export function tap(taps: Taps, itemId: string, value: AnswerValue | null): Taps {
  return new Map(taps).set(itemId, value);
}

export function untap(taps: Taps, itemId: string): Taps {
  if (!taps.has(itemId)) return taps;
  const out = new Map(taps);
  out.delete(itemId);
  return out;
}

/** Taps the records now show (or show a later value for) are read back: they go. */
export function settleTaps(taps: Taps, answers: ReadonlyMap<string, AnswerView>): Taps {
  if (taps.size === 0) return taps;
  const out = new Map(taps);
  for (const [itemId, value] of taps) {
    if (jsonEqual(answers.get(itemId)?.answer ?? null, value)) out.delete(itemId);
  }
  return out.size === taps.size ? taps : out;
}

/** Evidence lists of items added on the screen but not read back from the device yet. */
export type EvidenceTaps = ReadonlyMap<string, readonly string[]>;

export const NO_EVIDENCE_TAPS: EvidenceTaps = new Map();

/** Answers with the tapped evidence lists applied on top. */
export function withEvidenceTaps(
  answers: ReadonlyMap<string, AnswerView>,
  taps: EvidenceTaps,
): ReadonlyMap<string, AnswerView> {
  if (taps.size === 0) return answers;
  const out = new Map(answers);
  for (const [itemId, evidence] of taps) {
    out.set(itemId, { ...(out.get(itemId) ?? emptyAnswer(itemId)), evidence: [...evidence] });
  }
  return out;
}

/**
 * The `inspection.answer` patch that adds one file to an item's evidence: the whole new list,
 * and as base what the screen showed (the list tapped last, else the stored raw value). Null when
 * the file is already there.
 */
export function evidencePatch(
  stored: AnswerView | undefined,
  tapped: readonly string[] | undefined,
  sha256: string,
): { evidence: string[]; base: JsonValue } | null {
  const current = tapped ?? stored?.evidence ?? [];
  if (current.includes(sha256)) return null;
  const base: JsonValue = tapped ? [...tapped] : ((stored?.raw.evidence ?? null) as JsonValue);
  return { evidence: [...current, sha256], base };
}

/**
 * The `inspection.answer` patch that takes one file off an item's evidence (the attachment stays
 * on the device; only the reference goes), based like `evidencePatch`. Null when it is not there.
 */
export function removeEvidencePatch(
  stored: AnswerView | undefined,
  tapped: readonly string[] | undefined,
  sha256: string,
): { evidence: string[]; base: JsonValue } | null {
  const current = tapped ?? stored?.evidence ?? [];
  if (!current.includes(sha256)) return null;
  const base: JsonValue = tapped ? [...tapped] : ((stored?.raw.evidence ?? null) as JsonValue);
  return { evidence: current.filter((h) => h !== sha256), base };
}

export function tapEvidence(
  taps: EvidenceTaps,
  itemId: string,
  evidence: readonly string[],
): EvidenceTaps {
  return new Map(taps).set(itemId, evidence);
}

export function untapEvidence(taps: EvidenceTaps, itemId: string): EvidenceTaps {
  if (!taps.has(itemId)) return taps;
  const out = new Map(taps);
  out.delete(itemId);
  return out;
}

/** Evidence taps the records now show are read back: they go. */
export function settleEvidenceTaps(
  taps: EvidenceTaps,
  answers: ReadonlyMap<string, AnswerView>,
): EvidenceTaps {
  if (taps.size === 0) return taps;
  const out = new Map(taps);
  for (const [itemId, evidence] of taps) {
    if (jsonEqual(answers.get(itemId)?.evidence ?? [], [...evidence])) out.delete(itemId);
  }
  return out.size === taps.size ? taps : out;
}
