import { z } from 'zod';
import {
  Id,
  IsoDate,
  LongText,
  RequiredLongText,
  Sha256Hex,
  ShortText,
} from '../domain/common.schema';
import { FindingCategory, LedgerStatus, RectificationKind } from '../domain/enums';
import { LedgerHistoryEntry, ProgressReport, Verification } from '../domain/rectification.schema';
import { LedgerEvent } from './ledger-events';

/*
 * What the console asks of the 整改台账 (api ledger.*), and what it gets back. Filters combine
 * with AND; a list is paged on the server because a province's ledger runs to 100,000 items.
 */

export const LEDGER_SORT_KEYS = [
  'deadline',
  'createdAt',
  'updatedAt',
  'status',
  'unit',
  'title',
] as const;
export const LedgerSortKey = z.enum(LEDGER_SORT_KEYS);
export type LedgerSortKey = z.infer<typeof LedgerSortKey>;

export const LEDGER_PAGE_SIZE_MAX = 100;

export const LedgerFilter = z.object({
  /** A unit: its items and those of every unit below it. */
  unitId: Id.optional(),
  category: FindingCategory.optional(),
  statuses: z.array(LedgerStatus).max(6).optional(),
  kind: RectificationKind.optional(),
  /** Part of the responsible person's name. */
  person: z.string().trim().min(1).max(100).optional(),
  overdue: z.boolean().optional(),
  deadlineFrom: IsoDate.optional(),
  deadlineTo: IsoDate.optional(),
  /** Substring of the title, measures, responsible person or unit name (Chinese needs no words). */
  q: z.string().trim().min(1).max(100).optional(),
});
export type LedgerFilter = z.infer<typeof LedgerFilter>;

export const LedgerListInput = z.object({
  filter: LedgerFilter.default({}),
  sort: LedgerSortKey.default('deadline'),
  desc: z.boolean().default(false),
  page: z.int().min(1).max(100_000).default(1),
  pageSize: z.int().min(1).max(LEDGER_PAGE_SIZE_MAX).default(20),
});
export type LedgerListInput = z.input<typeof LedgerListInput>;

export interface LedgerListRow {
  id: string;
  title: string;
  status: LedgerStatus;
  kind: RectificationKind;
  deadline: string | null;
  /** The deadline that counts (立行立改 without one: creation day + 7). */
  effectiveDeadline: string | null;
  overdue: boolean;
  responsibleUnit: { id: string; name: string };
  responsiblePerson: string;
  category: FindingCategory | null;
  findingId: string | null;
  relapseCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface LedgerListPage {
  rows: LedgerListRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Items per status under the same filter (status filter aside), for the chips. */
  statusCounts: Partial<Record<LedgerStatus, number>>;
  overdueCount: number;
}

/** Optimistic concurrency: the `updatedAt` the caller last saw. */
const Expected = { id: Id, expectedUpdatedAt: z.iso.datetime({ offset: true }) };

export const LedgerTransitionInput = z.object({
  ...Expected,
  event: LedgerEvent,
  /** The reason (required for verify_fail and reopen), progress text, or completion statement. */
  comment: LongText.default(''),
  /** Attachment hashes: evidence of the fix (申请销号, progress) or of the check. */
  evidence: z.array(Sha256Hex).max(50).default([]),
  /** verify_pass on a 回头看: the verdict record (整改到位) shown on the item. */
  verdictId: z.string().min(1).max(200).optional(),
});
export type LedgerTransitionInput = z.input<typeof LedgerTransitionInput>;

export const LedgerAssignInput = z.object({
  ...Expected,
  responsibleUnitId: Id,
  responsiblePerson: ShortText,
  kind: RectificationKind,
  deadline: IsoDate.nullable(),
  comment: LongText.default(''),
});
export type LedgerAssignInput = z.input<typeof LedgerAssignInput>;

export interface LedgerVerdictSummary {
  id: string;
  verdict: string | null;
  comment: string;
  judgedBy: string | null;
  judgedAt: string | null;
  planId: string | null;
}

export interface LedgerItemDetail extends LedgerListRow {
  measures: string;
  talkRecordId: string | null;
  closedAt: string | null;
  createdBy: string;
  /** Pushed here by 以案促改 (典型领改) from another unit's finding. */
  typicalCase: boolean;
  finding: { id: string; title: string; category: string | null; severity: string | null } | null;
  progress: ProgressReport[];
  verifications: Verification[];
  history: LedgerHistoryEntry[];
  verdicts: LedgerVerdictSummary[];
  /** Display names of every user the item mentions, by id. */
  people: Record<string, string>;
}

/** A search term as a LIKE/ILIKE pattern that matches it literally anywhere. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** 以案促改: push the case of item `id` (its finding) to similar units, one new item each. */
export const LedgerTypicalCaseInput = z.object({
  id: Id,
  unitIds: z.array(Id).min(1).max(50),
  measures: RequiredLongText,
  responsiblePerson: ShortText,
  kind: RectificationKind.default('deadline'),
  deadline: IsoDate.nullable(),
});
export type LedgerTypicalCaseInput = z.input<typeof LedgerTypicalCaseInput>;
