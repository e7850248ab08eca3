import type { FieldStamp } from '@ducha/shared';

/*
 * How `sync_records.stamps` is stored. The shared merge speaks of one stamp per field, but most
 * records have few writers: a note made by one mutation has the same stamp on its five fields,
 * and stored as is those stamps were as large as the note itself. Stored, each distinct stamp is
 * kept once and fields point to it: `{ v: 1, w: [[by, deviceId, mutationId, version, at], …],
 * f: { field: index } }`. Rows written before this (a plain field → stamp map) still read.
 */

type Packed = [string, string, number, number, string];
interface Compact {
  v: 1;
  w: Packed[];
  f: Record<string, number>;
}

export function encodeStamps(stamps: Readonly<Record<string, FieldStamp>>): Compact {
  const w: Packed[] = [];
  const seen = new Map<string, number>();
  // A mutation stamps every field it writes with one object: known by identity, it needs no key.
  const same = new Map<FieldStamp, number>();
  const f: Record<string, number> = {};
  for (const [field, s] of Object.entries(stamps)) {
    let index = same.get(s);
    if (index === undefined) {
      const packed: Packed = [s.by, s.deviceId, s.mutationId, s.version, s.at];
      const key = JSON.stringify(packed);
      index = seen.get(key);
      if (index === undefined) {
        index = w.push(packed) - 1;
        seen.set(key, index);
      }
      same.set(s, index);
    }
    f[field] = index;
  }
  return { v: 1, w, f };
}

function isCompact(value: unknown): value is Compact {
  const c = value as Partial<Compact> | null;
  return c !== null && typeof c === 'object' && c.v === 1 && Array.isArray(c.w);
}

export function decodeStamps(stored: unknown): Record<string, FieldStamp> {
  if (!isCompact(stored)) return (stored ?? {}) as Record<string, FieldStamp>;
  const out: Record<string, FieldStamp> = {};
  for (const [field, index] of Object.entries(stored.f)) {
    const [by, deviceId, mutationId, version, at] = stored.w[index]!;
    out[field] = { by, deviceId, mutationId, version, at };
  }
  return out;
}
