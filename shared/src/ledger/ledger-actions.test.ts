import { describe, expect, it } from 'vitest';
import type { LedgerStatus } from '../domain/enums';
import { RectificationItem } from '../domain/rectification.schema';
import {
  assignItem,
  claimCompletion,
  openTypicalCase,
  TYPICAL_CASE_NOTE,
  verifyByVerdict,
} from './ledger-actions';
import { transition } from './ledger-machine';
import { containsPattern, LedgerListInput, LedgerTransitionInput } from './ledger-query.schema';

const ID = '00000000-0000-4000-8000-000000000001';
const UNIT = '00000000-0000-4000-8000-000000000002';
const SUP = { id: '00000000-0000-4000-8000-0000000000aa', role: 'supervisor' as const };
const FIELD = { id: '00000000-0000-4000-8000-0000000000bb', role: 'inspector' as const };
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T10:00:00.000Z';
const HASH = 'a'.repeat(64);

function item(status: LedgerStatus): RectificationItem {
  return {
    id: ID,
    findingId: null,
    talkRecordId: null,
    title: '机关食堂账目未公示',
    measures: '每月公示食堂收支',
    responsibleUnitId: ID,
    responsiblePerson: '李某',
    kind: 'deadline',
    deadline: '2026-03-31',
    status,
    progress: [],
    verifications: [],
    history: [],
    relapseCount: 0,
    closedAt: status === 'closed' ? T0 : null,
    createdBy: SUP.id,
    createdAt: T0,
    updatedAt: T0,
  };
}

describe('交办 (assignItem)', () => {
  const change = {
    responsibleUnitId: UNIT,
    responsiblePerson: ' 王某 ',
    kind: 'campaign' as const,
    deadline: '2026-06-30',
    comment: '改由财务处牵头',
  };

  it('sets unit, person, kind and deadline and records who, when and why', () => {
    const out = assignItem(item('in_progress'), change, SUP, T1);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.item).toMatchObject({
      responsibleUnitId: UNIT,
      responsiblePerson: '王某',
      kind: 'campaign',
      deadline: '2026-06-30',
      status: 'in_progress',
      updatedAt: T1,
    });
    expect(out.item.history.at(-1)).toEqual({
      event: 'assigned',
      from: 'in_progress',
      to: 'in_progress',
      by: SUP.id,
      role: 'supervisor',
      at: T1,
      note: '改由财务处牵头',
    });
    expect(RectificationItem.safeParse(out.item).success).toBe(true);
  });

  it('is the supervisor’s alone', () => {
    for (const role of ['inspector', 'team_leader', 'admin'] as const) {
      const out = assignItem(item('open'), change, { id: FIELD.id, role }, T1);
      expect(out.ok ? null : out.error.messageKey).toBe('ledger.assign_not_allowed');
    }
  });

  it('refuses a settled (verified or closed) item', () => {
    for (const status of ['verified', 'closed'] as const) {
      const out = assignItem(item(status), change, SUP, T1);
      expect(out.ok ? null : out.error.messageKey).toBe('ledger.assign_settled');
    }
  });
});

describe('申请销号 (claimCompletion)', () => {
  it('moves to reported and keeps the claim with its evidence as a progress report', () => {
    const out = claimCompletion(
      item('in_progress'),
      { id: ID, text: ' 已全部整改 ', evidence: [HASH] },
      FIELD,
      T1,
    );
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.item.status).toBe('reported');
    expect(out.item.progress).toEqual([
      { id: ID, text: '已全部整改', evidence: [HASH], reportedBy: FIELD.id, reportedAt: T1 },
    ]);
    expect(out.entry).toMatchObject({ event: 'submit_for_verification', note: '已全部整改' });
  });

  it('needs a statement and evidence', () => {
    const noText = claimCompletion(
      item('open'),
      { id: ID, text: ' ', evidence: [HASH] },
      FIELD,
      T1,
    );
    expect(noText.ok ? null : noText.error.messageKey).toBe('ledger.note_required');
    const noEvidence = claimCompletion(
      item('open'),
      { id: ID, text: '完成', evidence: [] },
      FIELD,
      T1,
    );
    expect(noEvidence.ok ? null : noEvidence.error.messageKey).toBe('ledger.evidence_required');
  });

  it('keeps the machine’s role rule: a supervisor does not claim a fix', () => {
    const out = claimCompletion(item('open'), { id: ID, text: '完成', evidence: [HASH] }, SUP, T1);
    expect(out.ok ? null : out.error.messageKey).toBe('ledger.role_not_allowed');
  });
});

