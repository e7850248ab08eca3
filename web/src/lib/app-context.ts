import { createApiClient } from '$lib/api/trpc-client';
import { localDbFor, planCacheFor } from '$lib/db/local-db';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { browserStore } from '$lib/managers/key-value-store';
import { LocaleManager } from '$lib/managers/locale.svelte';
import { PlansManager } from '$lib/managers/plans.svelte';
import { SessionManager } from '$lib/managers/session.svelte';
import { AdminManager } from '$lib/managers/admin.svelte';
import { UnitsManager } from '$lib/managers/units.svelte';
import { createBackgroundSync, needsBackgroundSync } from '$lib/pwa/background-sync';
import { UpdateManager } from '$lib/pwa/update.svelte';
import { createAdminService } from '$lib/services/admin.service';
import { createAuthService } from '$lib/services/auth.service';
import { createPlanService } from '$lib/services/plan.service';
import { createUnitService } from '$lib/services/unit.service';
import { LocalStore, loadRegistry } from '$lib/sync/local-store';
import { requestPersistentStorage } from '$lib/sync/storage';
import { SyncEngine } from '$lib/sync/sync-engine';
import { SyncSession } from '$lib/sync/sync-session.svelte';
import { createTrpcSyncTransport } from '$lib/sync/trpc-sync-transport';

/*
 * The app's wiring point: one API client, the services over it, and the managers the components
 * read. Components import from here and never reach the network or Dexie directly. What only
 * the visit screens need is wired in visit/visit-context.ts, and search in
 * search/search-context.ts, so that the first page loaded does not carry their code.
 * The app is client-rendered only (ssr = false), so browser globals are safe at import time.
 */
const storage = browserStore();

export const locale = new LocaleManager(storage);
locale.install();

export const connectivity = new ConnectivityManager(navigator.onLine);

const api = createApiClient({ getLocale: () => locale.current });

export const authService = createAuthService(api);
export const planService = createPlanService(api);
export const unitService = createUnitService(api);
export const adminService = createAdminService(api);

export const session = new SessionManager({
  auth: authService,
  storage,
  connectivity,
  locale: () => locale.current,
});

export const plans = new PlansManager({
  plans: planService,
  cacheFor: (userId) => planCacheFor(localDbFor(userId)),
  connectivity,
  locale: () => locale.current,
  onUnauthenticated: () => session.expire(),
});

export const updates = new UpdateManager();

export const units = new UnitsManager(unitService, connectivity, () => locale.current);
export const admin = new AdminManager(
  adminService,
  connectivity,
  () => locale.current,
  () => units.load(),
);

const backgroundSync = createBackgroundSync(
  'serviceWorker' in navigator ? navigator.serviceWorker : null,
);

const syncTransport = createTrpcSyncTransport(api, { onUnauthenticated: () => session.expire() });

/** Follows `session.user` (see +layout.svelte): one database, store and engine per user. */
export const sync = new SyncSession({
  open: (userId) => {
    const db = localDbFor(userId);
    const store = new LocalStore(db, { userId });
    const engine = new SyncEngine({
      userId,
      store,
      transport: syncTransport,
      locks: navigator.locks ?? null,
      events: window,
      isOnline: () => navigator.onLine,
    });
    engine.onStatus((s) => {
      if (needsBackgroundSync(s)) void backgroundSync.register();
    });
    // The schemas a change needs load once the first screen is up, not with it: by the time the
    // inspector is on site (maybe offline), they are in memory.
    const idle = window.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 500));
    idle(() => void loadRegistry());
    return { db, store, engine };
  },
  requestPersistentStorage: () => requestPersistentStorage(),
  // Long enough to read the notice; the outbox is already safe (see SyncSession).
  reload: () => setTimeout(() => location.reload(), 1500),
});

backgroundSync.listen(async () => {
  await sync.syncNow();
  return sync.status.error === null && sync.status.pending === 0;
});
