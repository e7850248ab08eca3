import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  UploadInterruptedError,
  UploadRefusedError,
  createAttachmentUploader,
  sha256OfBlob,
  type UploadProgress,
} from './attachment-uploader';

/**
 * The upload protocol of api/src/attachments in memory: declared uploads with offsets, chunks
 * accepted only at the current offset, SHA-256 verified on the last byte, de-duplication.
 * `faults` lets a test lose a request before or after the server handled it.
 */
class FakeUploadServer {
  files = new Map<string, Uint8Array>();
  uploads = new Map<string, { sha256: string; size: number; bytes: Uint8Array; offset: number }>();
  patchedBytes = 0;
  requests: string[] = [];
  faults: ((method: string) => 'drop-request' | 'drop-response' | null)[] = [];

  fetch: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    const url = String(input);
    this.requests.push(`${method} ${url}`);
    const fault = this.faults.shift()?.(method) ?? null;
    if (fault === 'drop-request') throw new TypeError('Failed to fetch');
    const res = await this.handle(method, url, init);
    if (fault === 'drop-response') throw new TypeError('Failed to fetch');
    return res;
  };

  private async handle(method: string, url: string, init?: RequestInit): Promise<Response> {
    const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers });
    if (method === 'POST' && url === '/uploads') {
      const decl = JSON.parse(String(init?.body)) as { sha256: string; size: number };
      if (this.files.has(decl.sha256)) return json({ status: 'exists', sha256: decl.sha256 }, 200);
      for (const [id, u] of this.uploads) {
        if (u.sha256 === decl.sha256)
          return json({ status: 'created', uploadId: id, offset: u.offset }, 201);
      }
      const id = randomUUID();
      this.uploads.set(id, { ...decl, bytes: new Uint8Array(decl.size), offset: 0 });
      return json({ status: 'created', uploadId: id, offset: 0 }, 201);
    }
    const id = url.replace('/uploads/', '');
    const upload = this.uploads.get(id);
    if (!upload) return new Response(null, { status: 404 });
    if (method === 'HEAD') {
      return new Response(null, {
        status: 200,
        headers: { 'upload-offset': String(upload.offset) },
      });
    }
    const offset = Number(new Headers(init?.headers).get('upload-offset'));
    if (offset !== upload.offset) {
      return json({ error: { messageKey: 'upload.offset_mismatch' } }, 409, {
        'upload-offset': String(upload.offset),
      });
    }
    const chunk = new Uint8Array(init?.body as ArrayBuffer);
    upload.bytes.set(chunk, offset);
    upload.offset += chunk.length;
    this.patchedBytes += chunk.length;
    if (upload.offset < upload.size) return json({ offset: upload.offset, complete: false }, 200);
    this.uploads.delete(id);
    if (createHash('sha256').update(upload.bytes).digest('hex') !== upload.sha256) {
      return json({ error: { messageKey: 'upload.hash_mismatch', message: '文件校验失败' } }, 422);
    }
    this.files.set(upload.sha256, upload.bytes);
    return json({ offset: upload.offset, complete: true }, 200);
  }
}

function blobOf(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
  return new Blob([bytes], { type: 'image/png' });
}

async function fileOf(size: number) {
  const blob = blobOf(size);
  return { blob, sha256: await sha256OfBlob(blob), mime: 'image/png' };
}

const noWait = () => Promise.resolve();

function uploaderFor(server: FakeUploadServer, chunkBytes = 1000) {
  return createAttachmentUploader({ fetch: server.fetch, chunkBytes, wait: noWait });
}

const storedEqual = (server: FakeUploadServer, sha256: string, blob: Blob) =>
  blob.arrayBuffer().then((b) => {
    const stored = server.files.get(sha256);
    return !!stored && Buffer.from(stored).equals(Buffer.from(b));
  });

