/*
 * Cold start of 我的计划 (/plans) on Lighthouse's mobile profile with the network off (inspector
 * issue: TTI < 1.5 s, performance >= 95, installable), plus an online run for reference.
 *
 * The real API serves the built web app from a fresh data dir with the demo seed. One browser
 * profile signs in as `inspector`, lets the service worker precache the shell and the plans sync
 * into IndexedDB, and is closed. Every measured run then starts Chromium again on that profile
 * (a cold browser: no process, no memory cache, the service worker not running) and lets a
 * Lighthouse 12 user-flow navigation (storage reset off) open /plans:
 *
 * - online reference: Lighthouse's default mobile profile (simulated throttling, Moto G Power
 *   screen, 150 ms RTT / 1.6 Mbps / CPU ×4);
 * - offline: the API process is stopped and the page's network emulated offline, so every byte
 *   comes from the service worker's cache. Simulated throttling would replay those responses as
 *   slow-4G downloads (Lantern only treats disk-cache hits as local), so this run uses devtools
 *   throttling: the same mobile screen and CPU ×4 applied for real, metrics observed.
 *
 *   pnpm --filter @ducha/bench lighthouse   (BENCH_RUNS=3, CHROMIUM, BENCH_NO_BUILD=1)
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type RunningApp } from './app-process';
import { describeMachine, machineLabel } from './machine';
import {
  loadLighthouse,
  type Browser,
  type CdpSession,
  type Page,
} from './phone/lighthouse-runner';
import { buildWeb, snapshotWebBuild, webBuilt } from './phone/web-build';
import { recordResults, today } from './results';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/*
 * Lighthouse's mobile CPU ×4 assumes a fast desktop host; on a slow or busy one (see the
 * benchmarkIndex recorded with each run) Lighthouse's own guidance is a smaller multiplier.
 */
