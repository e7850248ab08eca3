import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const RESULTS = fileURLToPath(new URL('RESULTS.md', import.meta.url));

export interface ResultRow {
  benchmark: string;
  target: string;
  result: string;
  machine: string;
  date: string;
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

function rowKey(line: string): string {
  return line.split(/(?<!\\)\|/)[1]?.trim() ?? '';
}

/*
 * Rows are keyed by their benchmark name and replaced in place, so a rerun updates its own lines
 * and leaves the others (measured by other scripts, maybe on other days) alone. Details go in a
 * section per script between markers, for the same reason.
 */
export async function recordResults(
  rows: ResultRow[],
  details?: { key: string; markdown: string },
): Promise<void> {
  const lines = readFileSync(RESULTS, 'utf8').split('\n');
  const header = lines.findIndex((l) => l.startsWith('| benchmark'));
  if (header < 0) throw new Error('RESULTS.md lost its table header');
  let end = header + 2;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  const table = lines.slice(header + 2, end);
  for (const row of rows) {
    const line = `| ${[row.benchmark, row.target, row.result, row.machine, row.date].map(cell).join(' | ')} |`;
    const at = table.findIndex((l) => rowKey(l) === cell(row.benchmark));
    if (at >= 0) table[at] = line;
    else table.push(line);
  }
  let text = [...lines.slice(0, header + 2), ...table, ...lines.slice(end)].join('\n');
  if (details) {
    const open = `<!-- bench:${details.key} -->`;
    const close = `<!-- /bench:${details.key} -->`;
    const section = `${open}\n\n${details.markdown.trim()}\n\n${close}`;
    const from = text.indexOf(open);
    const to = text.indexOf(close);
    text =
      from >= 0 && to > from
        ? text.slice(0, from) + section + text.slice(to + close.length)
        : `${text.trimEnd()}\n\n${section}\n`;
  }
  const formatted = await prettier.format(text, {
    ...(await prettier.resolveConfig(RESULTS)),
    filepath: RESULTS,
  });
  writeFileSync(RESULTS, formatted);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
