/*
 * Chinese is written without spaces, so a term such as 消防通道堵塞 is several words the text may
 * hold apart (消防通道被堵塞). Splitting a term into words lets such a record still match, ranked
 * below an exact one. Intl.Segmenter knows Chinese words; where it is missing (older WebViews),
 * consecutive character pairs stand in for them, most Chinese words being two characters.
 */

/** The parts of one normalised query term; a single part means it cannot be split further. */
export type WordSplitter = (term: string) => string[];

const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;

/**
 * Han runs as consecutive pairs (an odd last character joins its neighbour), other letters and
 * digits as whole runs. Not overlapping pairs: every part is required, and the pair straddling
 * two words (道堵 in 消防通道堵塞) is exactly what text with the words apart lacks.
 */
export function bigramSplitter(term: string): string[] {
  const parts = new Set<string>();
  for (const [run] of term.matchAll(RUNS)) {
    const chars = Array.from(run);
    if (!HAN.test(run) || chars.length <= 2) {
      parts.add(run);
      continue;
    }
    for (let i = 0; i < chars.length; i += 2) {
      const at = Math.min(i, chars.length - 2);
      parts.add(chars[at]! + chars[at + 1]!);
    }
  }
  return [...parts];
}

/** Splits with `Intl.Segmenter` (Chinese word rules), keeping word-like segments only. */
export function segmenterSplitter(segmenter: Intl.Segmenter): WordSplitter {
  return (term) => {
    const parts = new Set<string>();
    for (const s of segmenter.segment(term)) if (s.isWordLike) parts.add(s.segment);
    return [...parts];
  };
}

/** The best splitter this runtime offers. */
export function defaultSplitter(): WordSplitter {
  if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
    return segmenterSplitter(new Intl.Segmenter('zh', { granularity: 'word' }));
  }
  return bigramSplitter;
}
