/**
 * Reports whether the app's own files are on the phone: an active service worker has finished
 * its install, which precaches every file of the build. Calls `report` now and again on change;
 * returns the function that stops watching. Without service workers (development, tests) there
 * is nothing to wait for.
 */
export type AppShellWatch = (report: (cached: boolean) => void) => () => void;

const RECHECK_MS = 1000;

export const watchAppShell: AppShellWatch = (report) => {
  const sw = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  if (!sw) {
    report(true);
    return () => undefined;
  }
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async () => {
    const registration = await sw.getRegistration().catch(() => undefined);
    if (stopped) return;
    const cached = Boolean(registration?.active);
    report(cached);
    // An install takes seconds; polling until it is done is simpler than following every
    // worker's state events, and stops for good once the app is cached.
    if (!cached) timer = setTimeout(() => void check(), RECHECK_MS);
  };
  void check();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
};
