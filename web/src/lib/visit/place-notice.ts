import type { NoPlaceReason } from './geolocation';

const KEYS = {
  denied: 'visit_place_denied',
  unavailable: 'visit_place_unavailable',
  timeout: 'visit_place_timeout',
  unsupported: 'visit_place_unavailable',
  skipped: 'visit_place_skipped',
} as const satisfies Record<NoPlaceReason, string>;

export type PlaceNoticeKey = (typeof KEYS)[NoPlaceReason];

/** The message telling why a visit just started without a position. */
export function placeNoticeKey(reason: string | null): PlaceNoticeKey | null {
  return reason !== null && Object.hasOwn(KEYS, reason) ? KEYS[reason as NoPlaceReason] : null;
}
