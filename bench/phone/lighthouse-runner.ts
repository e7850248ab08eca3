import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * Lighthouse lives outside the pnpm workspace (bench/lighthouse-runner, installed on demand):
 * Lighthouse 13 needs Node 22, 12.x runs on Node 20, and neither belongs in the default install.
 */
const RUNNER = fileURLToPath(new URL('../lighthouse-runner/', import.meta.url));

export function ensureLighthouse(): void {
  if (existsSync(`${RUNNER}node_modules/lighthouse/package.json`)) return;
  process.stdout.write('installing Lighthouse into bench/lighthouse-runner…\n');
  const npm = spawnSync(
    'npm',
    ['install', '--prefix', RUNNER, '--no-audit', '--no-fund', '--ignore-scripts'],
    { stdio: 'inherit' },
  );
  if (npm.status !== 0) throw new Error('npm install of Lighthouse failed');
}

/* The few shapes this bench uses from Lighthouse 12 and puppeteer-core 24 (no types imported). */
export interface AuditResult {
  numericValue?: number;
  score: number | null;
  displayValue?: string;
}
export interface Lhr {
  lighthouseVersion: string;
  finalDisplayedUrl: string;
  runtimeError?: { code: string; message: string };
  runWarnings: string[];
  environment: { benchmarkIndex: number };
  configSettings: { throttlingMethod: string; formFactor: string };
  categories: { performance: { score: number | null } };
  audits: Record<string, AuditResult & { details?: { items?: unknown[] } }>;
}
export interface CdpSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
}
export interface Page {
  goto(url: string, opts?: Record<string, unknown>): Promise<unknown>;
  url(): string;
  evaluate<T>(fn: string): Promise<T>;
  waitForFunction(fn: string, opts?: Record<string, unknown>): Promise<unknown>;
  waitForSelector(selector: string, opts?: Record<string, unknown>): Promise<unknown>;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  createCDPSession(): Promise<CdpSession>;
}
export interface Browser {
  newPage(): Promise<Page>;
  pages(): Promise<Page[]>;
  version(): Promise<string>;
  close(): Promise<void>;
}
export interface UserFlow {
  navigate(
    requestor: string | (() => Promise<void>),
    opts?: { name?: string; flags?: Record<string, unknown> },
  ): Promise<void>;
  createFlowResult(): Promise<{ steps: { lhr: Lhr }[] }>;
}

interface Modules {
  startFlow(
    page: Page,
    opts: { config?: unknown; flags?: Record<string, unknown> },
  ): Promise<UserFlow>;
  launch(opts: Record<string, unknown>): Promise<Browser>;
}

export async function loadLighthouse(): Promise<Modules> {
  ensureLighthouse();
  const from = (p: string) => pathToFileURL(`${RUNNER}node_modules/${p}`).href;
  const lighthouse = (await import(from('lighthouse/core/index.js'))) as {
    startFlow: Modules['startFlow'];
  };
  const puppeteer = (await import(from('puppeteer-core/lib/esm/puppeteer/puppeteer-core.js'))) as {
    default: { launch: Modules['launch'] };
  };
  return {
    startFlow: lighthouse.startFlow,
    launch: (opts) => puppeteer.default.launch(opts),
  };
}
