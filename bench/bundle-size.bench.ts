/*
 * What a first visit downloads, route by route (inspector issue: JavaScript of the first visit
 * < 150 kB gzipped). Builds the web app (vite build with hidden source maps: the same JavaScript
 * bytes, plus maps that say which module each byte comes from), walks SvelteKit's client manifest
 * from each route's nodes, and sums the gzip/brotli sizes of the files the browser must fetch.
 *
 *   pnpm --filter @ducha/bench bundle-size   (BENCH_NO_BUILD=1 measures the existing build; the
 *                                             per-module breakdown needs the maps of a bench build)
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bytesBySource, sourceOwner, type SourceMapV3 } from './phone/source-attribution';
import {
  buildWeb,
  CLIENT_OUT,
  firstVisitFiles,
  readClientBuild,
  WEB_BUILD,
  webBuilt,
} from './phone/web-build';
import { describeMachine, machineLabel } from './machine';
import { recordResults, today } from './results';

const TARGET_KB = 150;
const FOCUS_ROUTES = ['/', '/plans'];
const NO_BUILD = process.env.BENCH_NO_BUILD === '1';
const MAPS_OUT = fileURLToPath(new URL('.out/bundle-size/maps/', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Size {
  raw: number;
  gzip: number;
  br: number;
}

const sizeCache = new Map<string, Size>();
function sizeOf(file: string): Size {
  const cached = sizeCache.get(file);
  if (cached) return cached;
  const data = readFileSync(path.join(WEB_BUILD, file));
  const size = {
    raw: data.length,
    // Level 6 is zlib's default and what compression middleware and CDNs commonly use.
    gzip: gzipSync(data, { level: 6 }).length,
    br: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }).length,
  };
  sizeCache.set(file, size);
  return size;
}

const total = (files: string[]): Size =>
  files
    .map(sizeOf)
    .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, br: a.br + b.br }), {
      raw: 0,
      gzip: 0,
      br: 0,
    });

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/*
 * The maps are moved out of the build (to bench/.out) once read, so web/build stays what a plain
 * `pnpm build` makes: the API would otherwise serve them.
 */
function collectMaps(): Map<string, SourceMapV3> {
  const maps = new Map<string, SourceMapV3>();
  rmSync(MAPS_OUT, { recursive: true, force: true });
  for (const root of [CLIENT_OUT, WEB_BUILD]) {
    for (const file of walk(root).filter((f) => f.endsWith('.js.map'))) {
      const rel = path.relative(root, file).slice(0, -'.map'.length);
      if (root === CLIENT_OUT) maps.set(rel, JSON.parse(readFileSync(file, 'utf8')) as SourceMapV3);
      const dest = path.join(MAPS_OUT, path.relative(path.dirname(path.dirname(root)), file));
      mkdirSync(path.dirname(dest), { recursive: true });
      renameSync(file, dest);
    }
  }
  return maps;
}

/** gzip bytes per owner (package or our code), each chunk's gzip size split by its raw shares. */
function breakdown(files: string[], maps: Map<string, SourceMapV3>): Map<string, Size> {
  const owners = new Map<string, Size>();
  for (const file of files) {
    const map = maps.get(file);
    if (!map) continue;
    const code = readFileSync(path.join(WEB_BUILD, file), 'utf8');
    const size = sizeOf(file);
    for (const [source, bytes] of bytesBySource(code, map)) {
      const owner = sourceOwner(source);
      const share = bytes / size.raw;
      const o = owners.get(owner) ?? { raw: 0, gzip: 0, br: 0 };
      owners.set(owner, {
        raw: o.raw + bytes,
        gzip: o.gzip + share * size.gzip,
        br: o.br + share * size.br,
      });
    }
  }
  return owners;
}

function swScripts(): string[] {
  return readdirSync(WEB_BUILD).filter((f) => f === 'sw.js' || /^workbox-.*\.js$/.test(f));
}

/** Everything the service worker precaches on install (it downloads in the background). */
function precacheFiles(): string[] {
  const sw = readFileSync(path.join(WEB_BUILD, 'sw.js'), 'utf8');
  return [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!).filter((u) => u !== 'index.html');
}

