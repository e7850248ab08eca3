import type { EvidenceRefusal, EvidenceService, EvidenceTarget } from './evidence.service';

/**
 * `checking`…`saving`: on the device; `saved`: stored, waiting for the network; `uploading`:
 * `percent` confirmed by the server; `synced`: the server holds the bytes; `refused`: not stored
 * (`reason`); `server-refused`: stored, but the server will never take it (`reason`).
 */
export type PickStage =
  | 'checking'
  | 'compressing'
  | 'saving'
  | 'saved'
  | 'uploading'
  | 'synced'
  | 'refused'
  | 'server-refused';

export interface PickedFile {
  key: number;
  name: string;
  stage: PickStage;
  percent: number;
  reason: EvidenceRefusal | string | null;
  sha256: string | null;
}

/** The picker's list of files this session, from choosing to the server. */
export class EvidencePickerState {
  #files = $state<PickedFile[]>([]);
  #next = 0;
  readonly #service: Pick<EvidenceService, 'addEvidence' | 'states'>;

  constructor(service: Pick<EvidenceService, 'addEvidence' | 'states'>) {
    this.#service = service;
  }

  get files(): readonly PickedFile[] {
    return this.#files;
  }

  #set(key: number, patch: Partial<PickedFile>): void {
    this.#files = this.#files.map((f) => (f.key === key ? { ...f, ...patch } : f));
  }

  /** Stores the files one after another (a phone has little memory for big photos at once). */
  async add(
    files: readonly (Blob & { name: string; lastModified?: number })[],
    target: EvidenceTarget,
    onAdded?: (added: { sha256: string; recordId: string }) => void,
  ): Promise<void> {
    const keyed = files.map((file) => ({ file, key: ++this.#next }));
    this.#files = [
      ...keyed.map(({ file, key }) => ({
        key,
        name: file.name,
        stage: 'checking' as const,
        percent: 0,
        reason: null,
        sha256: null,
      })),
      ...this.#files,
    ];
    for (const { file, key } of keyed) {
      const out = await this.#service
        .addEvidence(file, target, (stage) => this.#set(key, { stage }))
        .catch(() => ({ ok: false as const, reason: 'unreadable' as const }));
      if (!out.ok) {
        this.#set(key, { stage: 'refused', reason: out.reason });
        continue;
      }
      this.#set(key, { stage: 'saved', sha256: out.sha256 });
      onAdded?.({ sha256: out.sha256, recordId: out.recordId });
    }
  }

  /** Follows uploads: `uploads` is the sync status's SHA-256 → fraction map. */
  async refresh(uploads: Readonly<Record<string, number>>): Promise<void> {
    const stored = this.#files.filter((f) => f.sha256 !== null && f.stage !== 'refused');
    if (stored.length === 0) return;
    const states = await this.#service.states(stored.map((f) => f.sha256!));
    for (const f of stored) {
      const state = states.get(f.sha256!);
      const live = uploads[f.sha256!];
      if (state?.status === 'refused') {
        this.#set(f.key, { stage: 'server-refused', reason: state.error });
      } else if (state?.status === 'uploaded' || state?.status === 'available') {
        this.#set(f.key, { stage: 'synced', percent: 100 });
      } else if (live !== undefined) {
        this.#set(f.key, { stage: 'uploading', percent: Math.floor(live * 100) });
      } else if (f.stage === 'uploading') {
        // The attempt ended without the server holding the file (no network, say): it waits.
        this.#set(f.key, { stage: 'saved', percent: 0 });
      }
    }
  }

  dismiss(key: number): void {
    this.#files = this.#files.filter((f) => f.key !== key);
  }
}
