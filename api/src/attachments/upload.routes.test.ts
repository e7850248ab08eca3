import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { login, setupTestEnv, signedIn, type TestEnv } from '../test/harness';
import { attachmentDb } from './attachment.tables';

let env: TestEnv;
let dataDir: string;
let app: ReturnType<typeof createApp>;
const cookies: Record<string, string> = {};
const BASE = 'http://ducha.test';
const MiB = 1024 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ducha-files-'));
  env = await setupTestEnv({ config: { dataDir } });
  app = createApp(env.deps);
  for (const user of ['inspector', 'chenjing', 'liuyang', 'supervisor']) {
    cookies[user] = `ducha_session=${(await login(env.deps, user)).token}`;
  }
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await env.cleanup();
});

function png(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(PNG_SIGNATURE);
  return bytes;
}
// Deep equality over megabytes is slow in vitest; Buffer.equals is a memcmp.
const sameBytes = (a: ArrayBuffer, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type Json = Record<string, unknown> & { error?: { messageKey: string; message: string } };

function create(user: string | null, body: unknown, locale = 'zh-CN') {
  return app.request(`${BASE}/uploads`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ducha-locale': locale,
      ...(user ? { cookie: cookies[user]! } : {}),
    },
    body: JSON.stringify(body),
  });
}

function patch(user: string, id: string, offset: number, chunk: Uint8Array, locale = 'zh-CN') {
  return app.request(`${BASE}/uploads/${id}`, {
    method: 'PATCH',
    headers: {
      cookie: cookies[user]!,
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
      'x-ducha-locale': locale,
    },
    body: chunk,
  });
}

const head = (user: string | null, id: string) =>
  app.request(`${BASE}/uploads/${id}`, {
    method: 'HEAD',
    headers: user ? { cookie: cookies[user]! } : {},
  });

const download = (user: string | null, hash: string) =>
  app.request(`${BASE}/files/${hash}`, { headers: user ? { cookie: cookies[user]! } : {} });

async function start(user: string, bytes: Uint8Array, mime = 'image/png', hash = sha256(bytes)) {
  const res = await create(user, { sha256: hash, size: bytes.length, mime });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { uploadId: string; offset: number };
  return body.uploadId;
}

/** Sends the rest of `bytes` from `offset` in 1 MiB chunks; returns the last response. */
async function sendFrom(user: string, id: string, bytes: Uint8Array, offset: number) {
  let res: Response | null = null;
  for (let at = offset; at < bytes.length; at += MiB) {
    res = await patch(user, id, at, bytes.subarray(at, Math.min(at + MiB, bytes.length)));
    if (res.status !== 200) return res;
  }
  return res!;
}

async function storedFiles(hash: string) {
  return attachmentDb(env.db).selectFrom('files').selectAll().where('sha256', '=', hash).execute();
}

