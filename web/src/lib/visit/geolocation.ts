import type { GeoPoint } from '@ducha/shared';

export type NoPlaceReason = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'skipped';

export type PlaceOutcome = { place: GeoPoint } | { place: null; reason: NoPlaceReason };

/** The part of `navigator.geolocation` used here. */
export type GeoSource = Pick<Geolocation, 'getCurrentPosition'>;

const MAX_ACCURACY_M = 100_000;

/**
 * Where the phone is, within `timeoutMs`, or why not. Never rejects: a visit starts without a
 * position rather than waiting. Our own timer bounds the wait, because the browser's `timeout`
 * only runs once the permission prompt is answered, and a prompt left open would block forever.
 * `signal` lets the user stop waiting ("start without the position").
 */
export function currentPlace(
  geo: GeoSource | undefined,
  timeoutMs = 5000,
  signal?: AbortSignal,
): Promise<PlaceOutcome> {
  if (!geo) return Promise.resolve({ place: null, reason: 'unsupported' });
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: PlaceOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish({ place: null, reason: 'skipped' });
    const timer = setTimeout(() => finish({ place: null, reason: 'timeout' }), timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    try {
      geo.getCurrentPosition(
        (pos) =>
          finish({
            place: {
              lat: pos.coords.latitude,
              lng: pos.coords.longitude,
              accuracy: Math.min(Math.max(pos.coords.accuracy, 0), MAX_ACCURACY_M),
            },
          }),
        (err) =>
          finish({
            place: null,
            reason: err.code === 1 ? 'denied' : err.code === 3 ? 'timeout' : 'unavailable',
          }),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      finish({ place: null, reason: 'unavailable' });
    }
  });
}
