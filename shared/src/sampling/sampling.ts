import { z } from 'zod';

/*
 * Reproducible spot-check sampling (按不低于10%的比例进行抽查, seed 002).
 *
 * Algorithm `fnv1a64-splitmix64-rank/v1`:
 * 1. Remove duplicate ids and sort them (JavaScript string order, i.e. by UTF-16 code units;
 *    for ASCII ids such as UUIDs this is plain byte order). The order the caller passes never
 *    matters.
 * 2. For each id, key = splitmix64_finalize(fnv1a_64(utf8(seed + "\n" + id))), 64-bit unsigned.
 * 3. Rank ids by key ascending (ties, practically impossible, by id).
 * 4. n = ceil(N × ratio), at least 1 when N > 0. The ratio is taken to 0.01 % (basis points)
 *    and the ceiling is computed in integers, so 10 % of 30 is 3, never 4 by float error.
 * 5. The sample is the first n ids of the ranking.
 *
 * FNV-1a 64: h = 0xcbf29ce484222325; for each byte b: h = ((h ^ b) × 0x100000001b3) mod 2^64.
 * SplitMix64 finaliser (spreads FNV's weak last-byte mixing over all bits):
 *   z = (z ^ (z >> 30)) × 0xbf58476d1ce4e5b9 mod 2^64
 *   z = (z ^ (z >> 27)) × 0x94d049bb133111eb mod 2^64
 *   z = z ^ (z >> 31)
 *
 * An auditor reproduces a draw from the recorded seed, ratio and population with, e.g., Python:
 *
 *   M = 2**64
 *   def key(seed, id):
 *       h = 0xcbf29ce484222325
 *       for b in (seed + "\n" + id).encode("utf-8"):
 *           h = ((h ^ b) * 0x100000001b3) % M
 *       h = ((h ^ (h >> 30)) * 0xbf58476d1ce4e5b9) % M
 *       h = ((h ^ (h >> 27)) * 0x94d049bb133111eb) % M
 *       return h ^ (h >> 31)
 *   ids = sorted(set(population))
 *   bp = round(ratio * 10000); n = max(1, -(-len(ids) * bp // 10000)) if ids else 0
 *   sample = sorted(ids, key=lambda i: (key(seed, i), i))[:n]
 */

export const SAMPLING_ALGORITHM = 'fnv1a64-splitmix64-rank/v1';
export const MIN_SAMPLING_RATIO = 0.1;

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** UTF-8 bytes of a string (written out because `TextEncoder` is not in the ES library types). */
export function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

export function fnv1a64(bytes: readonly number[]): bigint {
  let h = FNV_OFFSET;
  for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  return h;
}

export function splitmix64Finalize(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** The ranking key of `id` under `seed`. */
export function sampleKey(seed: string, id: string): bigint {
  return splitmix64Finalize(fnv1a64(utf8(`${seed}\n${id}`)));
}

/** How many of `populationSize` a draw at `ratio` takes: ceil(N × ratio), at least 1 if N > 0. */
export function sampleSize(populationSize: number, ratio: number): number {
  if (populationSize === 0) return 0;
  const basisPoints = Math.round(ratio * 10_000);
  return Math.max(1, Math.ceil((populationSize * basisPoints) / 10_000));
}

export const SamplingRatio = z.number().min(MIN_SAMPLING_RATIO).max(1);

/** Input of a draw, as an API procedure would accept it. */
export const SamplingInput = z.object({
  seed: z.string().trim().min(1).max(200),
  ratio: SamplingRatio.default(MIN_SAMPLING_RATIO),
});
export type SamplingInput = z.infer<typeof SamplingInput>;

/** Everything an audit record needs to reproduce the draw. */
export interface SamplingParameters {
  algorithm: typeof SAMPLING_ALGORITHM;
  seed: string;
  ratio: number;
  populationSize: number;
  sampleSize: number;
}

export interface SampleResult {
  /** The drawn ids, in rank order. */
  sample: string[];
  parameters: SamplingParameters;
}

/**
 * Draws a reproducible sample of at least `ratio` (≥ 10 %) of `population`. The same seed and
 * the same set of ids, in any order and with any duplicates, always give the same sample.
 */
export function drawSample(
  population: readonly string[],
  seed: string,
  ratio: number = MIN_SAMPLING_RATIO,
): SampleResult {
  if (!(ratio >= MIN_SAMPLING_RATIO && ratio <= 1)) {
    throw new RangeError(`sampling ratio must be within [${MIN_SAMPLING_RATIO}, 1], got ${ratio}`);
  }
  const ids = [...new Set(population)].sort();
  const n = sampleSize(ids.length, ratio);
  const ranked = ids
    .map((id) => ({ id, key: sampleKey(seed, id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
  return {
    sample: ranked.slice(0, n).map((r) => r.id),
    parameters: {
      algorithm: SAMPLING_ALGORITHM,
      seed,
      ratio,
      populationSize: ids.length,
      sampleSize: n,
    },
  };
}
