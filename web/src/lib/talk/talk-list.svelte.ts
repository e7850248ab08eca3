import { recordKey, type Me } from '@ducha/shared';
import type { LocalStore } from '$lib/sync/local-store';
import { recordsOfPlan, unsyncedKeys } from '$lib/sync/local-queries';
import { NO_KEYS } from '$lib/visit/answer-state';
import { LiveSubscriptions } from '$lib/visit/live-subscriptions';
import type { CreatedResult } from '$lib/visit/visit.service';
import { talkSummary, talkView, type TalkSummary } from './talk-records';
import type { TalkService } from './talk.service';
import { byCodeUnit } from '$lib/format/compare';

export interface TalkListDeps {
  store: () => LocalStore | null;
  service: TalkService;
  /** The signed-in user: who opens a record is its first participant, as 记录人. */
  me: () => Pick<Me, 'id' | 'displayName'> | null;
}

/** The 约谈 records of one visit, newest first, and opening a new one. */
export class TalkList {
  #talks = $state.raw<TalkSummary[]>([]);
  #unsynced = $state.raw<ReadonlySet<string>>(NO_KEYS);
  readonly #subs = new LiveSubscriptions();
  readonly #deps: TalkListDeps;

  constructor(deps: TalkListDeps) {
    this.#deps = deps;
  }

  get talks(): readonly TalkSummary[] {
    return this.#talks;
  }

  isUnsynced(talkId: string): boolean {
    return this.#unsynced.has(recordKey('talk', talkId));
  }

  open(planId: string, inspectionId: string): () => void {
    this.#subs.stopAll();
    this.#talks = [];
    const store = this.#deps.store();
    if (!store) return () => undefined;
    const db = store.db;
    this.#subs.follow(
      'talks',
      `${planId}/${inspectionId}`,
      () => recordsOfPlan(db, 'talk', planId),
      (rows) =>
        (this.#talks = rows
          .filter((r) => r.fields.inspectionId === inspectionId)
          .map((r) => talkSummary(talkView(r)))
          .sort((a, b) => byCodeUnit(b.heldAt, a.heldAt) || byCodeUnit(a.id, b.id))),
    );
    this.#subs.follow(
      'unsynced',
      '',
      () => unsyncedKeys(db),
      (keys) => (this.#unsynced = keys),
    );
    return () => this.#subs.stopAll();
  }

  /** Opens a 约谈 record in the visit, held now, the signed-in user as its 记录人. */
  create(where: { planId: string; inspectionId: string; unitId: string }): Promise<CreatedResult> {
    const me = this.#deps.me();
    if (!me) return Promise.resolve({ ok: false, reason: 'auth.unauthenticated' });
    return this.#deps.service.create({
      ...where,
      participants: [
        { name: me.displayName, position: '', role: 'recorder', unitId: null, userId: me.id },
      ],
    });
  }
}
