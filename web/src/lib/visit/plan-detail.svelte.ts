import { isInspectionEditable, recordKey, templateRecordId, type MessageKey } from '@ducha/shared';
import type { LocalStore } from '$lib/sync/local-store';
import type { OfflineReadiness } from '$lib/plans/offline-readiness';
import {
  createOfflineReadinessService,
  type OfflineReadinessService,
} from '$lib/plans/offline-readiness.service';
import { recordById, recordsOfPlan, unsyncedKeys } from '$lib/sync/local-queries';
import { NO_KEYS } from './answer-state';
import { currentPlace, type GeoSource, type NoPlaceReason } from './geolocation';
import { LiveSubscriptions } from './live-subscriptions';
import type { VisitService } from './visit.service';
import {
  inspectionView,
  newestFirst,
  planView,
  unitView,
  type InspectionView,
  type PlanView,
  type UnitView,
} from './visit-records';

export interface PlanDetailDeps {
  store: () => LocalStore | null;
  service: VisitService;
  geolocation: () => GeoSource | undefined;
  /** How long to wait for a position before starting without one. */
  locateTimeoutMs?: number;
  /** Whether the plan is usable offline (default: read from `store`). */
  readiness?: OfflineReadinessService;
}

export type StartOutcome =
  { ok: true; id: string; noPlace: NoPlaceReason | null } | { ok: false; reason: MessageKey };

/** The plan screen: the plan, its unit and its visits, all from the device; starting a visit. */
export class PlanDetailManager {
  #plan = $state.raw<PlanView | null>(null);
  #unit = $state.raw<UnitView | null>(null);
  #visits = $state.raw<InspectionView[]>([]);
  #templateOnDevice = $state(false);
  #readiness = $state.raw<OfflineReadiness | null>(null);
  readonly #readinessService: OfflineReadinessService;
  #loaded = $state(false);
  #starting = $state<'idle' | 'locating' | 'saving'>('idle');
  #error = $state<MessageKey | null>(null);
  #unsynced = $state.raw<ReadonlySet<string>>(NO_KEYS);
  #skip: AbortController | null = null;
  readonly #subs = new LiveSubscriptions();
  readonly #deps: PlanDetailDeps;

  constructor(deps: PlanDetailDeps) {
    this.#deps = deps;
    this.#readinessService = deps.readiness ?? createOfflineReadinessService({ store: deps.store });
  }

  /**
   * Whether everything the plan needs offline (plan, checklist, unit, 回头看 targets) is on the
   * device; null until first read.
   */
  get readiness(): OfflineReadiness | null {
    return this.#readiness;
  }

  get plan(): PlanView | null {
    return this.#plan;
  }

  get unit(): UnitView | null {
    return this.#unit;
  }

  /** Newest first. */
  get visits(): readonly InspectionView[] {
    return this.#visits;
  }

  /** The visit to continue rather than start: the newest one still editable. */
  get resumable(): InspectionView | null {
    return this.#visits.find((v) => isInspectionEditable(v.status)) ?? null;
  }

  /** Whether the plan's checklist version has reached the device (the visit can render it). */
  get templateOnDevice(): boolean {
    return this.#templateOnDevice;
  }

  /** The first read from the device is done: a missing plan is really missing. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get starting(): 'idle' | 'locating' | 'saving' {
    return this.#starting;
  }

  get error(): MessageKey | null {
    return this.#error;
  }

  /** The visit's start (or a later change to it) has not reached the server yet. */
  isUnsynced(inspectionId: string): boolean {
    return this.#unsynced.has(recordKey('inspection', inspectionId));
  }

  /** Follows the plan's records on the device; returns the function that stops. */
  open(planId: string): () => void {
    this.#subs.stopAll();
    this.#plan = null;
    this.#unit = null;
    this.#visits = [];
    this.#readiness = null;
    this.#loaded = false;
    this.#error = null;
    const store = this.#deps.store();
    if (!store) return () => undefined;
    const db = store.db;
    const readiness = this.#readinessService.live(planId);
    if (readiness) {
      this.#subs.follow(
        'readiness',
        planId,
        () => readiness,
        (r) => (this.#readiness = r),
      );
    }
    this.#subs.follow(
      'plan',
      planId,
      () => recordById(db, 'plan', planId),
      (r) => {
        const plan = r ? planView(r) : null;
        this.#plan = plan;
        this.#loaded = true;
        this.#followUnit(store, plan?.targetUnitId ?? null);
        this.#followTemplate(store, plan);
      },
      () => (this.#loaded = true),
    );
    this.#subs.follow(
      'visits',
      planId,
      () => recordsOfPlan(db, 'inspection', planId),
      (rows) => (this.#visits = newestFirst(rows.map(inspectionView), (v) => v.startedAt)),
    );
    this.#subs.follow(
      'unsynced',
      '',
      () => unsyncedKeys(db),
      (keys) => (this.#unsynced = keys),
    );
    return () => {
      this.#skip?.abort();
      this.#subs.stopAll();
    };
  }

  #followUnit(store: LocalStore, unitId: string | null): void {
    if (unitId === null) {
      this.#subs.stop('unit');
      this.#unit = null;
      return;
    }
    this.#subs.follow(
      'unit',
      unitId,
      () => recordById(store.db, 'unit', unitId),
      (r) => (this.#unit = r ? unitView(r) : null),
    );
  }

  #followTemplate(store: LocalStore, plan: PlanView | null): void {
    if (!plan?.templateId || plan.templateVersion === null) {
      this.#subs.stop('template');
      this.#templateOnDevice = false;
      return;
    }
    const id = templateRecordId(plan.templateId, plan.templateVersion);
    this.#subs.follow(
      'template',
      id,
      () => recordById(store.db, 'template', id),
      (r) => (this.#templateOnDevice = r !== undefined),
    );
  }

  /**
   * Starts a visit: asks for the position (bounded wait; the user may skip it), then records the
   * start with the plan's template version pinned. Without a position the visit starts anyway
   * and the outcome says why, for the screen to tell the user.
   */
  async start(): Promise<StartOutcome> {
    const plan = this.#plan;
    if (this.#starting !== 'idle') return { ok: false, reason: 'common.conflict' };
    if (!plan || !plan.templateId || plan.templateVersion === null) {
      return { ok: false, reason: 'common.not_found' };
    }
    this.#error = null;
    this.#starting = 'locating';
    this.#skip = new AbortController();
    try {
      const located = await currentPlace(
        this.#deps.geolocation(),
        this.#deps.locateTimeoutMs ?? 5000,
        this.#skip.signal,
      );
      this.#starting = 'saving';
      const out = await this.#deps.service.startVisit({
        planId: plan.id,
        templateId: plan.templateId,
        templateVersion: plan.templateVersion,
        place: located.place,
      });
      if (!out.ok) {
        this.#error = out.reason;
        return out;
      }
      return { ok: true, id: out.id, noPlace: located.place ? null : located.reason };
    } finally {
      this.#skip = null;
      this.#starting = 'idle';
    }
  }

  /** "不等待定位": start at once without the position. */
  skipLocation(): void {
    this.#skip?.abort();
  }
}