describe('attachment uploader', () => {
  it('hashes a blob like the server does', async () => {
    const blob = blobOf(10);
    const expected = createHash('sha256')
      .update(new Uint8Array(await blob.arrayBuffer()))
      .digest('hex');
    expect(await sha256OfBlob(blob)).toBe(expected);
  });

  it('uploads in chunks and reports per-file progress up to the total', async () => {
    const server = new FakeUploadServer();
    const file = await fileOf(3500);
    const progress: UploadProgress[] = [];
    const outcome = await uploaderFor(server).upload(file, (p) => progress.push(p));
    expect(outcome).toEqual({ status: 'uploaded', sha256: file.sha256 });
    expect(await storedEqual(server, file.sha256, file.blob)).toBe(true);
    expect(progress.map((p) => p.sent)).toEqual([0, 1000, 2000, 3000, 3500]);
    expect(progress.every((p) => p.total === 3500 && p.sha256 === file.sha256)).toBe(true);
    expect(server.requests.filter((r) => r.startsWith('PATCH'))).toHaveLength(4);
  });

  it('sends nothing when the server already holds the file', async () => {
    const server = new FakeUploadServer();
    const file = await fileOf(2000);
    server.files.set(file.sha256, new Uint8Array(await file.blob.arrayBuffer()));
    const progress: number[] = [];
    const outcome = await uploaderFor(server).upload(file, (p) => progress.push(p.sent));
    expect(outcome.status).toBe('exists');
    expect(server.patchedBytes).toBe(0);
    expect(progress).toEqual([2000]);
  });

  it('resumes an upload a previous session left half done', async () => {
    const server = new FakeUploadServer();
    const file = await fileOf(5000);
    // A first session that stops after two chunks (the app was closed).
    const first = uploaderFor(server);
    server.faults = [null, null, null, ...Array(10).fill(() => 'drop-request')];
    await expect(first.upload(file)).rejects.toBeInstanceOf(UploadInterruptedError);
    expect(server.patchedBytes).toBe(2000);

    server.faults = [];
    const outcome = await uploaderFor(server).upload(file);
    expect(outcome.status).toBe('uploaded');
    expect(server.patchedBytes).toBe(5000);
    expect(await storedEqual(server, file.sha256, file.blob)).toBe(true);
  });

  it('asks HEAD where the server is when an answer was lost, and sends no byte twice', async () => {
    const server = new FakeUploadServer();
    const file = await fileOf(3000);
    // POST ok, first PATCH applied but its answer lost.
    server.faults = [() => null, () => 'drop-response'];
    const outcome = await uploaderFor(server).upload(file);
    expect(outcome.status).toBe('uploaded');
    expect(server.patchedBytes).toBe(3000);
    const methods = server.requests.map((r) => r.split(' ')[0]);
    expect(methods).toEqual(['POST', 'PATCH', 'HEAD', 'PATCH', 'PATCH']);
    expect(await storedEqual(server, file.sha256, file.blob)).toBe(true);
  });

  it('treats a lost answer to the last chunk as done once the server says it exists', async () => {
    const server = new FakeUploadServer();
    const file = await fileOf(800);
    server.faults = [() => null, () => 'drop-response'];
    const outcome = await uploaderFor(server).upload(file);
    // HEAD finds the upload gone (it completed), the new declaration answers "exists".
    expect(outcome.status).toBe('exists');
    expect(server.patchedBytes).toBe(800);
    expect(server.requests.map((r) => r.split(' ')[0])).toEqual(['POST', 'PATCH', 'HEAD', 'POST']);
  });

  it('surfaces a hash mismatch as a final refusal with the server message', async () => {
    const server = new FakeUploadServer();
    const file = { ...(await fileOf(1500)), sha256: 'f'.repeat(64) };
    const error = await uploaderFor(server)
      .upload(file)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(UploadRefusedError);
    expect(error).toMatchObject({
      status: 422,
      messageKey: 'upload.hash_mismatch',
      message: '文件校验失败',
      retryable: false,
    });
    expect(server.files.size).toBe(0);
  });

  it('gives up after the configured retries when the network keeps failing', async () => {
    const server = new FakeUploadServer();
    const file = await fileOf(100);
    server.faults = Array(10).fill(() => 'drop-request');
    const uploader = createAttachmentUploader({ fetch: server.fetch, maxRetries: 2, wait: noWait });
    await expect(uploader.upload(file)).rejects.toBeInstanceOf(UploadInterruptedError);
    expect(server.requests).toHaveLength(3);
  });
});
