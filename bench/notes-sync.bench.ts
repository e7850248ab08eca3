/*
 * 10,000 notes made on one device, pushed, and pulled onto a fresh second device: ours against
 * the classic offline-sync stack (issue 5, target ≥ 5× faster and ≤ 0.5× the bytes of the peer).
 *
 * Ours: real Chromium, each device its own browser profile (IndexedDB on disk), the real
 * LocalStore + SyncEngine + tRPC transport bundled from web/src/lib, against the real API process
 * (api/src/main.ts) on a fresh PostgreSQL database and/or a fresh PGlite data dir, demo seed.
 * Peer: PouchDB's browser build (IndexedDB adapter) in the same Chromium, `db.sync(remote)` with
 * express-pouchdb over the in-memory adapter. Its packages live in pouchdb-peer/ outside the pnpm
 * workspace and are installed here on first use.
 *
 * Bytes are counted by a TCP relay in front of each server (every byte of requests and answers,
 * headers included); requests by Playwright at the page.
 *
 *   pnpm --filter @ducha/bench notes-sync   (BENCH_NOTES, BENCH_RUNS=3, BENCH_BACKENDS, CHROMIUM)
 *
 * Finding where the time goes: BENCH_TIMING=1 prints each request of ours (start, request sent,
 * first byte, end); BENCH_PROFILE_DIR a CPU profile of the page per phase; BENCH_API_NODE_ARGS
 * and BENCH_API_LOG (app-process.ts) profile and log the API; BENCH_PEER=0 skips the peer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../api/src/seed/demo-data';
import { startApp } from './app-process';
import { describeMachine, machineLabel } from './machine';
import { countingRelay, type WireCount, type WireCounter } from './notes-sync/wire-counter';
import { createScratchDatabase, PG_ADMIN_URL } from './pg-database';
import { recordResults, today } from './results';

const NOTES = Number(process.env.BENCH_NOTES ?? 10_000);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** BENCH_RECORD=0: print the figures only (a trial run with fewer notes); BENCH_PEER=0: ours only. */
const RECORD = process.env.BENCH_RECORD !== '0';
/** BENCH_RUNS: rounds of every stack; each is judged by its median round (runs vary ±15 % here). */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_SPEEDUP = 5;
const TARGET_BYTES = 0.5;
/** Device A and the device B that pulls onto a fresh profile: a teammate of A's user. */
const USER_A = 'inspector';
const USER_B = 'leader';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PEER_DIR = path.join(HERE, 'pouchdb-peer');
const OUT = path.join(HERE, '.out/notes-sync/');
const PAGE_PATH = '/__bench/';
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The peer's packages: never in the workspace install, fetched the first time the bench runs. */
function ensurePeerInstalled(): void {
  if (existsSync(path.join(PEER_DIR, 'node_modules/express-pouchdb/package.json'))) return;
  log('installing the PouchDB peer into bench/pouchdb-peer (once)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      PEER_DIR,
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      // Pure-JavaScript packages only: nothing may need building.
      '--ignore-scripts',
    ],
    { stdio: 'inherit' },
  );
  if (out.status !== 0) throw new Error(`npm install of the PouchDB peer failed (${out.status})`);
}

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [path.join(HERE, entry)],
    outfile: path.join(OUT, outfile),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    // Profiles need the names: identifiers stay long then (unminified syntax broke the bundle).
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: !PROFILE_DIR,
    alias: { $lib: path.join(HERE, '../web/src/lib') },
    // PouchDB's browser build imports Node's `events`; the npm package stands in.
    nodePaths: [path.join(PEER_DIR, 'node_modules')],
    logLevel: 'warning',
  });
}

/* What the pages answer (kept apart: the pages compile against the DOM and web/src/lib). */
interface DeviceInfo {
  userId: string;
  inspectionId: string | null;
  createMs: number;
}
interface SyncRun {
  ms: number;
  pushDoneMs: number;
  pushes: number;
  pulls: number;
  /** Time spent waiting on push and pull requests (network and server). */
  pushWaitMs: number;
  pullWaitMs: number;
  storeMs: Record<string, number>;
  changesPulled: number;
  pending: number;
  error: string | null;
  notes: number;
}
interface PeerRun {
  ms: number;
  docs: number;
  pushed: number;
  pulled: number;
}

