import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_VERDICTS,
  LEDGER_STATUSES,
  ROLES,
  type FollowUpVerdict,
  type LedgerStatus,
  type Role,
} from '../domain/enums';
import { RectificationItem } from '../domain/rectification.schema';
import { translate } from '../i18n/messages';
import { LEDGER_EVENTS, type LedgerEvent } from './ledger-events';
import {
  IMMEDIATE_DEFAULT_DAYS,
  applyFollowUpVerdict,
  availableEvents,
  canTransition,
  cstDay,
  effectiveDeadline,
  endOfDayUtc,
  isOverdue,
  openFromTalkCommitment,
  transition,
  verdictTarget,
  type LedgerPayload,
} from './ledger-machine';

const ID = '00000000-0000-4000-8000-000000000001';
const ACTOR = '00000000-0000-4000-8000-0000000000aa';
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T10:00:00.000Z';

function ledgerItem(
  status: LedgerStatus,
  over: Partial<RectificationItem> = {},
): RectificationItem {
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
    createdBy: ACTOR,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/* The rules written out independently of the implementation's tables. */
const EXPECTED_EDGES: Record<string, LedgerStatus> = {
  'open/start': 'in_progress',
  'open/report_progress': 'in_progress',
  'in_progress/report_progress': 'in_progress',
  'reopened/report_progress': 'reopened',
  'reported/report_progress': 'reported',
  'open/submit_for_verification': 'reported',
  'in_progress/submit_for_verification': 'reported',
  'reopened/submit_for_verification': 'reported',
  'reported/verify_pass': 'verified',
  'reported/verify_fail': 'in_progress',
  'verified/close': 'closed',
  'verified/reopen': 'reopened',
  'closed/reopen': 'reopened',
};
const EXPECTED_ROLES: Record<LedgerEvent, Role[]> = {
  start: ['inspector', 'team_leader'],
  report_progress: ['inspector', 'team_leader'],
  submit_for_verification: ['inspector', 'team_leader'],
  verify_pass: ['supervisor'],
  verify_fail: ['supervisor'],
  close: ['supervisor'],
  reopen: ['inspector', 'team_leader', 'supervisor'],
};

const payloadFor = (event: LedgerEvent): LedgerPayload => ({
  progress:
    event === 'report_progress'
      ? { id: ID, text: '已完成第一阶段', evidence: ['b'.repeat(64)] }
      : undefined,
  comment: '见附件',
});

describe('every (status, event, role) triple', () => {
  for (const status of LEDGER_STATUSES) {
    for (const event of LEDGER_EVENTS) {
      for (const role of ROLES) {
        const edge = EXPECTED_EDGES[`${status}/${event}`];
        const roleOk = EXPECTED_ROLES[event].includes(role);
        it(`${status} —${event}→ as ${role}: ${roleOk && edge ? edge : 'refused'}`, () => {
          expect(canTransition(status, event, role)).toBe(Boolean(roleOk && edge));
          const r = transition(
            ledgerItem(status),
            event,
            { id: ACTOR, role },
            T1,
            payloadFor(event),
          );
          if (!roleOk) {
            expect(r).toMatchObject({
              ok: false,
              error: { code: 'role_not_allowed', messageKey: 'ledger.role_not_allowed' },
            });
          } else if (!edge) {
            expect(r).toMatchObject({
              ok: false,
              error: {
                code: 'transition_not_allowed',
                messageKey: 'ledger.transition_not_allowed',
              },
            });
          } else {
            expect(r.ok).toBe(true);
            if (!r.ok) return;
            expect(r.item.status).toBe(edge);
            expect(r.item.updatedAt).toBe(T1);
            expect(r.item.history).toEqual([
              { event, from: status, to: edge, by: ACTOR, role, at: T1, note: '见附件' },
            ]);
            expect(RectificationItem.safeParse(r.item).success).toBe(true);
          }
        });
      }
    }
  }
});

describe('transition effects', () => {
  const leader = { id: ACTOR, role: 'team_leader' as const };
  const supervisor = { id: ACTOR, role: 'supervisor' as const };

  it('never mutates the item it was given', () => {
    const before = ledgerItem('reported');
    const copy = JSON.parse(JSON.stringify(before)) as unknown;
    transition(before, 'verify_pass', supervisor, T1, { comment: 'ok' });
    expect(before).toEqual(copy);
  });

  it('records a progress report, and needs its text', () => {
    const r = transition(ledgerItem('in_progress'), 'report_progress', leader, T1, {
      progress: { id: ID, text: '已公示1月账目', evidence: ['c'.repeat(64)] },
    });
    expect(r.ok && r.item.progress).toEqual([
      {
        id: ID,
        text: '已公示1月账目',
        evidence: ['c'.repeat(64)],
        reportedBy: ACTOR,
        reportedAt: T1,
      },
    ]);
    const empty = transition(ledgerItem('in_progress'), 'report_progress', leader, T1, {
      progress: { id: ID, text: '  ' },
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'note_required' } });
    expect(transition(ledgerItem('in_progress'), 'report_progress', leader, T1)).toMatchObject({
      ok: false,
    });
  });

  it('records verifications, and a failed one needs a reason', () => {
    const pass = transition(ledgerItem('reported'), 'verify_pass', supervisor, T1);
    expect(pass.ok && pass.item.verifications).toEqual([
      { passed: true, comment: '', evidence: [], verifiedBy: ACTOR, verifiedAt: T1 },
    ]);
    expect(transition(ledgerItem('reported'), 'verify_fail', supervisor, T1)).toMatchObject({
      ok: false,
      error: { code: 'note_required' },
    });
    const failed = transition(ledgerItem('reported'), 'verify_fail', supervisor, T1, {
      comment: '账目仍未公示',
    });
    expect(failed.ok && failed.item.verifications[0]).toMatchObject({
      passed: false,
      comment: '账目仍未公示',
    });
  });

  it('stamps 销号 and clears it with a counted relapse on reopening', () => {
    const closed = transition(ledgerItem('verified'), 'close', supervisor, T1);
    expect(closed.ok && closed.item.closedAt).toBe(T1);
    if (!closed.ok) return;
    expect(transition(closed.item, 'reopen', leader, T1)).toMatchObject({
      ok: false,
      error: { code: 'note_required' },
    });
    const reopened = transition(closed.item, 'reopen', leader, T1, { comment: '回头看发现反弹' });
    expect(reopened.ok && reopened.item).toMatchObject({
      status: 'reopened',
      closedAt: null,
      relapseCount: 1,
    });
  });

  it('checks the role before the status, so a refused caller learns nothing of the state', () => {
    for (const status of LEDGER_STATUSES) {
      const r = transition(ledgerItem(status), 'close', { id: ACTOR, role: 'admin' }, T1);
      expect(r).toMatchObject({ ok: false, error: { code: 'role_not_allowed' } });
    }
  });

  it('gives errors that read in both languages', () => {
    const r = transition(ledgerItem('closed'), 'start', leader, T1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(translate(r.error.messageKey, 'zh-CN', r.error.params)).toBe(
      '当前状态为“已销号”，不能执行“开始整改”',
    );
    const role = transition(ledgerItem('reported'), 'verify_pass', leader, T1);
    if (role.ok) throw new Error('expected refusal');
    expect(translate(role.error.messageKey, 'zh-CN', role.error.params)).toBe(
      '组长无权对整改事项执行“验收通过”',
    );
    expect(translate(role.error.messageKey, 'en', role.error.params)).toBe(
      'Role “Team leader” may not pass verification of a rectification item',
    );
  });

  it('offers the events a role can fire', () => {
    expect(availableEvents('open', 'inspector')).toEqual([
      'start',
      'report_progress',
      'submit_for_verification',
    ]);
    expect(availableEvents('reported', 'supervisor')).toEqual(['verify_pass', 'verify_fail']);
    expect(availableEvents('closed', 'supervisor')).toEqual(['reopen']);
    for (const s of LEDGER_STATUSES) expect(availableEvents(s, 'admin')).toEqual([]);
  });

  it('reaches 销号 only through a passed verification (random walks)', () => {
    const arbStep = fc.tuple(fc.constantFrom(...LEDGER_EVENTS), fc.constantFrom(...ROLES));
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 40 }), (steps) => {
        let item = ledgerItem('open');
        for (const [event, role] of steps) {
          const r = transition(item, event, { id: ACTOR, role }, T1, payloadFor(event));
          if (r.ok) item = r.item;
        }
        expect(RectificationItem.safeParse(item).success).toBe(true);
        const h = item.history;
        h.forEach((e, i) => {
          if (i > 0) expect(e.from).toBe(h[i - 1]?.to);
          if (e.to === 'closed') expect(h[i - 1]?.event).toBe('verify_pass');
          if (e.event === 'verify_pass' || e.event === 'close') expect(e.role).toBe('supervisor');
        });
        expect(item.relapseCount).toBe(h.filter((e) => e.event === 'reopen').length);
        expect(item.status).toBe(h.at(-1)?.to ?? 'open');
      }),
    );
  });
});