const CPU = Number(process.env.BENCH_LH_CPU ?? 4);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TARGET_TTI_MS = 1500;
const TARGET_SCORE = 95;
const USERNAME = 'inspector';
const PASSWORD = 'Ducha@2026';
const OUT = fileURLToPath(new URL('.out/lighthouse/', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

type Lh = Awaited<ReturnType<typeof loadLighthouse>>;

async function launch(lh: Lh, profile: string): Promise<Browser> {
  return lh.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    defaultViewport: null,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Signs in, then waits until the plans are on the device and the service worker has the shell. */
async function prepareProfile(lh: Lh, app: RunningApp, profile: string) {
  const browser = await launch(lh, profile);
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(`${app.baseUrl}/login`, { waitUntil: 'load' });
    await page.waitForSelector('#username');
    await page.type('#username', USERNAME);
    await page.type('#password', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForFunction("location.pathname === '/plans'", { timeout: 60_000 });
    await page.waitForSelector('article.plan', { timeout: 60_000 });
    await page.waitForFunction(
      `navigator.serviceWorker.controller !== null &&
       navigator.serviceWorker.controller.state === 'activated'`,
      { timeout: 120_000 },
    );
    const plans = await page.evaluate<number>("document.querySelectorAll('article.plan').length");
    const precached = await page.evaluate<number>(
      `(async () => { let n = 0; for (const k of await caches.keys()) n += (await (await caches.open(k)).keys()).length; return n; })()`,
    );
    const installability = await checkInstallable(page);
    return {
      plans,
      precached,
      installability,
      version: (await browser.version()).replace(/^\D+\//, ''),
    };
  } finally {
    await browser.close();
  }
}

interface Installability {
  errors: string[];
  manifest: { name?: string; display?: string; startUrl?: string; icons: string[] };
  swControlsPlans: boolean;
}

/*
 * Lighthouse 12 dropped the PWA category and its installable-manifest audit, so this asks
 * Chromium itself (Page.getInstallabilityErrors: the browser's own install criteria, manifest and
 * service worker included) and reads the manifest it parsed.
 */
async function checkInstallable(page: Page): Promise<Installability> {
  const cdp = await page.createCDPSession();
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string; errorArguments: { name: string; value: string }[] }[];
  };
  const { data } = (await cdp.send('Page.getAppManifest')) as { data?: string };
  const manifest = data
    ? (JSON.parse(data) as {
        name?: string;
        display?: string;
        start_url?: string;
        icons?: { sizes?: string; purpose?: string }[];
      })
    : {};
  return {
    errors: installabilityErrors.map(
      (e) => `${e.errorId}${e.errorArguments.map((a) => ` ${a.name}=${a.value}`).join('')}`,
    ),
    manifest: {
      name: manifest.name,
      display: manifest.display,
      startUrl: manifest.start_url,
      icons: (manifest.icons ?? []).map((i) => `${i.sizes ?? '?'} ${i.purpose ?? 'any'}`),
    },
    swControlsPlans: await page.evaluate<boolean>(
      "navigator.serviceWorker.controller !== null && location.pathname === '/plans'",
    ),
  };
}

/*
 * Lighthouse's devtools throttling always sends `Network.emulateNetworkConditions` with
 * `offline: false`, from its own CDP session, before and during the step, and the page follows
 * that session whatever another one asks. So for the offline runs that one command is rewritten
 * to `offline: true` (its CPU ×4 is a separate command and stays): the page loads with
 * `navigator.onLine` false and every request that reaches the network fails, as on a phone in
 * flight mode. Lighthouse drives the page through puppeteer's CDPSession, whose prototype this
 * patches for the duration of one run.
 */
function forceOffline(session: CdpSession): () => void {
  const proto = Object.getPrototypeOf(session) as CdpSession;
  const send = proto.send;
  proto.send = function (this: CdpSession, method, params, ...rest: unknown[]) {
    const p = method === 'Network.emulateNetworkConditions' ? { ...params, offline: true } : params;
    return (send as (...a: unknown[]) => Promise<unknown>).call(this, method, p, ...rest);
  };
  return () => {
    proto.send = send;
  };
}

interface Run {
  tti: number;
  fcp: number;
  lcp: number;
  tbt: number;
  si: number;
  cls: number;
  score: number;
  finalPath: string;
  plansShown: number;
  browserOnline: boolean;
  version: string;
  warnings: string[];
  /** Lighthouse's measure of this host's CPU speed (a mid-range desktop scores about 1000+). */
  benchmarkIndex: number;
}

async function measure(
  lh: Lh,
  profile: string,
  url: string,
  offline: boolean,
  label: string,
): Promise<Run> {
  const browser = await launch(lh, profile);
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    const flow = await lh.startFlow(page, {
      config: { extends: 'lighthouse:default' },
      flags: {
        onlyCategories: ['performance'],
        // Keep the profile: the signed-in session, IndexedDB and the service worker are the point.
        disableStorageReset: true,
        throttling: { cpuSlowdownMultiplier: CPU },
        ...(offline ? { throttlingMethod: 'devtools' } : {}),
      },
    });
    let browserOnline = true;
    if (offline) {
      const cdp = await page.createCDPSession();
      const restore = forceOffline(cdp);
      try {
        await flow.navigate(
          async () => {
            await page.goto(url, { waitUntil: 'load' });
            browserOnline = await page.evaluate<boolean>('navigator.onLine');
          },
          { name: label },
        );
      } finally {
        restore();
      }
    } else {
      await flow.navigate(url, { name: label });
      browserOnline = await page.evaluate<boolean>('navigator.onLine');
    }
    const plansShown = await page
      .waitForSelector('article.plan', { timeout: 10_000 })
      .then(() => page.evaluate<number>("document.querySelectorAll('article.plan').length"))
      .catch(() => 0);
    const { steps } = await flow.createFlowResult();
    const lhr = steps[0]!.lhr;
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, `${label}.json`), JSON.stringify(lhr));
    if (lhr.runtimeError)
      throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const n = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    return {
      tti: n('interactive'),
      fcp: n('first-contentful-paint'),
      lcp: n('largest-contentful-paint'),
      tbt: n('total-blocking-time'),
      si: n('speed-index'),
      cls: n('cumulative-layout-shift'),
      score: Math.round((lhr.categories.performance.score ?? Number.NaN) * 100),
      finalPath: new URL(lhr.finalDisplayedUrl).pathname,
      plansShown,
      browserOnline,
      version: lhr.lighthouseVersion,
      warnings: lhr.runWarnings,
      benchmarkIndex: lhr.environment.benchmarkIndex,
    };
  } finally {
    await browser.close();
  }
}

