/*
 * Uploads an attachment's bytes through the resumable protocol of the API
 * (api/src/attachments/README.md): POST /uploads declares {sha256, size, mime} and answers the
 * upload and its offset (or "exists" when the server already holds the file); PATCH sends chunks
 * from the offset; HEAD tells where the server really is after anything went wrong. The server
 * keeps one upload per user and hash, so a new call after a crash or reload resumes where the
 * bytes stopped instead of starting over.
 */

export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
const CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';

export interface UploadProgress {
  sha256: string;
  /** Bytes the server has accepted. */
  sent: number;
  total: number;
}

export interface AttachmentUpload {
  blob: Blob;
  sha256: string;
  mime: string;
}

export interface AttachmentUploaderOptions {
  fetch?: typeof fetch;
  /** Origin of the API; '' is the page's own origin. */
  baseUrl?: string;
  chunkBytes?: number;
  /** Sent as `x-ducha-locale` so refusals come back in the user's language. */
  locale?: () => string;
  /** Transient failures (network, 5xx, lost answers) retried within one call before giving up. */
  maxRetries?: number;
  /** Waits before retry `attempt` (1, 2, …); injectable so tests do not sleep. */
  wait?: (attempt: number) => Promise<void>;
}

export type UploadOutcome = { status: 'uploaded' | 'exists'; sha256: string };

/**
 * A refusal the server explained (`messageKey`, localized `message`). `retryable` is false when
 * sending the same bytes again cannot help (too large, wrong type, hash mismatch): the device
 * should show `message` on the attachment rather than retry.
 */
export class UploadRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'UploadRefusedError';
  }
}

/** A failure worth retrying later (offline, server down); the next call resumes. */
export class UploadInterruptedError extends Error {
  constructor(cause: unknown) {
    super('upload interrupted', { cause });
    this.name = 'UploadInterruptedError';
  }
}

const FINAL_STATUSES = new Set([400, 413, 415, 422]);

async function refusal(res: Response): Promise<UploadRefusedError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { messageKey?: string; message?: string };
  } | null;
  const key = body?.error?.messageKey ?? `http.${res.status}`;
  return new UploadRefusedError(
    res.status,
    key,
    body?.error?.message ?? `HTTP ${res.status}`,
    !FINAL_STATUSES.has(res.status),
  );
}

/** SHA-256 of a Blob as lower-case hex, the attachment's identity. */
export async function sha256OfBlob(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

class Transient extends Error {}

export function createAttachmentUploader(options: AttachmentUploaderOptions = {}) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.baseUrl ?? '';
  const chunkBytes = options.chunkBytes ?? UPLOAD_CHUNK_BYTES;
  const maxRetries = options.maxRetries ?? 3;
  const wait =
    options.wait ??
    ((attempt: number) => new Promise<void>((r) => setTimeout(r, 500 * 2 ** (attempt - 1))));

  function headers(extra: Record<string, string> = {}): Record<string, string> {
    const locale = options.locale?.();
    return locale ? { 'x-ducha-locale': locale, ...extra } : extra;
  }

  async function send(url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(`${base}${url}`, { credentials: 'same-origin', ...init });
    } catch (err) {
      throw new Transient('network', { cause: err });
    }
    if (res.status >= 500) throw new Transient(`HTTP ${res.status}`);
    return res;
  }

  type Start = { kind: 'exists' } | { kind: 'upload'; id: string; offset: number };

  async function start(file: AttachmentUpload): Promise<Start> {
    const res = await send('/uploads', {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ sha256: file.sha256, size: file.blob.size, mime: file.mime }),
    });
    if (res.status === 200) return { kind: 'exists' };
    if (res.status !== 201) throw await refusal(res);
    const body = (await res.json()) as { uploadId: string; offset: number };
    return { kind: 'upload', id: body.uploadId, offset: body.offset };
  }

  /** The server's offset, or null when the upload is gone (finished, abandoned or purged). */
  async function offsetOf(id: string): Promise<number | null> {
    const res = await send(`/uploads/${id}`, { method: 'HEAD', headers: headers() });
    if (res.status === 404) return null;
    if (res.status !== 200) throw await refusal(res);
    return Number(res.headers.get('upload-offset'));
  }

  async function attempt(
    file: AttachmentUpload,
    report: (sent: number) => void,
    state: { id: string | null },
  ): Promise<{ outcome: UploadOutcome } | { lostUpload: string }> {
    const known = state.id === null ? null : await offsetOf(state.id);
    let id: string;
    let offset: number;
    if (state.id !== null && known !== null) {
      id = state.id;
      offset = known;
    } else {
      const started = await start(file);
      if (started.kind === 'exists') {
        report(file.blob.size);
        return { outcome: { status: 'exists', sha256: file.sha256 } };
      }
      id = started.id;
      offset = started.offset;
    }
    report(offset);
    // Kept for the caller: a retry after a lost answer starts with HEAD on this upload.
    state.id = id;
    for (;;) {
      const end = Math.min(offset + chunkBytes, file.blob.size);
      const chunk = await file.blob.slice(offset, end).arrayBuffer();
      const res = await send(`/uploads/${id}`, {
        method: 'PATCH',
        headers: headers({ 'content-type': CHUNK_CONTENT_TYPE, 'upload-offset': String(offset) }),
        body: chunk,
      });
      if (res.status === 404) return { lostUpload: id };
      if (res.status === 409) {
        const reported = res.headers.get('upload-offset');
        const current = reported === null ? await offsetOf(id) : Number(reported);
        if (current === null) return { lostUpload: id };
        offset = current;
        report(offset);
        continue;
      }
      if (res.status !== 200) throw await refusal(res);
      const body = (await res.json()) as { offset: number; complete: boolean };
      offset = body.offset;
      report(offset);
      if (body.complete) return { outcome: { status: 'uploaded', sha256: file.sha256 } };
    }
  }

  /**
   * Uploads `file`, resuming whatever the server already holds of it. `onProgress` is called
   * with the bytes the server has accepted (never more than it confirmed). Throws
   * UploadRefusedError for a refusal, UploadInterruptedError when the network kept failing.
   */
  async function upload(
    file: AttachmentUpload,
    onProgress?: (progress: UploadProgress) => void,
  ): Promise<UploadOutcome> {
    const total = file.blob.size;
    let lastSent = -1;
    const report = (sent: number) => {
      if (sent === lastSent) return;
      lastSent = sent;
      onProgress?.({ sha256: file.sha256, sent, total });
    };
    const state: { id: string | null } = { id: null };
    let failures = 0;
    for (;;) {
      try {
        const result = await attempt(file, report, state);
        if ('outcome' in result) return result.outcome;
        // The upload vanished: finished by an answer we lost, or purged. Declaring it again
        // says "exists" in the first case and starts over in the second.
        state.id = null;
        if (++failures > maxRetries) throw new UploadInterruptedError(new Error('upload lost'));
      } catch (err) {
        if (!(err instanceof Transient)) throw err;
        if (++failures > maxRetries) throw new UploadInterruptedError(err);
        await wait(failures);
      }
    }
  }

  return { upload };
}

export type AttachmentUploader = ReturnType<typeof createAttachmentUploader>;
