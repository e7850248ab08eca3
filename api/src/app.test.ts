import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { createLogger } from './logger';
import { setupTestEnv, testConfig, type TestEnv } from './test/harness';
import { openTestDatabase } from './test/test-db';
import { ManualClock } from './clock';
import { silentLogger } from './logger';
import { DEMO_PASSWORD } from './seed/demo-data';

let env: TestEnv;
let webDir: string;
let app: ReturnType<typeof createApp>;
const logLines: string[] = [];

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'ducha-web-'));
  mkdirSync(path.join(webDir, '_app', 'immutable'), { recursive: true });
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>督查</title>');
  writeFileSync(path.join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(path.join(webDir, '_app', 'immutable', 'entry.abc123.js'), 'export {};');
  writeFileSync(path.join(webDir, 'manifest.webmanifest'), '{}');
  env = await setupTestEnv({ config: { webDir } });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = createApp({ ...env.deps, logger: createLogger('info', sink) });
});
afterAll(async () => {
  rmSync(webDir, { recursive: true, force: true });
  await env.cleanup();
});

const BASE = 'http://ducha.test';

function post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(`${BASE}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

type ErrorBody = {
  error: {
    message: string;
    code: number;
    data: {
      code: string;
      httpStatus: number;
      messageKey: string;
      issues?: { path: string; message: string }[];
      retryAfterSeconds?: number;
    };
  };
};

async function loginCookie(username = 'inspector'): Promise<string> {
  const res = await post('/trpc/auth.login', { username, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie()[0]!;
  return cookie.split(';', 1)[0]!;
}

async function countLoginAttempts(): Promise<number> {
  const rows = await env.db.selectFrom('login_attempts').select('id').execute();
  return rows.length;
}

describe('GET /healthz', () => {
  it('answers ok when the database does', async () => {
    const res = await app.request(`${BASE}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 503 when the database does not', async () => {
    const gone = await openTestDatabase({ migrate: false });
    await gone.cleanup();
    const deps: AppDeps = {
      db: gone.db,
      clock: new ManualClock(),
      config: testConfig(),
      logger: silentLogger,
    };
    // The schema is dropped and the Kysely destroyed: nothing answers any more.
    const res = await createApp(deps).request(`${BASE}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false });
  });
});

describe('request ids', () => {
  it('echoes a well-formed incoming id and makes one otherwise', async () => {
    const given = await app.request(`${BASE}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await app.request(`${BASE}/healthz`, { headers: { 'x-request-id': 'bad id!' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const url of ['/trpc/auth.me', '/', '/sw.js']) {
      const res = await app.request(`${BASE}${url}`, { headers: { 'x-request-id': 'rid-42' } });
      expect(res.headers.get('x-request-id')).toBe('rid-42');
    }
  });
});

describe('sessions over HTTP', () => {
  it('login sets the cookie, the cookie opens the session, logout closes it', async () => {
    const cookie = await loginCookie();
    const me = await app.request(`${BASE}/trpc/auth.me`, { headers: { cookie } });
    expect(me.headers.get('cache-control')).toBe('no-store');
    const body = (await me.json()) as { result: { data: { username: string } } };
    expect(body.result.data.username).toBe('inspector');

    const out = await post('/trpc/auth.logout', {}, { cookie });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^ducha_session=;.*Max-Age=0/);
    const after = await app.request(`${BASE}/trpc/auth.me`, { headers: { cookie } });
    expect(((await after.json()) as { result: { data: unknown } }).result.data).toBeNull();
  });

  it('uses __Host- and Secure over HTTPS', async () => {
    const res = await app.request('https://ducha.test/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
    });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(
      /^__Host-ducha_session=[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/,
    );
  });

  it('trusts X-Forwarded-Proto only when TRUST_PROXY is set', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    const untrusted = await post(
      '/trpc/auth.login',
      { username: 'leader', password: DEMO_PASSWORD },
      headers,
    );
    expect(untrusted.headers.getSetCookie()[0]).toMatch(/^ducha_session=/);
    const proxied = createApp({ ...env.deps, config: { ...env.deps.config, trustProxy: true } });
    const trusted = await proxied.request(`${BASE}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
    });
    expect(trusted.headers.getSetCookie()[0]).toMatch(/^__Host-ducha_session=.*; Secure$/);
  });

  it('a wrong password gets the contract error in Chinese by default and in English on request', async () => {
    const zh = await post('/trpc/auth.login', {
      username: 'inspector',
      password: 'not-the-password',
    });
    expect(zh.status).toBe(401);
    const zhBody = (await zh.json()) as ErrorBody;
    expect(zhBody.error.message).toBe('用户名或密码错误');
    expect(zhBody.error.data).toMatchObject({
      code: 'UNAUTHORIZED',
      messageKey: 'auth.invalid_credentials',
    });

    const en = await post(
      '/trpc/auth.login',
      { username: 'inspector', password: 'not-the-password' },
      { 'x-ducha-locale': 'en' },
    );
    const enBody = (await en.json()) as ErrorBody;
    expect(enBody.error.message).toBe('Incorrect username or password');
    expect(JSON.stringify(enBody)).not.toMatch(/stack/);
  });

  it('rate limiting answers 429 with retryAfterSeconds', async () => {
    const app2 = createApp({ ...env.deps, config: { ...env.deps.config, trustProxy: true } });
    const attempt = () =>
      app2.request(`${BASE}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.77' },
        body: JSON.stringify({ username: 'zhoumin', password: 'wrong-password' }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const res = await attempt();
    expect(res.status).toBe(429);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.data.messageKey).toBe('auth.rate_limited');
    expect(body.error.data.retryAfterSeconds).toBe(30);
    expect(body.error.message).toContain('30');
  });
});

