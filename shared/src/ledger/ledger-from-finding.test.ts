import { describe, expect, it } from 'vitest';
import { ROLES } from '../domain/enums';
import { RectificationItem } from '../domain/rectification.schema';
import { translate } from '../i18n/messages';
import { FINDING_APPROVER_ROLES, findingLedgerTitle, openFromFinding } from './ledger-from-finding';
import { isOverdue, transition } from './ledger-machine';

const FINDING = '00000000-0000-4000-8000-0000000000f1';
const SUPERVISOR = { id: '00000000-0000-4000-8000-0000000000aa', role: 'supervisor' as const };
const AT = '2026-03-01T09:00:00.000Z';

describe('openFromFinding', () => {
  it('opens a 限期整改 item with the proposal’s deadline and a finding.approved history', () => {
    const out = openFromFinding(
      { kind: 'deadline', deadline: '2026-04-30' },
      FINDING,
      SUPERVISOR,
      AT,
    );
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.item).toMatchObject({
      status: 'open',
      kind: 'deadline',
      deadline: '2026-04-30',
      createdAt: AT,
      updatedAt: AT,
      closedAt: null,
      relapseCount: 0,
      progress: [],
      verifications: [],
    });
    expect(out.item.history).toEqual([
      {
        event: 'finding.approved',
        from: 'open',
        to: 'open',
        by: SUPERVISOR.id,
        role: 'supervisor',
        at: AT,
        findingId: FINDING,
      },
    ]);
    // The row it becomes is a valid ledger item.
    const parsed = RectificationItem.safeParse({
      ...out.item,
      id: FINDING,
      findingId: FINDING,
      talkRecordId: null,
      title: '公务接待超标准',
      measures: '退回超标准费用',
      responsibleUnitId: FINDING,
      responsiblePerson: '第一责任人',
      createdBy: SUPERVISOR.id,
    });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('keeps a 立行立改 item without a deadline, which still goes overdue after the default days', () => {
    const out = openFromFinding({ kind: 'immediate', deadline: null }, FINDING, SUPERVISOR, AT);
    if (!out.ok) throw new Error('refused');
    expect(out.item.kind).toBe('immediate');
    expect(out.item.deadline).toBeNull();
    expect(isOverdue(out.item, '2026-03-05T00:00:00Z')).toBe(false);
    expect(isOverdue(out.item, '2026-03-09T00:00:00Z')).toBe(true);
  });

  it('hands over to the machine: the unit may start the opened item', () => {
    const out = openFromFinding({ kind: 'campaign', deadline: null }, FINDING, SUPERVISOR, AT);
    if (!out.ok) throw new Error('refused');
    const started = transition(out.item, 'start', { id: FINDING, role: 'inspector' }, AT);
    expect(started.ok && started.item.status).toBe('in_progress');
  });

  it('is the reviewers’ only: inspectors and administrators are refused with a message', () => {
    for (const role of ROLES) {
      const out = openFromFinding(
        { kind: 'immediate', deadline: null },
        FINDING,
        { id: FINDING, role },
        AT,
      );
      expect(out.ok, role).toBe(FINDING_APPROVER_ROLES.includes(role));
      if (!out.ok) {
        expect(out.error.code).toBe('role_not_allowed');
        expect(translate(out.error.messageKey, 'zh-CN', out.error.params)).toContain('审核通过');
      }
    }
  });
});

describe('findingLedgerTitle', () => {
  it('trims the finding title and keeps it within 200 characters', () => {
    expect(findingLedgerTitle('  公务接待超标准 ')).toBe('公务接待超标准');
    expect(findingLedgerTitle('问'.repeat(250))).toHaveLength(200);
  });
});