interface Phase {
  ms: number;
  requests: number;
  wire: WireCount;
}

interface StackResult {
  stack: string;
  createMs: number;
  push: Phase;
  pull: Phase;
  /** Ours only: when the last push answer came, inside the push phase. */
  pushOnlyMs: number | null;
  changesPulled: number | null;
  notesOnB: number;
}

const bytes = (w: WireCount) => w.sent + w.received;
const total = (r: StackResult) => ({
  ms: r.push.ms + r.pull.ms,
  requests: r.push.requests + r.pull.requests,
  bytes: bytes(r.push.wire) + bytes(r.pull.wire),
});

/**
 * One device: its own Chromium profile on disk (a fresh phone), the bench page served at the
 * relay's origin so every other request goes through the relay to the server.
 */
async function openDevice(relay: WireCounter, script: string) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ducha-notes-sync-'));
  const context: BrowserContext = await chromium
    .launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    .catch((err: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw err;
    });
  const js = readFileSync(path.join(OUT, script));
  await context.route(`${relay.url}${PAGE_PATH}**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('.js')) {
      return route.fulfill({ contentType: 'text/javascript', body: js });
    }
    return route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><meta charset="utf-8"><script type="module" src="${PAGE_PATH}page.js"></script>`,
    });
  });
  let requests = 0;
  context.on('request', (req) => {
    if (!new URL(req.url()).pathname.startsWith(PAGE_PATH)) requests++;
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(0);
  await page.goto(`${relay.url}${PAGE_PATH}`);
  // While any route is set, Playwright pauses every request of the page (Fetch.enable for "*")
  // and resumes it over CDP, with the HTTP cache off: a cost per request and per byte that is
  // the bench's, not the stack's. The page is one bundled script, loaded by now.
  await context.unrouteAll();
  return {
    page,
    requests: () => requests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs one measured phase: counters zeroed first, read after. */
/** BENCH_PROFILE_DIR: a CPU profile of the page for each measured phase (`<label>.cpuprofile`). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

async function measure<T extends { ms: number }>(
  relay: WireCounter,
  device: { requests(): number; page: Page },
  label: string,
  run: () => Promise<T>,
): Promise<{ out: T; phase: Phase }> {
  relay.reset();
  const before = device.requests();
  const cdp = PROFILE_DIR ? await device.page.context().newCDPSession(device.page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const started = Date.now();
  const out = await run();
  if (process.env.BENCH_TIMING) {
    // Wall-clock bounds, to line the phase up with samples taken outside (per-process CPU).
    log(`  ${label}: ${started} → ${Date.now()} (ms since the epoch)`);
    const lines = (await device.page.evaluate('globalThis.__timing ?? []')) as string[];
    for (const l of lines) log(`  ${l}`);
  }
  if (cdp && PROFILE_DIR) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(path.join(PROFILE_DIR, `${label}.cpuprofile`), JSON.stringify(profile));
  }
  return { out, phase: { ms: out.ms, requests: device.requests() - before, wire: relay.read() } };
}

async function runOurs(backend: string): Promise<StackResult> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (backend === 'postgres') {
    const scratch = await createScratchDatabase('ducha_notes_sync');
    env = { DATABASE_URL: scratch.url };
    cleanup = () => scratch.drop();
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ducha-notes-sync-'));
    env = { DATA_DIR: dataDir };
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const app = await startApp({ ...env, SEED_DEMO: '1' });
  const relay = await countingRelay({ host: '127.0.0.1', port: Number(new URL(app.baseUrl).port) });
  try {
    type G = {
      oursPrepare(p: object): Promise<DeviceInfo>;
      oursSync(): Promise<SyncRun>;
    };
    const a = await openDevice(relay, 'ours.js');
    let info: DeviceInfo;
    let push: Phase;
    let pushRun: SyncRun;
    try {
      await a.page.waitForFunction(
        () => typeof (globalThis as unknown as G).oursSync === 'function',
      );
      info = await a.page.evaluate((p) => (globalThis as unknown as G).oursPrepare(p), {
        username: USER_A,
        password: DEMO_PASSWORD,
        notes: NOTES,
        inspectionId: null,
      });
      log(
        `ours/${backend}: ${NOTES} notes written on device A in ${(info.createMs / 1000).toFixed(1)} s`,
      );
      ({ out: pushRun, phase: push } = await measure(relay, a, `ours-${backend}-push`, () =>
        a.page.evaluate(() => (globalThis as unknown as G).oursSync()),
      ));
    } finally {
      await a.close();
    }
    if (pushRun.pending !== 0 || pushRun.error) {
      throw new Error(`device A did not sync: ${pushRun.pending} pending, ${pushRun.error}`);
    }
    log(
      `ours/${backend}: push ${(push.ms / 1000).toFixed(1)} s (last push answer at ` +
        `${(pushRun.pushDoneMs / 1000).toFixed(1)} s; waiting on pushes ${s(pushRun.pushWaitMs)}, ` +
        `pulls ${s(pushRun.pullWaitMs)}; store ${storeTimes(pushRun.storeMs)}), ` +
        `${push.requests} requests, ${bytes(push.wire)} B`,
    );
    const b = await openDevice(relay, 'ours.js');
    let pull: Phase;
    let pullRun: SyncRun;
    try {
      await b.page.waitForFunction(
        () => typeof (globalThis as unknown as G).oursSync === 'function',
      );
      await b.page.evaluate((p) => (globalThis as unknown as G).oursPrepare(p), {
        username: USER_B,
        password: DEMO_PASSWORD,
        notes: 0,
        inspectionId: info.inspectionId,
      });
      ({ out: pullRun, phase: pull } = await measure(relay, b, `ours-${backend}-pull`, () =>
        b.page.evaluate(() => (globalThis as unknown as G).oursSync()),
      ));
    } finally {
      await b.close();
    }
    if (pullRun.notes !== NOTES || pullRun.error) {
      throw new Error(`device B holds ${pullRun.notes}/${NOTES} notes (${pullRun.error})`);
    }
    log(
      `ours/${backend}: pull ${(pull.ms / 1000).toFixed(1)} s (waiting on pulls ` +
        `${s(pullRun.pullWaitMs)}; store ${storeTimes(pullRun.storeMs)}), ` +
        `${pull.requests} requests, ${bytes(pull.wire)} B, ` +
        `${pullRun.changesPulled} changes`,
    );
    return {
      stack: `ours (${backend === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
      createMs: info.createMs,
      push,
      pull,
      pushOnlyMs: pushRun.pushDoneMs,
      changesPulled: pullRun.changesPulled,
      notesOnB: pullRun.notes,
    };
  } finally {
    await relay.close();
    await app.stop();
    await cleanup();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

async function startPeerServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'pouchdb-server.ts'], {
    cwd: PEER_DIR,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`PouchDB server exited with ${code}`)));
  });
  return {
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function runPeer(inspectionId: string): Promise<StackResult> {
  const server = await startPeerServer();
  const relay = await countingRelay({ host: '127.0.0.1', port: server.port });
  type G = {
    peerPrepare(p: object): Promise<{ createMs: number }>;
    peerSync(): Promise<PeerRun>;
  };
  const params = (notes: number) => ({
    notes,
    remote: `${relay.url}/notes`,
    inspectionId,
    planId: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-000000000002',
  });
  try {
    const a = await openDevice(relay, 'peer.js');
    let createMs: number;
    let push: Phase;
    let pushRun: PeerRun;
    try {
      await a.page.waitForFunction(
        () => typeof (globalThis as unknown as G).peerSync === 'function',
      );
      ({ createMs } = await a.page.evaluate(
        (p) => (globalThis as unknown as G).peerPrepare(p),
        params(NOTES),
      ));
      log(`peer: ${NOTES} docs written on device A in ${(createMs / 1000).toFixed(1)} s`);
      ({ out: pushRun, phase: push } = await measure(relay, a, 'peer-push', () =>
        a.page.evaluate(() => (globalThis as unknown as G).peerSync()),
      ));
    } finally {
      await a.close();
    }
    if (pushRun.pushed !== NOTES) throw new Error(`peer pushed ${pushRun.pushed}/${NOTES}`);
    log(
      `peer: push ${(push.ms / 1000).toFixed(1)} s, ${push.requests} requests, ${bytes(push.wire)} B`,
    );
    const b = await openDevice(relay, 'peer.js');
    let pull: Phase;
    let pullRun: PeerRun;
    try {
      await b.page.waitForFunction(
        () => typeof (globalThis as unknown as G).peerSync === 'function',
      );
      await b.page.evaluate((p) => (globalThis as unknown as G).peerPrepare(p), params(0));
      ({ out: pullRun, phase: pull } = await measure(relay, b, 'peer-pull', () =>
        b.page.evaluate(() => (globalThis as unknown as G).peerSync()),
      ));
    } finally {
      await b.close();
    }
    if (pullRun.docs !== NOTES) throw new Error(`peer device B holds ${pullRun.docs}/${NOTES}`);
    log(
      `peer: pull ${(pull.ms / 1000).toFixed(1)} s, ${pull.requests} requests, ${bytes(pull.wire)} B`,
    );
    return {
      stack: 'peer: PouchDB 9 + express-pouchdb 4.2 (memory)',
      createMs,
      push,
      pull,
      pushOnlyMs: null,
      changesPulled: null,
      notesOnB: pullRun.docs,
    };
  } finally {
    await relay.close();
    await server.stop();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** The round with the median total time (the lower middle one of an even count). */
function medianRound(runs: readonly StackResult[]): StackResult {
  const sorted = [...runs].sort((a, b) => total(a).ms - total(b).ms);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
const storeTimes = (byMethod: Record<string, number>) =>
  Object.entries(byMethod)
    .map(([name, ms]) => `${name} ${s(ms)}`)
    .join(', ');
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const x = (n: number) => `${n.toFixed(2)}×`;

async function main(): Promise<void> {
  ensurePeerInstalled();
  mkdirSync(OUT, { recursive: true });
  await bundle('notes-sync/ours.page.ts', 'ours.js');
  await bundle('pouchdb-peer/pouchdb.page.ts', 'peer.js');
  const loadBefore = os.loadavg();
  const started = new Date();

  // Rounds interleave the stacks, so a slow minute on the machine falls on all of them alike.
  const rounds: { ours: StackResult[]; peer: StackResult | null }[] = [];
  for (let round = 1; round <= RUNS; round++) {
    if (RUNS > 1) log(`round ${round} of ${RUNS}`);
    const ours: StackResult[] = [];
    for (const backend of BACKENDS) ours.push(await runOurs(backend));
    const peer = process.env.BENCH_PEER === '0' ? null : await runPeer(crypto.randomUUID());
    rounds.push({ ours, peer });
  }
  const ours = BACKENDS.map((_, k) => medianRound(rounds.map((r) => r.ours[k]!)));
  const peerRounds = rounds.flatMap((r) => (r.peer ? [r.peer] : []));
  if (peerRounds.length === 0) return;
  const peer = medianRound(peerRounds);
  const loadAfter = os.loadavg();
  const roundTotals = [...BACKENDS.map((_, k) => rounds.map((r) => r.ours[k]!)), peerRounds].map(
    (runs) =>
      `${runs[0]!.stack} ${runs.map((r) => s(total(r).ms)).join(', ')} (median ${s(total(medianRound(runs)).ms)})`,
  );
  if (RUNS > 1) log(`totals of the rounds: ${roundTotals.join('; ')}`);

  const machine = await describeMachine(BACKENDS.includes('postgres') ? PG_ADMIN_URL : null);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const version = browser.version();
  await browser.close();
  const p = total(peer);
  const judged = ours.map((r) => {
    const t = total(r);
    const speedup = p.ms / t.ms;
    const byteRatio = t.bytes / p.bytes;
    return {
      r,
      t,
      speedup,
      byteRatio,
      met: speedup >= TARGET_SPEEDUP && byteRatio <= TARGET_BYTES,
    };
  });
  for (const j of judged) {
    log(
      `${j.r.stack}: total ${s(j.t.ms)} vs peer ${s(p.ms)} → ${x(j.speedup)} faster ` +
        `(target ≥ ${TARGET_SPEEDUP}×); bytes ${mb(j.t.bytes)} vs ${mb(p.bytes)} → ${x(j.byteRatio)} ` +
        `(target ≤ ${TARGET_BYTES}×); ${j.met ? 'met' : 'MISSED'}`,
    );
  }
  if (!RECORD) return;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(', ');
  const row = (r: StackResult) => {
    const t = total(r);
    return (
      `| ${r.stack} | ${s(r.push.ms)} | ${s(r.pull.ms)} | ${s(t.ms)} | ` +
      `${r.push.requests} + ${r.pull.requests} = ${t.requests} | ` +
      `${mb(bytes(r.push.wire))} + ${mb(bytes(r.pull.wire))} = ${mb(t.bytes)} | ` +
      `${mb(r.push.wire.sent + r.pull.wire.sent)} / ${mb(r.push.wire.received + r.pull.wire.received)} | ` +
      `${r === peer ? '1×' : x(p.ms / t.ms)} | ${r === peer ? '1×' : x(t.bytes / p.bytes)} |`
    );
  };
  await recordResults(
    judged.map((j) => ({
      benchmark: `${NOTES.toLocaleString('en')} notes pushed + pulled to a fresh device vs PouchDB (${j.r.stack.slice(6, -1)})`,
      target: `≥ ${TARGET_SPEEDUP}× faster, ≤ ${TARGET_BYTES}× bytes`,
      result:
        `${s(j.t.ms)} vs ${s(p.ms)} (${x(j.speedup)}); ${mb(j.t.bytes)} vs ${mb(p.bytes)} ` +
        `(${x(j.byteRatio)}); ${j.t.requests} vs ${p.requests} requests; ${j.met ? 'met' : 'MISSED'}`,
      machine: machineLabel(
        machine,
        `${j.r.stack.includes('PGlite') ? 'PGlite 0.4 (embedded)' : machine.postgres}, Chromium ${version}`,
      ),
      date: today(),
    })),
    {
      key: 'notes-sync',
      markdown: [
        '## 10,000 notes vs PouchDB (`notes-sync.bench.ts`)',
        '',
        `Device A writes ${NOTES.toLocaleString('en')} notes of one visit (100–300 characters of ` +
          'Chinese each, the same seeded texts for both stacks, one local write each), then syncs ' +
          'once (**push**); a fresh device B (a new Chromium profile, IndexedDB on disk, a teammate ' +
          'signed in) syncs once (**pull**). Ours: `SyncEngine.syncNow()` over the real ' +
          '`LocalStore` and tRPC transport against the API process (`api/src/main.ts`, demo seed, ' +
          'fresh database); a run is a push and the pull that confirms it, so A also pulls its own ' +
          'notes back. Peer: PouchDB 9 `pouchdb-browser` (IndexedDB adapter), `db.sync(remote)` ' +
          'against express-pouchdb 4.2 (the server of pouchdb-server, mode `minimumForPouchDB`, ' +
          'which gzips answers) over the in-memory adapter. Bytes: every byte through a TCP relay ' +
          'in front of each server (request and answer headers and bodies); requests: counted by ' +
          'Playwright at the page. Sign-in and the first pull of plans and templates on A are ' +
          `outside the measured phases. Chromium ${version}; ${machine.cores} cores; load average ` +
          `(1, 5, 15 min) ${load(loadBefore)} at the start (${started.toISOString()}), ` +
          `${load(loadAfter)} at the end.` +
          (RUNS > 1
            ? ` Each stack ran ${RUNS} rounds, interleaved (ours on each database, then the peer, ` +
              'then again); the table shows the median round of each by total time. Totals of the ' +
              `rounds: ${roundTotals.join('; ')}.`
            : ''),
        '',
        '| stack | push | pull | total | requests (push + pull) | bytes (push + pull) | sent / received | speed vs peer | bytes vs peer |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...ours.map(row),
        row(peer),
        '',
        `Targets: ≥ ${TARGET_SPEEDUP}× faster than the peer and ≤ ${TARGET_BYTES}× its bytes, in total. ` +
          judged
            .map(
              (j) =>
                `${j.r.stack}: ${x(j.speedup)} and ${x(j.byteRatio)}, **${j.met ? 'met' : 'missed'}**`,
            )
            .join('; ') +
          '.',
        '',
        ...ours.map(
          (r) =>
            `- ${r.stack}: writing the notes on A took ${s(r.createMs)}; inside the push phase the ` +
            `last push answer came at ${s(r.pushOnlyMs ?? 0)}, the rest is A pulling its own ` +
            `notes back; B pulled ${r.changesPulled} changes (the demo seed's plans, templates ` +
            'and units too).',
        ),
        `- peer: writing the docs on A took ${s(peer.createMs)}.`,
      ].join('\n'),
    },
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