describe('verification on a 回头看 verdict', () => {
  const verdict = { id: 'v1', targetId: ID, verdict: 'rectified', comment: '现场核实已整改' };

  it('verifies a reported item and names the verdict in the history', () => {
    const out = verifyByVerdict(item('reported'), ID, verdict, SUP, T1, '');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.item.status).toBe('verified');
    expect(out.item.history.at(-1)).toMatchObject({
      event: 'verify_pass',
      verdictId: 'v1',
      note: '现场核实已整改',
    });
    expect(out.item.verifications.at(-1)).toMatchObject({
      passed: true,
      comment: '现场核实已整改',
    });
  });

  it('refuses a verdict other than 整改到位, or one about another item', () => {
    for (const v of [
      { ...verdict, verdict: 'partial' },
      { ...verdict, verdict: null },
      { ...verdict, targetId: UNIT },
    ]) {
      const out = verifyByVerdict(item('reported'), ID, v, SUP, T1, '');
      expect(out.ok ? null : out.error.messageKey).toBe('ledger.verdict_not_rectified');
    }
  });
});

describe('the machine keeps the reason in the history', () => {
  it('verify_fail notes why', () => {
    const out = transition(item('reported'), 'verify_fail', SUP, T1, { comment: '佐证不足' });
    expect(out.ok && out.entry.note).toBe('佐证不足');
  });
  it('an event without a comment has no note', () => {
    const out = transition(item('open'), 'start', FIELD, T1);
    expect(out.ok && 'note' in out.entry).toBe(false);
  });
});

describe('ledger inputs', () => {
  it('page and sort by default, and cap the page size', () => {
    expect(LedgerListInput.parse({})).toEqual({
      filter: {},
      sort: 'deadline',
      desc: false,
      page: 1,
      pageSize: 20,
    });
    expect(LedgerListInput.safeParse({ pageSize: 101 }).success).toBe(false);
    expect(LedgerListInput.safeParse({ sort: 'password' }).success).toBe(false);
  });

  it('a transition needs a known event and the updatedAt the caller saw', () => {
    const base = { id: ID, event: 'start', expectedUpdatedAt: T0 };
    expect(LedgerTransitionInput.safeParse(base).success).toBe(true);
    expect(LedgerTransitionInput.safeParse({ ...base, event: 'delete' }).success).toBe(false);
    expect(LedgerTransitionInput.safeParse({ ...base, expectedUpdatedAt: 'x' }).success).toBe(
      false,
    );
    expect(LedgerTransitionInput.safeParse({ ...base, evidence: ['nothex'] }).success).toBe(false);
  });

  it('a search term matches literally, LIKE wildcards included', () => {
    expect(containsPattern('食堂')).toBe('%食堂%');
    expect(containsPattern('100%_a\\')).toBe('%100\\%\\_a\\\\%');
  });
});

describe('以案促改 (openTypicalCase)', () => {
  const change = {
    responsibleUnitId: UNIT,
    responsiblePerson: ' 局长 ',
    kind: 'deadline' as const,
    deadline: '2026-05-01',
  };

  it('opens an item assigned to the similar unit, noted as a typical case', () => {
    const out = openTypicalCase(change, SUP, T1);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.item).toMatchObject({
      status: 'open',
      responsibleUnitId: UNIT,
      responsiblePerson: '局长',
    });
    expect(out.item.history).toEqual([
      {
        event: 'assigned',
        from: 'open',
        to: 'open',
        by: SUP.id,
        role: 'supervisor',
        at: T1,
        note: TYPICAL_CASE_NOTE,
      },
    ]);
  });

  it('is the supervisor’s alone', () => {
    const out = openTypicalCase(change, FIELD, T1);
    expect(out.ok ? null : out.error.messageKey).toBe('ledger.assign_not_allowed');
  });
});
