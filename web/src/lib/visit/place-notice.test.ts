import { describe, expect, it } from 'vitest';
import { placeNoticeKey } from './place-notice';

describe('placeNoticeKey', () => {
  it('tells each reason a visit started without a position', () => {
    expect(placeNoticeKey('denied')).toBe('visit_place_denied');
    expect(placeNoticeKey('timeout')).toBe('visit_place_timeout');
    expect(placeNoticeKey('skipped')).toBe('visit_place_skipped');
    expect(placeNoticeKey('unavailable')).toBe('visit_place_unavailable');
    // A phone without geolocation reads as "position unavailable".
    expect(placeNoticeKey('unsupported')).toBe('visit_place_unavailable');
  });

  it('says nothing without a reason, or for one it does not know', () => {
    expect(placeNoticeKey(null)).toBeNull();
    expect(placeNoticeKey('')).toBeNull();
    expect(placeNoticeKey('offline')).toBeNull();
    // Not fooled by what every object has.
    expect(placeNoticeKey('toString')).toBeNull();
    expect(placeNoticeKey('constructor')).toBeNull();
  });
});
