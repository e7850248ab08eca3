/** Deterministic ids and instants for tests. */
export function uid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const T0 = '2026-03-01T09:00:00.000Z';
export const HASH = 'a'.repeat(64);
