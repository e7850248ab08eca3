import { normalize, queryTerms } from './search-normalize';
import { defaultSplitter, type WordSplitter } from './search-words';

/** What a result is: each kind is one group on the search screen. */
export type SearchKind = 'finding' | 'note' | 'answer' | 'inspection' | 'plan';

/** One searchable record, already flattened to text. */
export interface SearchDoc {
  kind: SearchKind;
  id: string;
  href: string;
  /** ISO date or instant the record is about, for recency; null when unknown. */
  at: string | null;
  /** Matched with the most weight. */
  title: string;
  /** Names attached to the record (unit, people concerned): weighted between title and body. */
  tags: string;
  body: string;
  /** Shown to place the result (plan, unit, date), never matched: every note of a visit would. */
  context: string;
}

export interface SearchHit {
  doc: SearchDoc;
  score: number;
  /** Every query term occurs as written (not only its words apart). */
  exact: boolean;
  /** The normalised strings that matched, to highlight. */
  marks: string[];
}

export interface SearchIndexOptions {
  split?: WordSplitter;
  /** Epoch milliseconds; recency is measured from here. */
  now?: () => number;
}

interface Entry {
  doc: SearchDoc;
  fields: readonly [string, string, string];
  time: number;
}

// Title > tags > body: a finding titled 消防通道堵塞 beats a note that mentions it in passing.
const WEIGHTS = [3, 2, 1] as const;
const TITLE_START_BONUS = 0.5;
// A term found only as separate words counts for this share of a found one.
const SPLIT_SHARE = 0.5;
// Each occurrence after the first, up to a few: repeated mentions matter, but less than the field.
const COUNT_BONUS = 0.2;
const MAX_COUNTED = 4;
// Recency only orders results of similar relevance: a third of a weight step, halved every 90 days.
const RECENCY_MAX = 0.3;
const RECENCY_HALF_LIFE_DAYS = 90;
const DAY_MS = 86_400_000;

function occurrences(field: string, term: string, cap: number): number {
  let n = 0;
  for (let i = field.indexOf(term); i !== -1 && n < cap; i = field.indexOf(term, i + term.length)) {
    n++;
  }
  return n;
}

/** Highest weight of a field holding `term`, 0 when none does. */
function bestWeight(fields: Entry['fields'], term: string): number {
  for (let f = 0; f < fields.length; f++) if (fields[f]!.includes(term)) return WEIGHTS[f]!;
  return 0;
}

/**
 * An in-memory index of the device's records: each field normalised once, then every query is a
 * substring scan. A scan, not an inverted index, because Chinese has no word boundaries to index
 * on and 10,000 notes scan in a few milliseconds (search-index.test.ts prints the time).
 */
export class SearchIndex {
  readonly #entries: Entry[];
  readonly #split: WordSplitter;
  readonly #now: () => number;

  constructor(docs: readonly SearchDoc[], options: SearchIndexOptions = {}) {
    this.#split = options.split ?? defaultSplitter();
    this.#now = options.now ?? Date.now;
    this.#entries = docs.map((doc) => ({
      doc,
      fields: [normalize(doc.title), normalize(doc.tags), normalize(doc.body)],
      time: doc.at === null ? Number.NaN : Date.parse(doc.at),
    }));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Records holding every term of `query`, best first; none for a blank query. */
  search(query: string): SearchHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const parts = new Map(
      terms.map((t) => {
        const words = this.#split(t).filter((w) => w !== t);
        return [t, words.length > 1 ? words : []] as const;
      }),
    );
    const now = this.#now();
    const found: { hit: SearchHit; time: number }[] = [];
    for (const entry of this.#entries) {
      const hit = this.#match(entry, terms, parts, now);
      if (hit) found.push({ hit, time: entry.time || 0 });
    }
    found.sort(
      (a, b) =>
        b.hit.score - a.hit.score ||
        b.time - a.time ||
        (a.hit.doc.id < b.hit.doc.id ? -1 : a.hit.doc.id > b.hit.doc.id ? 1 : 0),
    );
    return found.map((f) => f.hit);
  }

  #match(
    entry: Entry,
    terms: readonly string[],
    parts: ReadonlyMap<string, readonly string[]>,
    now: number,
  ): SearchHit | null {
    const { fields } = entry;
    let score = 0;
    let count = 0;
    let exact = true;
    const marks: string[] = [];
    for (const term of terms) {
      const weight = bestWeight(fields, term);
      if (weight > 0) {
        score += weight;
        if (fields[0].startsWith(term)) score += TITLE_START_BONUS;
        for (const f of fields) count += occurrences(f, term, MAX_COUNTED - count);
        marks.push(term);
        continue;
      }
      const words = parts.get(term) ?? [];
      if (words.length === 0) return null;
      let sum = 0;
      for (const w of words) {
        const ww = bestWeight(fields, w);
        if (ww === 0) return null;
        sum += ww;
      }
      exact = false;
      score += (SPLIT_SHARE * sum) / words.length;
      marks.push(...words);
    }
    score += COUNT_BONUS * Math.max(0, Math.min(count, MAX_COUNTED) - terms.length);
    if (!Number.isNaN(entry.time)) {
      const ageDays = Math.max(0, now - entry.time) / DAY_MS;
      score += RECENCY_MAX * 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS);
    }
    return { doc: entry.doc, score, exact, marks };
  }
}
