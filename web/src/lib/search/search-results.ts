import { highlight, snippet, type TextSegment } from './search-highlight';
import type { SearchHit, SearchKind } from './search-index';

/** Groups in screen order: what an inspector looks for most comes first. */
export const SEARCH_KINDS: readonly SearchKind[] = [
  'finding',
  'note',
  'answer',
  'inspection',
  'plan',
];

/** Results shown per group; the group says how many more there are. */
export const SHOWN_PER_KIND = 20;

export interface SearchResult {
  kind: SearchKind;
  id: string;
  href: string;
  at: string | null;
  /** Empty for records without a title (notes, remarks): the snippet stands alone. */
  title: TextSegment[];
  snippet: TextSegment[];
  context: string;
  exact: boolean;
}

export interface SearchGroup {
  kind: SearchKind;
  total: number;
  results: SearchResult[];
}

function toResult(hit: SearchHit): SearchResult {
  const { doc, marks } = hit;
  const body = doc.body || doc.tags;
  return {
    kind: doc.kind,
    id: doc.id,
    href: doc.href,
    at: doc.at,
    title: doc.title ? highlight(doc.title, marks) : [],
    snippet: body ? snippet(body, marks) : [],
    context: doc.context,
    exact: hit.exact,
  };
}

/** Groups hits by kind, keeping each group's order and only the first `shown` of each. */
export function groupHits(hits: readonly SearchHit[], shown = SHOWN_PER_KIND): SearchGroup[] {
  const byKind = new Map<SearchKind, SearchHit[]>();
  for (const hit of hits) {
    const list = byKind.get(hit.doc.kind) ?? [];
    list.push(hit);
    byKind.set(hit.doc.kind, list);
  }
  return SEARCH_KINDS.filter((k) => byKind.has(k)).map((kind) => {
    const list = byKind.get(kind) ?? [];
    return { kind, total: list.length, results: list.slice(0, shown).map(toResult) };
  });
}
