import { sha256OfBlob } from './attachment-uploader';

/*
 * Fetches a file the device lacks from `GET /files/:sha256` and checks its bytes against the
 * hash before anyone stores or shows them: a proxy, a truncated body or a server bug must never
 * turn into "evidence" that differs from what the inspector took.
 */

/** `not_found`: the server has no such file for this user (not uploaded yet, or not theirs). */
export type DownloadFailure = 'not_found' | 'hash_mismatch' | 'network';

export class DownloadError extends Error {
  constructor(readonly reason: DownloadFailure) {
    super(`download failed: ${reason}`);
    this.name = 'DownloadError';
  }
}

export interface AttachmentDownloaderOptions {
  fetch?: typeof fetch;
  /** Origin of the API; '' is the page's own origin. */
  baseUrl?: string;
}

export function createAttachmentDownloader(options: AttachmentDownloaderOptions = {}) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.baseUrl ?? '';

  /** The verified bytes of `sha256`, typed as the server declared them. */
  async function download(sha256: string): Promise<Blob> {
    let res: Response;
    try {
      res = await doFetch(`${base}/files/${sha256}`, { credentials: 'same-origin' });
    } catch {
      throw new DownloadError('network');
    }
    if (res.status === 404) throw new DownloadError('not_found');
    if (!res.ok) throw new DownloadError('network');
    let blob: Blob;
    try {
      blob = await res.blob();
    } catch {
      throw new DownloadError('network');
    }
    if ((await sha256OfBlob(blob)) !== sha256) throw new DownloadError('hash_mismatch');
    const type = res.headers.get('content-type') ?? blob.type;
    return blob.type === type ? blob : new Blob([blob], { type });
  }

  return { download };
}

export type AttachmentDownloader = ReturnType<typeof createAttachmentDownloader>;
