/*
 * The cadence of seed 003 — 周调度 (week), 旬分析 (ten-day period) and 月总结 (month) — as
 * calendar periods in China time. China has kept UTC+8 without daylight saving since 1991, so a
 * fixed offset is exact and no time-zone database is needed (the phone bundle stays small).
 *
 * A period is a run of whole China-time days [start, end] (inclusive IsoDates); the database
 * compares instants, so `periodBounds` gives the UTC instants [from, until) of those days.
 */

import type { PeriodKind, TrendGranularity } from './dashboard.schema';

export const PERIOD_KINDS = ['week', 'dekad', 'month'] as const;
export const TREND_GRANULARITIES = ['week', 'month'] as const;

/** 上旬 (days 1–10), 中旬 (11–20), 下旬 (21 to the month's end). */
export type DekadPart = 1 | 2 | 3;

export interface Period {
  kind: PeriodKind;
  /** First China-time day, inclusive. */
  start: string;
  /** Last China-time day, inclusive. */
  end: string;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function toDayNumber(isoDate: string): number {
  return Date.UTC(
    Number(isoDate.slice(0, 4)),
    Number(isoDate.slice(5, 7)) - 1,
    Number(isoDate.slice(8, 10)),
  );
}

function fromDayNumber(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days * DAY_MS);
}

/** The China-time calendar day of an instant. */
export function chinaDate(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return fromDayNumber(ms + CHINA_OFFSET_MS);
}

/** The instant a China-time day begins (00:00 UTC+8 is 16:00 UTC the day before). */
export function chinaDayStart(isoDate: string): Date {
  return new Date(toDayNumber(isoDate) - CHINA_OFFSET_MS);
}

/** The UTC instants [from, until) covering the China-time days `start`..`end` inclusive. */
export function dayRangeBounds(start: string, end: string): { from: Date; until: Date } {
  return { from: chinaDayStart(start), until: chinaDayStart(addDays(end, 1)) };
}

export function periodBounds(period: Period): { from: Date; until: Date } {
  return dayRangeBounds(period.start, period.end);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Monday-based week: 周调度 meets weekly, and the Chinese working week starts on Monday. */
function weekStart(isoDate: string): string {
  const weekday = new Date(toDayNumber(isoDate)).getUTCDay(); // 0 = Sunday
  return addDays(isoDate, -((weekday + 6) % 7));
}

export function dekadPart(isoDate: string): DekadPart {
  const day = Number(isoDate.slice(8, 10));
  return day <= 10 ? 1 : day <= 20 ? 2 : 3;
}

/** The period of `kind` holding the China-time day `isoDate`. */
export function periodOf(kind: PeriodKind, isoDate: string): Period {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const ym = `${year}-${pad2(month)}`;
  if (kind === 'week') {
    const start = weekStart(isoDate);
    return { kind, start, end: addDays(start, 6) };
  }
  if (kind === 'month') {
    return { kind, start: `${ym}-01`, end: `${ym}-${pad2(lastDayOfMonth(year, month))}` };
  }
  const part = dekadPart(isoDate);
  const firstDay = (part - 1) * 10 + 1;
  const lastDay = part === 3 ? lastDayOfMonth(year, month) : part * 10;
  return { kind, start: `${ym}-${pad2(firstDay)}`, end: `${ym}-${pad2(lastDay)}` };
}

/** The period of `kind` holding `instant` in China time. */
export function periodAt(kind: PeriodKind, instant: Date | string): Period {
  return periodOf(kind, chinaDate(instant));
}

/** The period just before: its last day is the day before `period` starts. */
export function previousPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.start, -1));
}

export function nextPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.end, 1));
}

/** Whether `isoDate` names the first day of a period of `kind` (what a period picker offers). */
export function isPeriodStart(kind: PeriodKind, isoDate: string): boolean {
  return periodOf(kind, isoDate).start === isoDate;
}

/**
 * The trend buckets (weeks or months) overlapping the China-time days `start`..`end`, oldest
 * first. Every bucket is whole, so a partly covered first week still counts as one point.
 */
export function trendBuckets(
  granularity: TrendGranularity,
  start: string,
  end: string,
  maxBuckets = 120,
): Period[] {
  const buckets: Period[] = [];
  if (start > end) return buckets;
  let bucket = periodOf(granularity, start);
  while (bucket.start <= end && buckets.length < maxBuckets) {
    buckets.push(bucket);
    bucket = nextPeriod(bucket);
  }
  return buckets;
}

/** The bucket key (its first day) a China-time day falls in. */
export function bucketKey(granularity: TrendGranularity, isoDate: string): string {
  return periodOf(granularity, isoDate).start;
}

/** Whole days between two China-time days, both counted (a range of one day is 1). */
export function daysInclusive(start: string, end: string): number {
  return Math.round((toDayNumber(end) - toDayNumber(start)) / DAY_MS) + 1;
}