function uploadDirEntries(): string[] {
  const dir = path.join(dataDir, 'uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('resumable upload', () => {
  it('uploads a file in chunks, verifies it and serves it to its uploader', async () => {
    const bytes = png(2 * MiB + 123);
    const hash = sha256(bytes);
    const id = await start('inspector', bytes);
    const last = await sendFrom('inspector', id, bytes, 0);
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ complete: true, sha256: hash, offset: bytes.length });
    expect(existsSync(path.join(dataDir, 'files', hash.slice(0, 2), hash))).toBe(true);
    expect(await storedFiles(hash)).toHaveLength(1);
    expect((await head('inspector', id)).status).toBe(404);

    const res = await download('inspector', hash);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
    expect(sameBytes(await res.arrayBuffer(), bytes)).toBe(true);
  });

  it('resumes an interrupted upload from the offset HEAD reports', async () => {
    const bytes = png(MiB + MiB / 2);
    const id = await start('inspector', bytes);
    expect((await patch('inspector', id, 0, bytes.subarray(0, MiB))).status).toBe(200);

    // The device lost the creation answer and asks again: the same upload, at its offset.
    const again = await create('inspector', {
      sha256: sha256(bytes),
      size: bytes.length,
      mime: 'image/png',
    });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ uploadId: id, offset: MiB });

    const probe = await head('inspector', id);
    expect(probe.status).toBe(200);
    expect(probe.headers.get('upload-offset')).toBe(String(MiB));
    expect(probe.headers.get('upload-length')).toBe(String(bytes.length));

    // A duplicated first chunk (its answer was lost) changes nothing and names the real offset.
    const stale = await patch('inspector', id, 0, bytes.subarray(0, MiB));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('upload-offset')).toBe(String(MiB));
    expect(((await stale.json()) as Json).error?.messageKey).toBe('upload.offset_mismatch');

    const offset = Number(probe.headers.get('upload-offset'));
    const last = await sendFrom('inspector', id, bytes, offset);
    expect(last.status).toBe(200);
    const res = await download('inspector', sha256(bytes));
    expect(sameBytes(await res.arrayBuffer(), bytes)).toBe(true);
  });

  it('refuses bytes whose hash differs from the declared one and keeps nothing', async () => {
    const bytes = png(5000);
    const declared = sha256(png(5000));
    const id = await start('inspector', bytes, 'image/png', declared);
    const res = await patch('inspector', id, 0, bytes, 'en');
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error?.messageKey).toBe('upload.hash_mismatch');
    expect(body.error?.message).toMatch(/SHA-256 mismatch/);
    expect(await storedFiles(declared)).toHaveLength(0);
    expect(uploadDirEntries()).not.toContain(id);
    expect((await head('inspector', id)).status).toBe(404);
    expect((await download('inspector', declared)).status).toBe(404);

    const zh = await start('inspector', bytes, 'image/png', declared);
    const zhRes = await patch('inspector', zh, 0, bytes);
    expect(((await zhRes.json()) as Json).error?.message).toContain('校验失败');
  });

  it('refuses files over the size limit, bytes beyond the declared size and large chunks', async () => {
    const tooBig = await create('inspector', {
      sha256: 'a'.repeat(64),
      size: 25 * MiB + 1,
      mime: 'image/jpeg',
    });
    expect(tooBig.status).toBe(413);
    const body = (await tooBig.json()) as Json;
    expect(body.error?.messageKey).toBe('upload.too_large');
    expect(body.error?.message).toContain('25 MB');

    const bytes = png(1000);
    const id = await start('inspector', bytes);
    const over = await patch('inspector', id, 0, png(1001));
    expect(over.status).toBe(413);
    expect(((await over.json()) as Json).error?.messageKey).toBe('upload.exceeds_declared_size');

    const big = png(3 * MiB);
    const bigId = await start('inspector', big);
    const chunk = await patch('inspector', bigId, 0, big.subarray(0, MiB + 1));
    expect(chunk.status).toBe(413);
    expect(((await chunk.json()) as Json).error?.messageKey).toBe('upload.chunk_too_large');
    expect((await head('inspector', bigId)).headers.get('upload-offset')).toBe('0');
  });

  it('refuses content that does not match the declared type, and unsupported types', async () => {
    const bytes = png(4000);
    const id = await start('inspector', bytes, 'image/jpeg');
    const res = await patch('inspector', id, 0, bytes);
    expect(res.status).toBe(415);
    expect(((await res.json()) as Json).error?.messageKey).toBe('upload.type_mismatch');
    expect((await head('inspector', id)).status).toBe(404);
    expect(uploadDirEntries()).not.toContain(id);

    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const pdfId = await start('inspector', html, 'application/pdf');
    expect((await patch('inspector', pdfId, 0, html)).status).toBe(415);

    const unsupported = await create('inspector', {
      sha256: sha256(html),
      size: html.length,
      mime: 'text/html',
    });
    expect(unsupported.status).toBe(415);
    expect(((await unsupported.json()) as Json).error?.messageKey).toBe('upload.unsupported_type');
  });

  it('does not upload a file the server already holds', async () => {
    const bytes = png(3000);
    const id = await start('inspector', bytes);
    expect((await patch('inspector', id, 0, bytes)).status).toBe(200);

    const res = await create('chenjing', { sha256: sha256(bytes), size: 3000, mime: 'image/png' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'exists', sha256: sha256(bytes) });
    const pending = await attachmentDb(env.db)
      .selectFrom('uploads')
      .select('id')
      .where('sha256', '=', sha256(bytes))
      .execute();
    expect(pending).toHaveLength(0);
    // Knowing the hash is not enough to read the file.
    expect((await download('chenjing', sha256(bytes))).status).toBe(404);
  });

  it('refuses every route without a session', async () => {
    const bytes = png(100);
    const res = await create(null, { sha256: sha256(bytes), size: 100, mime: 'image/png' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Json).error?.messageKey).toBe('auth.unauthenticated');
    const id = await start('inspector', bytes);
    expect((await head(null, id)).status).toBe(401);
    const anonymousPatch = await app.request(`${BASE}/uploads/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: bytes,
    });
    expect(anonymousPatch.status).toBe(401);
    expect((await download(null, sha256(bytes))).status).toBe(401);
  });

  it("keeps an upload to its uploader: another user's HEAD and PATCH answer 404", async () => {
    const bytes = png(2000);
    const id = await start('inspector', bytes);
    expect((await head('liuyang', id)).status).toBe(404);
    const res = await patch('liuyang', id, 0, bytes);
    expect(res.status).toBe(404);
    expect((await head('inspector', id)).headers.get('upload-offset')).toBe('0');
  });
});

describe('download', () => {
  it('serves a file only to who may see a plan that references it; others get 404', async () => {
    const bytes = png(1500);
    const hash = sha256(bytes);
    const id = await start('inspector', bytes);
    expect((await patch('inspector', id, 0, bytes)).status).toBe(200);

    const missing = await download('liuyang', 'b'.repeat(64));
    const hidden = await download('liuyang', hash);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toBe(await missing.text());
    expect((await download('chenjing', hash)).status).toBe(404);

    // Referenced by a plan of 第一检查组 (inspector and chenjing), not of 刘洋's team.
    const teamPlans = await (await signedIn(env.deps, 'inspector')).plan.list();
    const otherPlans = await (await signedIn(env.deps, 'liuyang')).plan.list();
    const plan = teamPlans.find((p) => !otherPlans.some((o) => o.id === p.id) && p.confidential);
    expect(plan).toBeDefined();
    await attachmentDb(env.db)
      .insertInto('file_refs')
      .values({ sha256: hash, plan_id: plan!.id, created_at: new Date() })
      .execute();

    const teammate = await download('chenjing', hash);
    expect(teammate.status).toBe(200);
    expect(sameBytes(await teammate.arrayBuffer(), bytes)).toBe(true);
    expect((await download('liuyang', hash)).status).toBe(404);
    // A confidential visit still under secrecy: not even the province's supervisor.
    expect((await download('supervisor', hash)).status).toBe(404);
    expect((await download('liuyang', 'not-a-hash')).status).toBe(404);
  });
});