describe('overdue detection', () => {
  it('reckons the deadline day in Beijing time', () => {
    expect(endOfDayUtc('2026-03-31').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(cstDay('2026-03-31T15:59:59.999Z')).toBe('2026-03-31');
    expect(cstDay('2026-03-31T16:00:00.000Z')).toBe('2026-04-01');
    const item = ledgerItem('in_progress');
    expect(isOverdue(item, '2026-03-31T15:59:59.999Z')).toBe(false);
    expect(isOverdue(item, '2026-03-31T16:00:00.000Z')).toBe(true);
    expect(isOverdue(item, new Date('2026-05-01T00:00:00Z'))).toBe(true);
  });

  it('never flags verified or closed items, and flags every other status', () => {
    for (const s of LEDGER_STATUSES) {
      expect(isOverdue(ledgerItem(s), '2027-01-01T00:00:00Z')).toBe(
        s !== 'verified' && s !== 'closed',
      );
    }
  });

  it(`gives a 立行立改 item without a deadline ${IMMEDIATE_DEFAULT_DAYS} days from its creation day`, () => {
    // Created 2026-03-01 23:30 in Beijing (15:30Z), so day 0 is 2026-03-01.
    const item = ledgerItem('open', {
      kind: 'immediate',
      deadline: null,
      createdAt: '2026-03-01T15:30:00Z',
    });
    expect(effectiveDeadline(item)).toBe('2026-03-08');
    expect(isOverdue(item, '2026-03-08T15:59:59Z')).toBe(false);
    expect(isOverdue(item, '2026-03-08T16:00:00Z')).toBe(true);
    expect(effectiveDeadline({ ...item, deadline: '2026-03-02' })).toBe('2026-03-02');
  });

  it('cannot miss a deadline that 限期整改 or 专项整治 never set', () => {
    for (const kind of ['deadline', 'campaign'] as const) {
      const item = ledgerItem('open', { kind, deadline: null });
      expect(effectiveDeadline(item)).toBeNull();
      expect(isOverdue(item, '2099-01-01T00:00:00Z')).toBe(false);
    }
  });
});

describe('回头看 verdicts', () => {
  const EXPECTED: Record<FollowUpVerdict, Record<LedgerStatus, LedgerStatus>> = {
    rectified: {
      open: 'open',
      in_progress: 'in_progress',
      reported: 'reported',
      verified: 'verified',
      closed: 'closed',
      reopened: 'reopened',
    },
    partial: {
      open: 'in_progress',
      in_progress: 'in_progress',
      reported: 'in_progress',
      verified: 'reopened',
      closed: 'reopened',
      reopened: 'reopened',
    },
    not_rectified: {
      open: 'in_progress',
      in_progress: 'in_progress',
      reported: 'in_progress',
      verified: 'reopened',
      closed: 'reopened',
      reopened: 'reopened',
    },
    relapsed: {
      open: 'in_progress',
      in_progress: 'in_progress',
      reported: 'in_progress',
      verified: 'reopened',
      closed: 'reopened',
      reopened: 'reopened',
    },
  };

  for (const verdict of FOLLOW_UP_VERDICTS) {
    for (const status of LEDGER_STATUSES) {
      for (const role of ROLES) {
        it(`${verdict} on ${status} by ${role}`, () => {
          const r = applyFollowUpVerdict(
            ledgerItem(status),
            verdict,
            { id: ACTOR, role },
            T1,
            '现场复查',
          );
          if (role === 'admin') {
            expect(r).toMatchObject({
              ok: false,
              error: { messageKey: 'ledger.follow_up_not_allowed' },
            });
            return;
          }
          const expected =
            verdict === 'rectified' && status === 'reported' && role === 'supervisor'
              ? 'verified'
              : EXPECTED[verdict][status];
          expect(verdictTarget(status, verdict, role)).toBe(expected);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.item.status).toBe(expected);
          expect(r.entry).toEqual({
            event: `follow_up.${verdict}`,
            from: status,
            to: expected,
            by: ACTOR,
            role,
            at: T1,
          });
          const relapse = verdict === 'relapsed' && (status === 'verified' || status === 'closed');
          expect(r.item.relapseCount).toBe(relapse ? 1 : 0);
          if (expected === 'reopened' && status !== 'reopened') expect(r.item.closedAt).toBeNull();
          expect(RectificationItem.safeParse(r.item).success).toBe(true);
        });
      }
    }
  }

  it('records the on-site check as a verification when it decides a reported item', () => {
    const pass = applyFollowUpVerdict(
      ledgerItem('reported'),
      'rectified',
      { id: ACTOR, role: 'supervisor' },
      T1,
      '已整改',
    );
    expect(pass.ok && pass.item.verifications).toEqual([
      { passed: true, comment: '已整改', evidence: [], verifiedBy: ACTOR, verifiedAt: T1 },
    ]);
    const failed = applyFollowUpVerdict(
      ledgerItem('reported'),
      'partial',
      { id: ACTOR, role: 'inspector' },
      T1,
    );
    expect(failed.ok && failed.item.verifications[0]?.passed).toBe(false);
  });
});

