/*
 * Saving one checklist answer on a device that already holds 50,000 records (issue 4, target
 * p95 < 16 ms: one frame). Real Chromium, real IndexedDB: the page (local-save/) is bundled with
 * esbuild from web/src/lib and served on 127.0.0.1; the baseline is a raw IndexedDB put of the
 * same record into a store of the same size and indexes.
 *
 *   pnpm --filter @ducha/bench local-save   (BENCH_RECORDS, BENCH_SAMPLES, CHROMIUM)
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describeMachine, machineLabel } from './machine';
import { recordResults, today } from './results';
import { ms, summarize } from './stats';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 50_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const WARMUP = 50;
const TARGET_P95_MS = 16;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const OUT = fileURLToPath(new URL('.out/local-save/', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Params {
  records: number;
  samples: number;
  warmup: number;
}

/** What local-save/local-save.page.ts answers (kept apart: that file compiles against the DOM). */
interface PageResult {
  records: number;
  store: number[];
  raw: number[];
  failures: string[];
}

type PageGlobal = { runLocalSave?: (p: Params) => Promise<PageResult> };

async function bundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL('local-save/local-save.page.ts', import.meta.url))],
    outfile: `${OUT}page.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    alias: { $lib: fileURLToPath(new URL('../web/src/lib', import.meta.url)) },
    logLevel: 'warning',
  });
}

async function serve() {
  const page = readFileSync(`${OUT}page.js`);
  const html =
    '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(page);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

async function main(): Promise<void> {
  await bundle();
  const http = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  let result: PageResult;
  const version = browser.version();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(http.url);
    await page.waitForFunction(() => typeof (globalThis as PageGlobal).runLocalSave === 'function');
    result = await page.evaluate((p) => (globalThis as PageGlobal).runLocalSave!(p), {
      records: RECORDS,
      samples: SAMPLES,
      warmup: WARMUP,
    });
  } finally {
    await browser.close();
    http.close();
  }
  if (result.failures.length > 0) {
    throw new Error(`saves refused: ${[...new Set(result.failures)].join(', ')}`);
  }
  const store = summarize(result.store);
  const raw = summarize(result.raw);
  log(
    `${result.records} records; LocalStore.mutate p50 ${ms(store.p50)} / p95 ${ms(store.p95)} / ` +
      `p99 ${ms(store.p99)} ms; raw put p50 ${ms(raw.p50)} / p95 ${ms(raw.p95)} / p99 ${ms(raw.p99)} ms`,
  );
  const machine = await describeMachine(null);
  const met = store.p95 < TARGET_P95_MS;
  await recordResults(
    [
      {
        benchmark: `save one checklist answer, ${RECORDS.toLocaleString('en')} records on the device (Chromium)`,
        target: `p95 < ${TARGET_P95_MS} ms`,
        result:
          `p50 ${ms(store.p50)} · p95 ${ms(store.p95)} · p99 ${ms(store.p99)} ms (n=${store.n}); ` +
          `raw IndexedDB put p95 ${ms(raw.p95)} ms; ${met ? 'met' : 'MISSED'}`,
        machine: machineLabel(machine, `Chromium ${version}`),
        date: today(),
      },
    ],
    {
      key: 'local-save',
      markdown: [
        '## Local save in Chromium (`local-save.bench.ts`)',
        '',
        `Headless Chromium ${version}, IndexedDB on disk. The device holds ${result.records} ` +
          'records (the simulation world pulled through `LocalStore.applyPull`, then notes of ' +
          'the visit). Each sample saves one checklist answer with ' +
          "`LocalStore.mutate('inspection.answer', …)` (one Dexie transaction: handler, record, " +
          'outbox entry, sync state), then puts the very record it wrote into a raw IndexedDB ' +
          `store of the same size and indexes (baseline). ${WARMUP} warm-up saves, then ` +
          `${store.n} measured. Percentiles in ms.`,
        '',
        '| write | p50 | p95 | p99 | max |',
        '| --- | --- | --- | --- | --- |',
        `| \`LocalStore.mutate('inspection.answer')\` | ${ms(store.p50)} | ${ms(store.p95)} | ${ms(store.p99)} | ${ms(store.max)} |`,
        `| raw IndexedDB put (baseline) | ${ms(raw.p50)} | ${ms(raw.p95)} | ${ms(raw.p99)} | ${ms(raw.max)} |`,
      ].join('\n'),
    },
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