/* Lighthouse itself says "run again" for a lost trace; on a loaded 2-core host that happens. */
async function measureWithRetry(...args: Parameters<typeof measure>): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(...args);
    } catch (err) {
      const transient =
        err instanceof Error && /NO_NAVSTART|NO_FCP|PROTOCOL_TIMEOUT/.test(err.message);
      if (!transient || attempt === 3) throw err;
      log(`  ${args[4]}: ${err.message.split('\n')[0]}; again`);
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

function summarizeRuns(runs: Run[]) {
  return {
    tti: median(runs.map((r) => r.tti)),
    fcp: median(runs.map((r) => r.fcp)),
    lcp: median(runs.map((r) => r.lcp)),
    tbt: median(runs.map((r) => r.tbt)),
    si: median(runs.map((r) => r.si)),
    cls: median(runs.map((r) => r.cls)),
    score: median(runs.map((r) => r.score)),
    scores: runs.map((r) => r.score).join(', '),
    ttis: runs.map((r) => Math.round(r.tti)).join(', '),
    benchmarkIndex: median(runs.map((r) => r.benchmarkIndex)),
    benchmarkIndexes: runs.map((r) => Math.round(r.benchmarkIndex)).join(', '),
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_NO_BUILD !== '1') {
    log('building the web app…');
    await buildWeb({ hiddenSourcemaps: false });
  } else if (!webBuilt()) {
    throw new Error('no web build: run `pnpm --filter @ducha/web build` or drop BENCH_NO_BUILD');
  }
  const lh = await loadLighthouse();
  const webDir = snapshotWebBuild('lighthouse');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ducha-lh-data-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ducha-lh-profile-'));
  const env = { DATA_DIR: dataDir, SEED_DEMO: '1', WEB_DIR: webDir, NODE_ENV: 'production' };
  let app: RunningApp | null = await startApp(env);
  const online: Run[] = [];
  const offline: Run[] = [];
  let setup: Awaited<ReturnType<typeof prepareProfile>>;
  const loads: number[] = [];
  try {
    const plansUrl = `${app.baseUrl}/plans`;
    setup = await prepareProfile(lh, app, profile);
    log(
      `profile ready: ${setup.plans} plans shown, ${setup.precached} responses precached; ` +
        `installability errors: ${setup.installability.errors.join(', ') || 'none'}`,
    );
    for (let i = 0; i < RUNS; i++) {
      loads.push(os.loadavg()[0]!);
      const r = await measureWithRetry(lh, profile, plansUrl, false, `online-${i + 1}`);
      log(
        `online  #${i + 1}: TTI ${Math.round(r.tti)} ms, score ${r.score}, ${r.finalPath}, ${r.plansShown} plans, benchmarkIndex ${Math.round(r.benchmarkIndex)}`,
      );
      online.push(r);
    }
    await app.stop();
    app = null;
    for (let i = 0; i < RUNS; i++) {
      loads.push(os.loadavg()[0]!);
      const r = await measureWithRetry(lh, profile, plansUrl, true, `offline-${i + 1}`);
      log(
        `offline #${i + 1}: TTI ${Math.round(r.tti)} ms, score ${r.score}, ${r.finalPath}, ` +
          `${r.plansShown} plans, navigator.onLine ${r.browserOnline}, ` +
          `benchmarkIndex ${Math.round(r.benchmarkIndex)}`,
      );
      offline.push(r);
    }
  } finally {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }

  const broken = offline.filter((r) => r.finalPath !== '/plans' || r.plansShown === 0);
  if (broken.length > 0) {
    throw new Error(`offline cold start did not show the plans: ${JSON.stringify(broken[0])}`);
  }
  const on = summarizeRuns(online);
  const off = summarizeRuns(offline);
  const inst = setup.installability;
  const installable = inst.errors.length === 0 && inst.swControlsPlans;
  const met = off.tti < TARGET_TTI_MS && off.score >= TARGET_SCORE && installable;
  const machine = await describeMachine(null);
  const loadNote = `load avg ${loads.map((l) => l.toFixed(1)).join('/')} during runs`;
  const lhVersion = offline[0]!.version;
  const row = (s: typeof on) =>
    `| ${Math.round(s.tti)} (${s.ttis}) | ${s.score} (${s.scores}) | ${Math.round(s.fcp)} | ` +
    `${Math.round(s.lcp)} | ${Math.round(s.si)} | ${Math.round(s.tbt)} | ${s.cls.toFixed(3)} | ` +
    `${s.benchmarkIndexes} |`;
  await recordResults(
    [
      {
        benchmark: 'cold start of /plans offline from the service worker, Lighthouse mobile',
        target: `TTI < ${TARGET_TTI_MS / 1000} s, performance ≥ ${TARGET_SCORE}, installable`,
        result:
          `TTI ${Math.round(off.tti)} ms · performance ${off.score} (median of ${RUNS}, devtools ` +
          `throttling CPU ×${CPU}); ${installable ? 'installable' : `NOT installable (${inst.errors.join(', ')})`}; ` +
          `online reference (simulated): TTI ${Math.round(on.tti)} ms · ${on.score}; ${met ? 'met' : 'MISSED'}`,
        machine: machineLabel(machine, `Chromium ${setup.version}, Lighthouse ${lhVersion}`),
        date: today(),
      },
    ],
    {
      key: 'lighthouse',
      markdown: [
        '## Cold start on the Lighthouse mobile profile (`lighthouse.bench.ts`)',
        '',
        `Lighthouse ${lhVersion} (user-flow navigation, storage reset off, performance only) in ` +
          `headless Chromium ${setup.version}, mobile form factor and screen. The API served the ` +
          'built app from a fresh data dir with the demo seed; one profile signed in as ' +
          `\`inspector\`, showed ${setup.plans} plans and let the service worker precache ` +
          `${setup.precached} responses. Each run starts Chromium again on that profile (cold ` +
          'browser, service worker not running) and opens `/plans`. **Offline**: the API process ' +
          'is stopped and the page is emulated offline (`navigator.onLine` false), so the shell ' +
          'comes from the service worker and the plans from IndexedDB; with devtools throttling ' +
          `(CPU ×${CPU} applied for real, metrics observed), because simulated throttling would ` +
          'replay the service-worker responses as slow-4G downloads. **Online**: Lighthouse\u2019s ' +
          `default mobile profile (simulated 150 ms RTT, 1.6 Mbps, CPU ×${CPU}) on the same warm ` +
          `profile. Medians of ${RUNS} runs (each run in brackets); times in ms; ${loadNote}. ` +
          'benchmarkIndex is Lighthouse\u2019s measure of the host CPU at the time of each run; ' +
          'its throttling guidance assumes about 1000 or more for CPU ×4 to stand for a mid-range ' +
          'phone (a slower or busier host makes every CPU-bound figure proportionally worse).',
        '',
        '| run | TTI | performance | FCP | LCP | Speed Index | TBT | CLS | benchmarkIndex |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        `| offline, devtools throttling ${row(off)}`,
        `| online, simulated throttling ${row(on)}`,
        '',
        `Installability (Chromium \`Page.getInstallabilityErrors\`, as Lighthouse 12 no longer ` +
          `audits it): ${inst.errors.length === 0 ? 'no errors' : inst.errors.join(', ')}; manifest ` +
          `"${inst.manifest.name ?? '—'}", display \`${inst.manifest.display ?? '—'}\`, start_url ` +
          `\`${inst.manifest.startUrl ?? '—'}\`, icons ${inst.manifest.icons.join(', ') || 'none'}; ` +
          `the service worker controls \`/plans\`: ${inst.swControlsPlans ? 'yes' : 'no'}.`,
      ].join('\n'),
    },
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