describe('openFromTalkCommitment', () => {
  const TALK = '00000000-0000-4000-8000-0000000000f1';

  it('opens a 限期整改 item for a 表态 with a deadline, its history naming the talk', () => {
    const r = openFromTalkCommitment(
      { deadline: '2026-04-01' },
      TALK,
      { id: ACTOR, role: 'inspector' },
      T0,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.item).toMatchObject({
      status: 'open',
      kind: 'deadline',
      deadline: '2026-04-01',
      createdAt: T0,
      updatedAt: T0,
      closedAt: null,
      relapseCount: 0,
      progress: [],
      verifications: [],
    });
    expect(r.item.history).toEqual([r.entry]);
    expect(r.entry).toEqual({
      event: 'talk.committed',
      from: 'open',
      to: 'open',
      by: ACTOR,
      role: 'inspector',
      at: T0,
      talkRecordId: TALK,
    });
    const item = { ...ledgerItem('open'), ...r.item, talkRecordId: TALK };
    expect(RectificationItem.parse(item).history[0]?.talkRecordId).toBe(TALK);
    // It can be worked through the machine like any item.
    expect(transition(item, 'start', { id: ACTOR, role: 'inspector' }, T1).ok).toBe(true);
  });

  it('opens a 立行立改 item for a 表态 without one, due by the default days', () => {
    const r = openFromTalkCommitment(
      { deadline: null },
      TALK,
      { id: ACTOR, role: 'team_leader' },
      T0,
    );
    expect(r.ok && r.item.kind).toBe('immediate');
    if (!r.ok) return;
    expect(effectiveDeadline(r.item)).toBe(
      new Date(Date.parse('2026-03-01') + IMMEDIATE_DEFAULT_DAYS * 86_400_000)
        .toISOString()
        .slice(0, 10),
    );
  });

  it('lets the team and supervisors do it, not administrators', () => {
    for (const role of ROLES) {
      const r = openFromTalkCommitment({ deadline: null }, TALK, { id: ACTOR, role }, T0);
      expect(r.ok).toBe(role !== 'admin');
      if (!r.ok) {
        expect(translate(r.error.messageKey, 'zh-CN', r.error.params)).toBe(
          '管理员无权将约谈表态列入整改台账',
        );
      }
    }
  });
});
