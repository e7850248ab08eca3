import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentPlace, type GeoSource } from './geolocation';

afterEach(() => vi.useRealTimers());

const source = (
  behave: (ok: PositionCallback, fail: PositionErrorCallback) => void,
): GeoSource => ({
  getCurrentPosition: (ok, fail) => behave(ok, fail ?? (() => undefined)),
});

const position = (accuracy: number) =>
  ({ coords: { latitude: 30.25, longitude: 120.16, accuracy } }) as GeolocationPosition;

const failure = (code: number) => ({ code }) as GeolocationPositionError;

describe('currentPlace', () => {
  it('returns the position, accuracy bounded to what the schema accepts', async () => {
    expect(await currentPlace(source((ok) => ok(position(8))))).toEqual({
      place: { lat: 30.25, lng: 120.16, accuracy: 8 },
    });
    expect(await currentPlace(source((ok) => ok(position(5e6))))).toMatchObject({
      place: { accuracy: 100_000 },
    });
  });

  it('says why there is no position', async () => {
    expect(await currentPlace(undefined)).toEqual({ place: null, reason: 'unsupported' });
    expect(await currentPlace(source((_, fail) => fail(failure(1))))).toEqual({
      place: null,
      reason: 'denied',
    });
    expect(await currentPlace(source((_, fail) => fail(failure(2))))).toEqual({
      place: null,
      reason: 'unavailable',
    });
    const throwing: GeoSource = {
      getCurrentPosition: () => {
        throw new Error('insecure context');
      },
    };
    expect(await currentPlace(throwing)).toEqual({ place: null, reason: 'unavailable' });
  });

  it('stops waiting after the timeout even if the prompt is never answered', async () => {
    vi.useFakeTimers();
    const pending = currentPlace(
      source(() => undefined),
      5000,
    );
    vi.advanceTimersByTime(5000);
    expect(await pending).toEqual({ place: null, reason: 'timeout' });
  });

  it('stops waiting when the user skips, and ignores a late answer', async () => {
    let late: PositionCallback = () => undefined;
    const skip = new AbortController();
    const pending = currentPlace(
      source((ok) => (late = ok)),
      5000,
      skip.signal,
    );
    skip.abort();
    late(position(5));
    expect(await pending).toEqual({ place: null, reason: 'skipped' });
  });
});
