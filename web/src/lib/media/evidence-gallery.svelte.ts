import type { DownloadFailure } from '$lib/sync/attachment-downloader';
import type { EvidenceEntry, EvidenceService } from './evidence.service';

export interface GalleryTile extends EvidenceEntry {
  /** Object URL of the stored thumbnail, if any. */
  thumbUrl: string | null;
  downloading: boolean;
  downloadError: DownloadFailure | null;
}

/** A visit's (or item's) attachments from the device, with on-demand downloads. */
export class EvidenceGalleryState {
  #tiles = $state<GalleryTile[]>([]);
  #viewing = $state<{ url: string; name: string; image: boolean } | null>(null);
  // A plain cache of object URLs (to revoke later); the screen reads `#tiles`, not this.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #urls = new Map<string, string>();
  readonly #service: Pick<EvidenceService, 'list' | 'thumbnail' | 'open' | 'download'>;

  constructor(service: Pick<EvidenceService, 'list' | 'thumbnail' | 'open' | 'download'>) {
    this.#service = service;
  }

  get tiles(): readonly GalleryTile[] {
    return this.#tiles;
  }

  get viewing() {
    return this.#viewing;
  }

  /**
   * Reads the tiles: the visit's attachments (`itemId` undefined), its own (null) or an item's;
   * only `hashes` when given (once each, in that order: the same file attached twice is one piece
   * of evidence); never those in `exclude`.
   */
  async load(
    inspectionId: string,
    itemId?: string | null,
    hashes?: readonly string[],
    exclude?: ReadonlySet<string>,
  ) {
    let entries = await this.#service.list(inspectionId, itemId);
    if (hashes) {
      // A local lookup, not state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const bySha = new Map(entries.map((e) => [e.sha256, e] as const).reverse());
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      entries = [...new Set(hashes)].flatMap((h) => bySha.get(h) ?? []);
    }
    if (exclude) entries = entries.filter((e) => !exclude.has(e.sha256));
    // A local lookup, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const previous = new Map(this.#tiles.map((t) => [t.sha256, t]));
    const tiles: GalleryTile[] = [];
    for (const e of entries) {
      let url = this.#urls.get(e.sha256) ?? null;
      if (!url && (e.hasThumbnail || e.file.local)) {
        const blob = await this.#service.thumbnail(e.sha256);
        if (blob) {
          url = URL.createObjectURL(blob);
          this.#urls.set(e.sha256, url);
        }
      }
      const old = previous.get(e.sha256);
      tiles.push({
        ...e,
        thumbUrl: url,
        downloading: old?.downloading ?? false,
        downloadError: old?.downloadError ?? null,
      });
    }
    this.#tiles = tiles;
  }

  #patch(sha256: string, patch: Partial<GalleryTile>): void {
    this.#tiles = this.#tiles.map((t) => (t.sha256 === sha256 ? { ...t, ...patch } : t));
  }

  /** Fetches a file this device lacks; then shows it. */
  async download(tile: GalleryTile): Promise<void> {
    this.#patch(tile.sha256, { downloading: true, downloadError: null });
    const out = await this.#service.download(tile.sha256);
    if (!out.ok) {
      this.#patch(tile.sha256, { downloading: false, downloadError: out.reason });
      return;
    }
    const thumb = await this.#service.thumbnail(tile.sha256);
    let thumbUrl = this.#urls.get(tile.sha256) ?? null;
    if (!thumbUrl && thumb) {
      thumbUrl = URL.createObjectURL(thumb);
      this.#urls.set(tile.sha256, thumbUrl);
    }
    this.#patch(tile.sha256, {
      downloading: false,
      thumbUrl,
      file: { ...tile.file, local: true, status: 'available' },
    });
    this.#show(out.blob, tile);
  }

  /** Opens the full file from the device. */
  async open(tile: GalleryTile): Promise<void> {
    const blob = await this.#service.open(tile.sha256);
    if (blob) this.#show(blob, tile);
  }

  #show(blob: Blob, tile: GalleryTile): void {
    this.close();
    const url = URL.createObjectURL(blob);
    this.#viewing = { url, name: tile.fileName, image: tile.mimeType.startsWith('image/') };
  }

  close(): void {
    if (this.#viewing) URL.revokeObjectURL(this.#viewing.url);
    this.#viewing = null;
  }

  /** Frees every object URL (the component is going away). */
  dispose(): void {
    this.close();
    for (const url of this.#urls.values()) URL.revokeObjectURL(url);
    this.#urls.clear();
  }
}
