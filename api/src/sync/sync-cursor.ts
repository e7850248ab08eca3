/*
 * The pull cursor: a position `(xid, key)` in the stream of changes ordered by writing
 * transaction id, then record key. `key: null` means "every change with a smaller xid was
 * delivered" (sync-pull.service.ts explains why that position is safe). Opaque to devices.
 */

export interface CursorPosition {
  xid: bigint;
  key: string | null;
}

export const START: CursorPosition = { xid: 0n, key: null };

export function encodeCursor(p: CursorPosition): string {
  return p.key === null ? `x1.${p.xid}` : `x1.${p.xid}.${encodeURIComponent(p.key)}`;
}

/** null for anything this server did not write. */
export function decodeCursor(cursor: string): CursorPosition | null {
  const m = /^x1\.(\d{1,20})(?:\.(.+))?$/.exec(cursor);
  if (!m) return null;
  try {
    const key = m[2] === undefined ? null : decodeURIComponent(m[2]);
    if (key !== null && !isChangeKey(key)) return null;
    return { xid: BigInt(m[1]!), key };
  } catch {
    return null;
  }
}

/** Revocations sort after every record of the same transaction (`~` follows letters). */
export const REVOKED_PREFIX = '~revoked/';

export function recordChangeKey(type: string, id: string): string {
  return `${type}/${id}`;
}

function isChangeKey(key: string): boolean {
  return key.indexOf('/') > 0;
}

/** Splits a key into the columns it compares with: (type, id) or the revoked plan id. */
export function splitChangeKey(key: string): { type: string; id: string } {
  const slash = key.indexOf('/');
  return { type: key.slice(0, slash), id: key.slice(slash + 1) };
}

/** Byte order, as PostgreSQL's "C" collation compares the key columns. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
