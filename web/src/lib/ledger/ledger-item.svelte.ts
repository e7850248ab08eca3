import {
  availableEvents,
  type LedgerEvent,
  type LedgerItemDetail,
  type Locale,
  type RectificationKind,
  type Role,
} from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { LedgerService } from '$lib/services/ledger.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface LedgerItemDeps {
  ledger: LedgerService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
  role: () => Role | null;
  /** Uploads one evidence file and gives its SHA-256 (the attachments protocol). */
  upload: (file: File) => Promise<string>;
}

/** Events whose dialog must hold a reason before it may be sent (the server says the same). */
export const REASON_REQUIRED: readonly LedgerEvent[] = [
  'verify_fail',
  'reopen',
  'submit_for_verification',
  'report_progress',
];

export interface AssignDraft {
  responsibleUnitId: string;
  responsiblePerson: string;
  kind: RectificationKind;
  deadline: string | null;
  comment: string;
}

/**
 * One ledger item: its details and history, the transitions the caller's role may fire now, and
 * 交办. Every change sends the `updatedAt` last seen, so a change made meanwhile by someone else
 * is refused (CONFLICT) instead of overwritten; the item is then reloaded.
 */
export class LedgerItemManager {
  #item = $state<LedgerItemDetail | null>(null);
  readonly #remote = new RemoteActivity();
  readonly #deps: LedgerItemDeps;

  constructor(deps: LedgerItemDeps) {
    this.#deps = deps;
  }

  get item(): LedgerItemDetail | null {
    return this.#item;
  }
  get busy(): boolean {
    return this.#remote.busy;
  }
  get error(): UserError | null {
    return this.#remote.error;
  }

  /** The buttons to offer: what the shared machine lets this role do in this status. */
  get events(): LedgerEvent[] {
    const role = this.#deps.role();
    if (!this.#item || !role) return [];
    return availableEvents(this.#item.status, role);
  }

  get canAssign(): boolean {
    const status = this.#item?.status;
    return (
      this.#deps.role() === 'supervisor' &&
      status !== undefined &&
      !['verified', 'closed'].includes(status)
    );
  }

  /** 回头看 verdicts of 整改到位 a supervisor may verify on. */
  get rectifiedVerdicts() {
    return (this.#item?.verdicts ?? []).filter((v) => v.verdict === 'rectified');
  }

  /** Uploads evidence files one by one; their hashes go with the next transition. */
  async uploadEvidence(
    files: readonly File[],
  ): Promise<{ hashes: string[]; error: UserError | null }> {
    const hashes: string[] = [];
    const error = await this.#run(async () => {
      for (const file of files) hashes.push(await this.#deps.upload(file));
    });
    return { hashes, error };
  }

  async load(id: string): Promise<UserError | null> {
    if (this.#item?.id !== id) this.#item = null;
    return this.#run(async () => {
      this.#item = await this.#deps.ledger.get(id);
    });
  }

  fire(
    event: LedgerEvent,
    opts: { comment?: string; evidence?: string[]; verdictId?: string } = {},
  ): Promise<UserError | null> {
    const item = this.#item;
    if (!item) return Promise.resolve(null);
    return this.#change(() =>
      this.#deps.ledger.transition({
        id: item.id,
        event,
        expectedUpdatedAt: item.updatedAt,
        comment: opts.comment ?? '',
        evidence: opts.evidence ?? [],
        ...(opts.verdictId ? { verdictId: opts.verdictId } : {}),
      }),
    );
  }

  assign(draft: AssignDraft): Promise<UserError | null> {
    const item = this.#item;
    if (!item) return Promise.resolve(null);
    return this.#change(() =>
      this.#deps.ledger.assign({ id: item.id, expectedUpdatedAt: item.updatedAt, ...draft }),
    );
  }

  /** 以案促改 is the supervisor's, from an item that has a finding. */
  get canPushTypicalCase(): boolean {
    return this.#deps.role() === 'supervisor' && Boolean(this.#item?.findingId);
  }

  /** 以案促改: the case of this item pushed to `unitIds`; resolves with how many items were made. */
  async pushTypicalCase(draft: {
    unitIds: string[];
    measures: string;
    responsiblePerson: string;
    deadline: string | null;
  }): Promise<{ count: number; error: UserError | null }> {
    const item = this.#item;
    if (!item) return { count: 0, error: null };
    let count = 0;
    const error = await this.#run(async () => {
      count = (await this.#deps.ledger.typicalCase({ id: item.id, ...draft })).length;
    });
    return { count, error };
  }

  async #change(action: () => Promise<LedgerItemDetail>): Promise<UserError | null> {
    const id = this.#item!.id;
    const error = await this.#run(async () => {
      this.#item = await action();
    });
    // Someone changed the item meanwhile: show what it is now, keep the error on screen.
    if (error?.kind === 'conflict') {
      try {
        this.#item = await this.#deps.ledger.get(id);
      } catch {
        // The error already on screen says enough.
      }
    }
    return error;
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
