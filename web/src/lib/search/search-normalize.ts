/*
 * Text normalisation for offline search. NFKC folds full-width Latin letters, digits and
 * punctuation (ＡＢＣ１２３，) and the ideographic space into their ASCII forms, so what an
 * inspector types on a Chinese keyboard finds what was typed on a Latin one; lower-casing then
 * folds case. Traditional/simplified variants are deliberately not folded.
 */

/** The form both the index and the query are compared in. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A base character with its combining marks: normalised as a unit so NFKC can compose them. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

export interface MappedText {
  /** `normalize` applied cluster by cluster. */
  text: string;
  /** For each UTF-16 unit of `text`: where its cluster starts and ends in the original. */
  start: Int32Array;
  end: Int32Array;
}

/**
 * Normalises with a map back to the original, so a match found in normalised text can be
 * highlighted in the text as written (NFKC may change lengths: ㈱ → (株), ﬁ → fi). Costlier than
 * `normalize`: used only for the results on screen.
 */
export function normalizeMapped(original: string): MappedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of original.matchAll(CLUSTER)) {
    const from = match.index;
    const to = from + match[0].length;
    const n = normalize(match[0]);
    parts.push(n);
    for (let i = 0; i < n.length; i++) {
      starts.push(from);
      ends.push(to);
    }
  }
  return { text: parts.join(''), start: Int32Array.from(starts), end: Int32Array.from(ends) };
}

/** Query terms: whitespace separates them (NFKC has already made U+3000 a plain space). */
export function queryTerms(query: string): string[] {
  const seen = new Set<string>();
  for (const term of normalize(query).split(/\s+/u)) if (term) seen.add(term);
  return [...seen];
}
