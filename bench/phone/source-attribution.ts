/*
 * Which source module each byte of a built chunk comes from, read from its source map (v3). A
 * mapping segment owns the generated text up to the next segment on its line; bytes no segment
 * covers are counted as "(unmapped)" (mostly the bundler's own glue).
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64_VALUE.get(ch);
    if (digit === undefined) throw new Error(`bad VLQ digit ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export interface SourceMapV3 {
  sources: string[];
  mappings: string;
}

/** Generated UTF-8 bytes per source path (as written in the map's `sources`). */
export function bytesBySource(code: string, map: SourceMapV3): Map<string, number> {
  const out = new Map<string, number>();
  const add = (source: string, text: string) => {
    if (text.length === 0) return;
    out.set(source, (out.get(source) ?? 0) + Buffer.byteLength(text));
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;
  lines.forEach((line, i) => {
    // Newlines belong to nobody in particular; count them as glue.
    if (i < lines.length - 1) add('(unmapped)', '\n');
    const segments = (mappingLines[i] ?? '').split(',').filter(Boolean);
    let column = 0;
    const starts: { column: number; source: string }[] = [];
    for (const seg of segments) {
      const v = decodeVlq(seg);
      column += v[0]!;
      if (v.length >= 4) {
        sourceIndex += v[1]!;
        // Original line/column deltas must still be consumed in order; only the source matters.
        starts.push({ column, source: map.sources[sourceIndex] ?? '(unmapped)' });
      } else {
        starts.push({ column, source: '(unmapped)' });
      }
    }
    if (starts.length === 0 || starts[0]!.column > 0) {
      add('(unmapped)', line.slice(0, starts[0]?.column ?? line.length));
    }
    starts.forEach((s, k) => add(s.source, line.slice(s.column, starts[k + 1]?.column)));
  });
  return out;
}

/** A readable owner for a source path: an npm package, the i18n messages, or our own code. */
export function sourceOwner(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (source.includes('/paraglide/messages')) return 'paraglide messages (web/src/lib/paraglide)';
  if (source.includes('/paraglide/')) return 'paraglide runtime';
  if (/(^|\/)shared\/src\//.test(source)) return '@ducha/shared';
  if (source.includes('generated/')) return 'SvelteKit generated';
  if (source === '(unmapped)') return '(bundler glue, unmapped)';
  return 'web app code (web/src)';
}
