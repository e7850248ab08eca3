import type { SyncRecord } from '@ducha/shared';
import { SvelteSet } from 'svelte/reactivity';
import {
  conflictNotices,
  conflictRecordKey,
  conflictView,
  type ConflictNotice,
  type ConflictScope,
  type ConflictView,
} from './conflicts';
import type { VisitResult, VisitService } from './visit.service';

export type { ConflictNotice } from './conflicts';

const NO_CONFLICTS: readonly ConflictView[] = [];
const NO_NAMES: ReadonlyMap<string, string> = new Map();

export interface VisitConflictsDeps {
  service: VisitService;
  /** The signed-in user's id. */
  me: () => string | null;
  /** Where this visit's records are (read from the visit's state, so placement follows it). */
  scope: () => ConflictScope | null;
  /** Whether answers and notes may be changed (the visit is a draft or returned). */
  editable: () => boolean;
  /** Each settlement's outcome, for the screen's error line. */
  report: (out: VisitResult) => void;
}

/**
 * The visit's unsettled offline conflicts (`conflict` records of its plan), placed next to the
 * answer, note or finding each concerns, with 恢复 / 保留当前. Settling is a local mutation like
 * any other: the notice goes at once, and the server's result arrives with the next pull.
 */
export class VisitConflicts {
  #open = $state.raw<readonly ConflictView[]>(NO_CONFLICTS);
  #names = $state.raw<ReadonlyMap<string, string>>(NO_NAMES);
  readonly #deps: VisitConflictsDeps;

  readonly #busy = new SvelteSet<string>();

  readonly #notices = $derived.by(() =>
    conflictNotices(this.#open, this.#deps.scope(), {
      me: this.#deps.me(),
      names: this.#names,
      editable: this.#deps.editable(),
    }),
  );

  constructor(deps: VisitConflictsDeps) {
    this.#deps = deps;
  }

  /** The plan's conflict records as read from the device. */
  take(rows: readonly SyncRecord[]): void {
    const open: ConflictView[] = [];
    for (const r of rows) {
      const v = conflictView(r);
      if (v) open.push(v);
    }
    this.#open = open.length === 0 ? NO_CONFLICTS : open;
  }

  /** Who is who on the plan's team, by user id. */
  takeNames(names: ReadonlyMap<string, string>): void {
    this.#names = names;
  }

  reset(): void {
    this.#open = NO_CONFLICTS;
    this.#names = NO_NAMES;
    this.#busy.clear();
  }

  /** How many unsettled conflicts the visit has. */
  get count(): number {
    return this.#notices.all.length;
  }

  /** Every notice of the visit, oldest first (the summary at the top). */
  get all(): readonly ConflictNotice[] {
    return this.#notices.all;
  }

  /** Notices of records no longer on the device (deleted), shown in the summary. */
  get detached(): readonly ConflictNotice[] {
    return this.#notices.detached;
  }

  /** Notices to show next to one answer, note or finding. */
  of(type: ConflictView['entity'], id: string): readonly ConflictNotice[] {
    return this.#notices.byRecord.get(conflictRecordKey({ entity: type, recordId: id })) ?? [];
  }

  /** Whether a settlement of this conflict is being saved. */
  isBusy(conflictId: string): boolean {
    return this.#busy.has(conflictId);
  }

  /** 恢复 (the lost value back) or 保留当前 (accept what won). */
  async resolve(notice: ConflictNotice, action: 'restore' | 'keep'): Promise<VisitResult> {
    const id = notice.conflict.id;
    if (this.#busy.has(id)) return { ok: false, reason: 'common.conflict' };
    if (action === 'restore' && !notice.restorable)
      return { ok: false, reason: 'common.not_found' };
    this.#busy.add(id);
    try {
      const out = await this.#deps.service.resolveConflict(id, action);
      this.#deps.report(out);
      return out;
    } finally {
      this.#busy.delete(id);
    }
  }
}
