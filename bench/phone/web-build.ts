import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_BUILD = `${WEB_DIR}build/`;
export const CLIENT_OUT = `${WEB_DIR}.svelte-kit/output/client/`;
const GENERATED = '.svelte-kit/generated/client-optimized/';

/**
 * `vite build` of the web app, as `pnpm --filter @ducha/web build` does. `hiddenSourcemaps`
 * writes .map files without a sourceMappingURL comment, so the JavaScript the browser gets is
 * the same bytes; the maps say which module each byte comes from.
 */
export async function buildWeb(opts: { hiddenSourcemaps: boolean }): Promise<void> {
  const args = [
    'exec',
    'vite',
    'build',
    ...(opts.hiddenSourcemaps ? ['--sourcemap', 'hidden'] : []),
  ];
  const child = spawn('pnpm', args, { cwd: WEB_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`web build failed (exit ${code})`);
}

/*
 * A copy of web/build for the API to serve during a long bench: on a shared checkout another
 * build may replace web/build halfway through the runs.
 */
export function snapshotWebBuild(name: string): string {
  const dest = fileURLToPath(new URL(`../.out/${name}/web-build/`, import.meta.url));
  rmSync(dest, { recursive: true, force: true });
  cpSync(WEB_BUILD, dest, { recursive: true });
  return dest;
}

export function webBuilt(): boolean {
  return existsSync(`${WEB_BUILD}index.html`) && existsSync(`${CLIENT_OUT}.vite/manifest.json`);
}

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface ClientBuild {
  manifest: Record<string, ManifestChunk>;
  /** SvelteKit's route table: route id → node indices (leaf, layouts, error pages). */
  routes: { id: string; leaf: number; layouts: number[]; errors: number[] }[];
}

/*
 * The route table lives in the generated client app module as a JS object literal; a route with a
 * server load is written `~n`, which this SPA never has but is decoded anyway.
 */
export function readClientBuild(): ClientBuild {
  const manifest = JSON.parse(
    readFileSync(`${CLIENT_OUT}.vite/manifest.json`, 'utf8'),
  ) as ClientBuild['manifest'];
  const app = readFileSync(`${WEB_DIR}${GENERATED}app.js`, 'utf8');
  const literal = /export const dictionary = (\{[\s\S]*?\n\t\});/.exec(app)?.[1];
  if (!literal) throw new Error('route dictionary not found in the generated app.js');
  const dictionary = JSON.parse(
    literal.replace(/~(\d+)/g, (_, n: string) => String(Number(n))),
  ) as Record<string, [number, number[]?, number[]?]>;
  const routes = Object.entries(dictionary).map(([id, [leaf, layouts, errors]]) => ({
    id,
    leaf,
    layouts: [0, ...(layouts ?? [])],
    errors: [1, ...(errors ?? [])],
  }));
  return { manifest, routes };
}

export function nodeKey(n: number): string {
  return `${GENERATED}nodes/${n}.js`;
}

export function entryKeys(manifest: ClientBuild['manifest']): string[] {
  const start = Object.keys(manifest).find((k) => k.endsWith('/runtime/client/entry.js'));
  const app = `${GENERATED}app.js`;
  if (!start || !manifest[app]) throw new Error('SvelteKit entry chunks not found in the manifest');
  return [start, app];
}

/** Static import closure of manifest keys: what the browser must fetch before they run. */
export function staticClosure(manifest: ClientBuild['manifest'], roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  roots.forEach(visit);
  return seen;
}

/**
 * Files a first visit to `route` loads: SvelteKit's two entries, the route's layouts and page,
 * and the error pages (the client router preloads those with every route, see
 * kit/src/runtime/client/client.js `load_route`), each with its static imports and CSS.
 */
export function firstVisitFiles(
  build: ClientBuild,
  routeId: string,
): { js: string[]; css: string[]; lazy: string[] } {
  const route = build.routes.find((r) => r.id === routeId);
  if (!route) throw new Error(`no route ${routeId}`);
  const nodes = [...route.layouts, route.leaf, ...route.errors].map(nodeKey);
  const keys = staticClosure(build.manifest, [...entryKeys(build.manifest), ...nodes]);
  const js = new Set<string>();
  const css = new Set<string>();
  const lazy = new Set<string>();
  for (const key of keys) {
    const chunk = build.manifest[key]!;
    if (chunk.file.endsWith('.js')) js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    // The app entry's dynamic imports are the route nodes themselves, counted above when used.
    if (key.endsWith('client-optimized/app.js')) continue;
    for (const dyn of chunk.dynamicImports ?? []) lazy.add(build.manifest[dyn]!.file);
  }
  return { js: [...js], css: [...css], lazy: [...lazy].filter((f) => !js.has(f)) };
}