async function main(): Promise<void> {
  if (!NO_BUILD) {
    log('building the web app (vite build --sourcemap hidden)…');
    await buildWeb({ hiddenSourcemaps: true });
  } else if (!webBuilt()) {
    throw new Error('no web build: run `pnpm --filter @ducha/web build` or drop BENCH_NO_BUILD');
  }
  const maps = collectMaps();
  const build = readClientBuild();
  const html = sizeOf('index.html');
  const sw = total(swScripts());
  const precache = total(precacheFiles());

  const rows = build.routes.map((r) => {
    const files = firstVisitFiles(build, r.id);
    return {
      route: r.id,
      files,
      js: total(files.js),
      css: total(files.css),
      lazy: total(files.lazy),
    };
  });
  const table = [
    '| route | JS files | JS gzip kB | JS brotli kB | JS raw kB | CSS gzip kB | lazy JS gzip kB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.route}\` | ${r.files.js.length} | ${kB(r.js.gzip)} | ${kB(r.js.br)} | ${kB(r.js.raw)} | ` +
        `${kB(r.css.gzip)} | ${kB(r.lazy.gzip)} |`,
    ),
  ];
  table.forEach((l) => log(l));
  log(
    `index.html ${kB(html.gzip)} kB gzip; service worker scripts ${kB(sw.gzip)} kB gzip; ` +
      `precache ${kB(precache.gzip)} kB gzip (${kB(precache.raw)} kB raw)`,
  );

  const focus = rows.filter((r) => FOCUS_ROUTES.includes(r.route));
  const focusFiles = [...new Set(focus.flatMap((r) => r.files.js))];
  const owners = breakdown(focusFiles, maps);
  const ownerRows = [...owners.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
  const ownerTable = [
    '| from | raw kB | ≈ gzip kB | share |',
    '| --- | --- | --- | --- |',
    ...ownerRows
      .filter(([, s]) => s.raw >= 100)
      .map(
        ([owner, s]) =>
          `| ${owner} | ${kB(s.raw)} | ${kB(s.gzip)} | ${Math.round((100 * s.raw) / total(focusFiles).raw)} % |`,
      ),
  ];
  if (ownerRows.length > 0) ownerTable.forEach((l) => log(l));

  // Chunks of the focus routes, biggest first, with their main owners: where a fix would go.
  const chunkRows = focusFiles
    .map((file) => ({ file, size: sizeOf(file) }))
    .sort((a, b) => b.size.gzip - a.size.gzip)
    .slice(0, 6)
    .map(({ file, size }) => {
      const map = maps.get(file);
      const top = map
        ? [...bytesBySource(readFileSync(path.join(WEB_BUILD, file), 'utf8'), map)].reduce(
            (acc, [src, b]) => acc.set(sourceOwner(src), (acc.get(sourceOwner(src)) ?? 0) + b),
            new Map<string, number>(),
          )
        : new Map<string, number>();
      const main = [...top.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([o, b]) => `${o} ${Math.round((100 * b) / size.raw)} %`)
        .join(', ');
      return `| \`${file}\` | ${kB(size.gzip)} | ${kB(size.raw)} | ${main || '—'} |`;
    });

  const machine = await describeMachine(null);
  const verdicts = focus.map(
    (r) => `\`${r.route}\` ${kB(r.js.gzip)} kB${r.js.gzip / 1000 < TARGET_KB ? '' : ' (over)'}`,
  );
  const met = focus.every((r) => r.js.gzip / 1000 < TARGET_KB);
  await recordResults(
    [
      {
        benchmark: 'JavaScript of a first visit to / and /plans (gzip)',
        target: `< ${TARGET_KB} kB gzipped`,
        result: `${verdicts.join(' · ')}; +${kB(sw.gzip)} kB service worker; ${met ? 'met' : 'MISSED'}`,
        machine: machineLabel(machine, 'sizes of the build, machine-independent'),
        date: today(),
      },
    ],
    {
      key: 'bundle-size',
      markdown: [
        '## Bundle sizes per route (`bundle-size.bench.ts`)',
        '',
        'A first visit to a route fetches SvelteKit\u2019s two entries, the root layout, the page, ' +
          'the error page (the client router preloads it with every route) and their static ' +
          'imports, from `web/.svelte-kit/output/client/.vite/manifest.json` and the route table ' +
          'in the generated `app.js`. Sizes are of the files in `web/build`: gzip level 6, brotli ' +
          'quality 11, kB = 1000 bytes. "Lazy" = dynamic imports reachable from the page (fetched ' +
          'only when used). A signed-out first visit to any page also loads `/login`.',
        '',
        ...table,
        '',
        `Also on a first visit: \`index.html\` ${kB(html.gzip)} kB gzip; the service worker ` +
          `scripts (\`sw.js\` + Workbox runtime) ${kB(sw.gzip)} kB gzip, registered after the ` +
          `page loads; then its install precaches the whole app shell in the background: ` +
          `${precacheFiles().length} files, ${kB(precache.gzip)} kB gzip (${kB(precache.raw)} kB raw).`,
        '',
        'The API sends the brotli copy of each file (written at build time by ' +
          '`web/scripts/precompress.js`, quality 11) to browsers that accept it — every current one ' +
          'over HTTPS — and the gzip copy otherwise (`api/src/http/web-static.ts`), so the brotli ' +
          'column is what a phone downloads. The mutation registry (every zod schema) is a lazy ' +
          'chunk: the device loads it when it first replays or makes a change, and the app asks for ' +
          'it once the first screen is idle (`loadRegistry` in `web/src/lib/sync/local-store.ts`).',
        ...(ownerRows.length > 0
          ? [
              '',
              `What the JavaScript of \`/\` and \`/plans\` together is made of (${focusFiles.length} ` +
                'files; bytes per module from the source maps, gzip split in proportion):',
              '',
              ...ownerTable,
              '',
              'Biggest chunks of those routes:',
              '',
              '| chunk | gzip kB | raw kB | mostly from |',
              '| --- | --- | --- | --- |',
              ...chunkRows,
            ]
          : []),
      ].join('\n'),
    },
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
