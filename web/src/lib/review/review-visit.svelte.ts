import type { Locale, RectificationItem, ReviewVisit } from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { ReviewRemark, ReviewService } from '$lib/services/review.service';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface ReviewVisitDeps {
  review: ReviewService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

/**
 * One visit under review: what the server says of it, the remarks the reviewer is writing (one
 * per item, and the overall reason), and the two decisions. After a decision the visit is read
 * again; an approval keeps the 整改台账 items it created to show them.
 */
export class ReviewVisitManager {
  #visit = $state<ReviewVisit | null>(null);
  #comments = $state<Record<string, string>>({});
  #reason = $state('');
  #created = $state<RectificationItem[] | null>(null);
  readonly #remote = new RemoteActivity();
  #id: string | null = null;
  readonly #deps: ReviewVisitDeps;

  constructor(deps: ReviewVisitDeps) {
    this.#deps = deps;
  }

  get visit(): ReviewVisit | null {
    return this.#visit;
  }
  get reason(): string {
    return this.#reason;
  }
  get busy(): boolean {
    return this.#remote.busy;
  }
  get error(): UserError | null {
    return this.#remote.error;
  }
  /** The ledger items the last approval created (or found, approving again). */
  get createdItems(): readonly RectificationItem[] | null {
    return this.#created;
  }

  comment(itemId: string): string {
    return this.#comments[itemId] ?? '';
  }

  setComment(itemId: string, text: string): void {
    this.#comments = { ...this.#comments, [itemId]: text };
  }

  setReason(text: string): void {
    this.#reason = text;
  }

  /** The remarks a return would send: every non-blank item comment. */
  get remarks(): ReviewRemark[] {
    return Object.entries(this.#comments)
      .filter(([, text]) => text.trim() !== '')
      .map(([itemId, text]) => ({ itemId, text: text.trim() }));
  }

  /** 退回修改 needs a reason or at least one remark (the server says the same). */
  get canReturn(): boolean {
    return (
      this.#visit?.canDecide === true &&
      (this.#reason.trim() !== '' || this.remarks.length > 0) &&
      !this.#remote.busy
    );
  }

  get canApprove(): boolean {
    return this.#visit?.canDecide === true && !this.#visit.ownVisit && !this.#remote.busy;
  }

  load(id: string): Promise<UserError | null> {
    if (id !== this.#id) {
      this.#id = id;
      this.#visit = null;
      this.#comments = {};
      this.#reason = '';
      this.#created = null;
    }
    return this.#run(() => this.#fetch());
  }

  /** Re-reads quietly after a live hint; the remarks being written stay. */
  async refresh(): Promise<void> {
    if (this.#id === null || this.#remote.busy) return;
    try {
      await this.#fetch();
    } catch {
      // Best effort: the stream hints again.
    }
  }

  returnVisit(): Promise<UserError | null> {
    const id = this.#id;
    if (id === null) return Promise.resolve(null);
    return this.#run(async () => {
      await this.#deps.review.return(id, this.#reason.trim(), this.remarks);
      this.#comments = {};
      this.#reason = '';
      await this.#fetch();
    });
  }

  approve(): Promise<UserError | null> {
    const id = this.#id;
    if (id === null) return Promise.resolve(null);
    return this.#run(async () => {
      const result = await this.#deps.review.approve(id);
      this.#created = result.ledgerItems;
      await this.#fetch();
    });
  }

  async #fetch(): Promise<void> {
    const id = this.#id!;
    const visit = await this.#deps.review.get(id);
    if (id === this.#id) this.#visit = visit;
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
