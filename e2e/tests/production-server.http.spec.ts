import { expect, test } from '@playwright/test';

// The production process serves the API and the built web app from one origin; these checks
// cover the wiring between the two that neither package's own tests can see.

test('the health check reports a reachable database', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test('the app shell and service worker are always revalidated', async ({ request }) => {
  for (const path of ['/', '/sw.js']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control'], path).toBe('no-cache');
  }
});

test('hashed assets are cached for good', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const asset = /\/_app\/immutable\/[^"'\s]+\.js/.exec(html)?.[0];
  if (!asset) throw new Error('index.html references no hashed script');

  const response = await request.get(asset);
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('immutable');
  expect(response.headers()['content-type']).toContain('javascript');
});

test('unknown app paths fall back to the shell, unknown API paths do not', async ({ request }) => {
  const shell = await (await request.get('/')).text();

  const deepLink = await request.get('/plans/some-plan-id');
  expect(deepLink.status()).toBe(200);
  expect(await deepLink.text()).toBe(shell);

  const api = await request.get('/trpc/no.such.procedure');
  expect(api.status()).toBe(404);
  expect(await api.text()).not.toBe(shell);

  const missingAsset = await request.get('/_app/immutable/no-such-file.js');
  expect(missingAsset.status()).toBe(404);
});
