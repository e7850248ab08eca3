import { normalizeMapped } from './search-normalize';

/** A piece of displayed text; `hit` pieces are what the query matched. */
export interface TextSegment {
  text: string;
  hit: boolean;
}

type Range = [number, number];

/** Where the normalised `marks` occur in `text`, as merged ranges of the original string. */
export function matchRanges(text: string, marks: readonly string[]): Range[] {
  if (text === '' || marks.length === 0) return [];
  const mapped = normalizeMapped(text);
  const ranges: Range[] = [];
  for (const mark of marks) {
    if (mark === '') continue;
    for (let i = mapped.text.indexOf(mark); i !== -1; i = mapped.text.indexOf(mark, i + 1)) {
      ranges.push([mapped.start[i]!, mapped.end[i + mark.length - 1]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function segmentsOf(text: string, ranges: readonly Range[], from: number, to: number) {
  const out: TextSegment[] = [];
  let at = from;
  for (const [a, b] of ranges) {
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < to) out.push({ text: text.slice(at, to), hit: false });
  return out;
}

/** The whole text, split into plain and matched pieces. */
export function highlight(text: string, marks: readonly string[]): TextSegment[] {
  return segmentsOf(text, matchRanges(text, marks), 0, text.length);
}

/** Never cut a surrogate pair in two. */
function safeIndex(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
}

/**
 * At most about `length` characters around the first match, with an ellipsis where text was
 * left out: a long note shows the passage that matched, not its opening.
 */
export function snippet(text: string, marks: readonly string[], length = 80): TextSegment[] {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const ranges = matchRanges(flat, marks);
  if (flat.length <= length) return segmentsOf(flat, ranges, 0, flat.length);
  const first = ranges[0]?.[0] ?? 0;
  // Some context before the match, most of the room after it.
  let from = safeIndex(
    flat,
    Math.max(0, Math.min(first - Math.floor(length / 4), flat.length - length)),
  );
  const to = safeIndex(flat, Math.min(flat.length, from + length));
  from = Math.max(0, from);
  const out = segmentsOf(flat, ranges, from, to);
  if (from > 0) out.unshift({ text: '…', hit: false });
  if (to < flat.length) out.push({ text: '…', hit: false });
  return out;
}