describe('bad input gets a 4xx and changes nothing', () => {
  it('zod failures are 400 with localized issues', async () => {
    const before = await countLoginAttempts();
    const zh = await post('/trpc/auth.login', { username: 'a', password: 123 });
    expect(zh.status).toBe(400);
    const zhBody = (await zh.json()) as ErrorBody;
    expect(zhBody.error.data.messageKey).toBe('common.validation_failed');
    expect(zhBody.error.message).toBe('输入有误，请检查后重试');
    const paths = zhBody.error.data.issues!.map((i) => i.path).sort();
    expect(paths).toEqual(['password', 'username']);
    expect(zhBody.error.data.issues!.every((i) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true);

    const en = await post(
      '/trpc/auth.login',
      { username: 'a', password: 123 },
      { 'x-ducha-locale': 'en' },
    );
    const enBody = (await en.json()) as ErrorBody;
    expect(enBody.error.message).toBe('Some input is invalid. Please check and try again');
    expect(enBody.error.data.issues!.every((i) => !/[\u4e00-\u9fff]/.test(i.message))).toBe(true);
    expect(await countLoginAttempts()).toBe(before);
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const before = await countLoginAttempts();
    const res = await post('/trpc/auth.login', '{"username": "inspector", ');
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.data).toMatchObject({
      code: 'PARSE_ERROR',
      messageKey: 'common.bad_request',
    });
    expect(body.error.message).toBe('请求无效');
    const get = await app.request(`${BASE}/trpc/plan.get?input=%7Bnot-json`);
    expect(get.status).toBe(400);
    expect(await countLoginAttempts()).toBe(before);
  });

  it('a non-JSON mutation is refused (CSRF)', async () => {
    const before = await countLoginAttempts();
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await app.request(`${BASE}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ username: 'inspector', password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(415);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await countLoginAttempts()).toBe(before);
  });

  it('an oversized body is a 413 in the caller’s language', async () => {
    const big = JSON.stringify({ username: 'inspector', password: 'x'.repeat(2 * 1024 * 1024) });
    const zh = await post('/trpc/auth.login', big);
    expect(zh.status).toBe(413);
    expect(((await zh.json()) as ErrorBody).error.message).toBe('请求内容过大');
    const en = await post('/trpc/auth.login', big, { 'x-ducha-locale': 'en' });
    expect(en.status).toBe(413);
    expect(((await en.json()) as ErrorBody).error).toMatchObject({
      message: 'The request is too large',
      data: { messageKey: 'common.payload_too_large' },
    });
    // Without a Content-Length header too (a streamed body).
    const streamed = await app.request(`${BASE}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('an oversized batch is a 400 in the caller’s language', async () => {
    const paths = Array.from({ length: 60 }, () => 'auth.me').join(',');
    const res = await app.request(`${BASE}/trpc/${paths}?batch=1&input=%7B%7D`, {
      headers: { 'x-ducha-locale': 'en' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody | ErrorBody[];
    const first = Array.isArray(body) ? body[0]! : body;
    expect(first.error).toMatchObject({
      message: 'Invalid request',
      data: { messageKey: 'common.bad_request' },
    });
  });

  it('an unknown procedure is a 404', async () => {
    const res = await app.request(`${BASE}/trpc/nothing.here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.data.messageKey).toBe('common.not_found');
  });

  it('a hidden plan and a missing plan get byte-identical answers', async () => {
    const cookie = await loginCookie('supervisor');
    const secret = await env.db
      .selectFrom('plans')
      .select('id')
      .where('title', 'like', '%南屿县%')
      .executeTakeFirstOrThrow();
    const ask = async (id: string) => {
      const res = await app.request(
        `${BASE}/trpc/plan.get?input=${encodeURIComponent(JSON.stringify({ id }))}`,
        { headers: { cookie } },
      );
      return { status: res.status, body: await res.text() };
    };
    const hidden = await ask(secret.id);
    const missing = await ask(randomUUID());
    expect(hidden.status).toBe(404);
    expect(hidden).toEqual(missing);
  });
});

describe('compressed bodies', () => {
  it('inflates a gzipped request and gzips a large answer for a client that accepts it', async () => {
    const cookie = await loginCookie();
    const deviceId = randomUUID();
    const body = gzipSync(
      JSON.stringify({ deviceId, cursor: null, limit: 1000, schemaVersion: 2 }),
    );
    const res = await app.request(`${BASE}/trpc/sync.pull`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'accept-encoding': 'gzip',
        cookie,
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const packed = Buffer.from(await res.arrayBuffer());
    const answer = JSON.parse(gunzipSync(packed).toString('utf8')) as {
      result: { data: { changes: unknown[] } };
    };
    // The demo's plans, templates and units: far more than the 1 KiB threshold, far less gzipped.
    expect(answer.result.data.changes.length).toBeGreaterThan(10);
    expect(packed.length).toBeLessThan(gunzipSync(packed).length / 2);
  });

  it('refuses a body that inflates beyond the limit, a broken stream and unknown encodings', async () => {
    const before = await countLoginAttempts();
    const send = (body: Uint8Array | string, encoding: string) =>
      app.request(`${BASE}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
    const bomb = gzipSync(
      JSON.stringify({ username: 'inspector', password: 'x'.repeat(4 * 1024 * 1024) }),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    const tooBig = await send(bomb, 'gzip');
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as ErrorBody).error.data.messageKey).toBe(
      'common.payload_too_large',
    );
    const broken = await send(gzipSync('{"username":"inspector"}').subarray(0, 12), 'gzip');
    expect(broken.status).toBe(400);
    const unknown = await send('{}', 'br');
    expect(unknown.status).toBe(415);
    expect(await countLoginAttempts()).toBe(before);
  });
});

describe('unexpected failures', () => {
  it('are a 500 with a generic message and nothing internal', async () => {
    const bare = await openTestDatabase({ migrate: false });
    try {
      const broken = createApp({
        db: bare.db,
        clock: new ManualClock(),
        config: testConfig(),
        logger: silentLogger,
      });
      const res = await broken.request(`${BASE}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ducha-locale': 'en' },
        body: JSON.stringify({ username: 'inspector', password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(500);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.message).toBe('Internal server error. Please try again later');
      expect(body.error.data.messageKey).toBe('common.internal');
      expect(JSON.stringify(body)).not.toMatch(/relation|login_attempts|select/i);
    } finally {
      await bare.cleanup();
    }
  });
});

describe('the web app', () => {
  it('serves index.html with no-cache at / and as the SPA fallback', async () => {
    for (const p of ['/', '/plans', '/plans/123']) {
      const res = await app.request(`${BASE}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>督查</title>');
    }
  });

  it('serves the service worker uncached and hashed assets as immutable', async () => {
    const sw = await app.request(`${BASE}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-type')).toContain('javascript');
    const asset = await app.request(`${BASE}/_app/immutable/entry.abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifest = await app.request(`${BASE}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
  });

  it('sends the brotli or gzip copy made at build time to a client that takes it', async () => {
    const js = 'export const big = "' + '督查'.repeat(2000) + '";';
    const name = '_app/immutable/chunk.zip123.js';
    writeFileSync(path.join(webDir, name), js);
    writeFileSync(path.join(webDir, `${name}.br`), brotliCompressSync(js));
    writeFileSync(path.join(webDir, `${name}.gz`), gzipSync(js));
    const get = (acceptEncoding?: string) =>
      app.request(`${BASE}/${name}`, {
        headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      });

    const br = await get('gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toContain('accept-encoding');
    expect(br.headers.get('content-type')).toContain('javascript');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(js);
    const gz = await get('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js);
    expect(gz.headers.get('etag')).not.toBe(br.headers.get('etag'));
    const refused = await get('br;q=0, gzip;q=0');
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(await refused.text()).toBe(js);
    // A file with no compressed copy goes as it is, whatever the client takes.
    const sw = await app.request(`${BASE}/sw.js`, { headers: { 'accept-encoding': 'br' } });
    expect(sw.headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.request(`${BASE}/sw.js`);
    const etag = first.headers.get('etag')!;
    const again = await app.request(`${BASE}/sw.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('keeps missing hashed assets a 404 and never leaves the build directory', async () => {
    expect((await app.request(`${BASE}/_app/immutable/missing.js`)).status).toBe(404);
    const escape = await app.request(`${BASE}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await escape.text()).not.toContain('root:');
  });

  it('explains itself when the web app is not built', async () => {
    const bare = createApp({
      ...env.deps,
      config: { ...env.deps.config, webDir: path.join(webDir, 'missing') },
    });
    const res = await bare.request(`${BASE}/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('pnpm build');
  });
});

describe('logs', () => {
  it('record method, path, status and request id, and no secrets', async () => {
    logLines.length = 0;
    const cookie = await loginCookie('leader');
    await app.request(`${BASE}/trpc/plan.list`, {
      headers: { cookie, 'x-request-id': 'log-check-1' },
    });
    const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = entries.find((e) => e.reqId === 'log-check-1');
    expect(line).toMatchObject({ method: 'GET', path: '/trpc/plan.list', status: 200 });
    expect(typeof line?.durationMs).toBe('number');
    const all = logLines.join('\n');
    expect(all).not.toContain(DEMO_PASSWORD);
    expect(all).not.toContain(cookie.split('=')[1]!);
  });
});
