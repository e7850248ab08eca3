import { describe, expect, it } from 'vitest';
import type { FollowUpTarget, SyncRecord } from '@ducha/shared';
import {
  NO_VERDICT_TAPS,
  detachedVerdicts,
  followUpProgress,
  followUpTargets,
  missingVerdicts,
  pastDeadline,
  readVerdicts,
  relapseEffect,
  settleVerdictTaps,
  tapVerdict,
  targetKey,
  untapVerdict,
  withVerdictTaps,
} from './follow-up';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const UNIT = id(1);
const INSPECTION = id(2);
const OTHER_VISIT = id(3);

const ledger = (n: number, status: string, deadline: string | null = null) => ({
  kind: 'rectification',
  id: id(100 + n),
  title: `台账事项 ${n}`,
  measures: '限期整改',
  status,
  deadline,
  responsibleUnitId: UNIT,
  findingId: null,
  findingTitle: null,
});
const finding = (n: number) => ({
  kind: 'finding',
  id: id(200 + n),
  title: `问题 ${n}`,
  description: '公务用车登记不全',
  severity: 'low',
  category: 'eight_rules',
  unitId: UNIT,
});

const record = (type: SyncRecord['type'], rid: string, fields: Record<string, unknown>) =>
  ({ type, id: rid, planId: id(9), version: 1, deleted: null, fields, stamps: {} }) as SyncRecord;

const plan = (items: unknown, kind = 'follow_up') =>
  record('plan', id(9), { kind, title: '回头看', followUp: { items } });

const verdict = (
  target: { kind: string; id: string },
  fields: Record<string, unknown>,
  inspectionId = INSPECTION,
) =>
  record('verdict', `${inspectionId}:${target.kind}:${target.id}`, {
    inspectionId,
    targetKind: target.kind,
    targetId: target.id,
    ...fields,
  });

const targetsOf = (...items: unknown[]) => followUpTargets(plan(items));

describe('回头看 targets', () => {
  it('reads the targets of a follow-up plan in order, each parsed on its own', () => {
    const targets = targetsOf(
      ledger(1, 'open', '2026-03-01'),
      { kind: 'rectification', id: 'not-a-uuid' },
      finding(1),
      { kind: 'from_a_newer_server', id: id(300) },
      ledger(1, 'open', '2026-03-01'),
    );
    expect(targets.map(targetKey)).toEqual([`rectification:${id(101)}`, `finding:${id(201)}`]);
    expect(followUpTargets(plan([ledger(1, 'open')], 'special'))).toEqual([]);
    expect(followUpTargets(record('plan', id(9), { kind: 'follow_up' }))).toEqual([]);
    expect(followUpTargets(null)).toEqual([]);
  });

  it('reads only this visit’s verdicts, leniently', () => {
    const [a, b] = targetsOf(ledger(1, 'open'), finding(1)) as [FollowUpTarget, FollowUpTarget];
    const verdicts = readVerdicts(
      [
        verdict(a, { verdict: 'relapsed', comment: '又出现了', evidence: ['x'.repeat(64), 3] }),
        verdict(b, { verdict: 'something_new' }),
        verdict(b, { verdict: 'rectified' }, OTHER_VISIT),
        record('verdict', 'broken', { inspectionId: INSPECTION, targetKind: 'plan' }),
      ],
      INSPECTION,
    );
    expect(verdicts.size).toBe(2);
    expect(verdicts.get(targetKey(a))).toMatchObject({
      verdict: 'relapsed',
      comment: '又出现了',
      evidence: ['x'.repeat(64)],
    });
    // Unknown values show as not judged, and stay the base of the next patch.
    expect(verdicts.get(targetKey(b))).toMatchObject({
      verdict: null,
      raw: { verdict: 'something_new', comment: null, evidence: null },
    });
  });

  it('counts progress and lists every target still to judge as a submit issue', () => {
    const targets = targetsOf(ledger(1, 'open'), ledger(2, 'verified'), finding(1));
    const [a, b, c] = targets as [FollowUpTarget, FollowUpTarget, FollowUpTarget];
    const none = readVerdicts([], INSPECTION);
    expect(followUpProgress(targets, none)).toEqual({ judged: 0, total: 3 });
    expect(missingVerdicts(targets, none).map((i) => i.targetId)).toEqual([a.id, b.id, c.id]);

    const some = readVerdicts(
      [
        verdict(a, { verdict: 'partial' }),
        // A comment alone judges nothing.
        verdict(b, { comment: '资料不全' }),
        verdict(c, { verdict: 'rectified' }),
      ],
      INSPECTION,
    );
    expect(followUpProgress(targets, some)).toEqual({ judged: 2, total: 3 });
    expect(missingVerdicts(targets, some)).toEqual([
      { kind: 'verdict', targetKind: 'rectification', targetId: b.id, title: '台账事项 2' },
    ]);
    const all = readVerdicts(
      [...targets].map((t) => verdict(t, { verdict: 'not_rectified' })),
      INSPECTION,
    );
    expect(missingVerdicts(targets, all)).toEqual([]);
    expect(followUpProgress([], all)).toEqual({ judged: 0, total: 0 });
  });

  it('keeps verdicts on targets the plan no longer lists apart', () => {
    const [a, b] = targetsOf(ledger(1, 'open'), finding(1)) as [FollowUpTarget, FollowUpTarget];
    const verdicts = readVerdicts(
      [verdict(a, { verdict: 'rectified' }), verdict(b, { verdict: 'relapsed' })],
      INSPECTION,
    );
    expect(detachedVerdicts([b], verdicts).map((v) => v.targetId)).toEqual([a.id]);
    expect(detachedVerdicts([a, b], verdicts)).toEqual([]);
  });
});

describe('回头看 taps', () => {
  const [a] = targetsOf(ledger(1, 'open')) as [FollowUpTarget];
  const key = targetKey(a);

  it('shows a tap at once and drops it once the record shows it', () => {
    let taps = tapVerdict(NO_VERDICT_TAPS, key, { verdict: 'partial' });
    taps = tapVerdict(taps, key, { evidence: ['e'.repeat(64)] });
    const shown = withVerdictTaps(readVerdicts([], INSPECTION), taps);
    expect(shown.get(key)).toMatchObject({
      targetKind: 'rectification',
      targetId: a.id,
      verdict: 'partial',
      evidence: ['e'.repeat(64)],
      raw: { verdict: null },
    });

    const stored = readVerdicts([verdict(a, { verdict: 'partial' })], INSPECTION);
    const left = settleVerdictTaps(taps, stored);
    expect(left.get(key)).toEqual({ evidence: ['e'.repeat(64)] });
    const read = readVerdicts(
      [verdict(a, { verdict: 'partial', evidence: ['e'.repeat(64)] })],
      INSPECTION,
    );
    expect(settleVerdictTaps(left, read).size).toBe(0);
    // Nothing settled: the same map, so nothing re-renders.
    expect(settleVerdictTaps(taps, readVerdicts([], INSPECTION))).toBe(taps);
  });

  it('forgets a refused tap, field by field', () => {
    const taps = tapVerdict(NO_VERDICT_TAPS, key, { verdict: null, evidence: [] });
    expect(untapVerdict(taps, key, 'verdict').get(key)).toEqual({ evidence: [] });
    expect(untapVerdict(untapVerdict(taps, key, 'verdict'), key, 'evidence').size).toBe(0);
    expect(untapVerdict(NO_VERDICT_TAPS, key, 'verdict')).toBe(NO_VERDICT_TAPS);
  });
});

describe('what 反弹 does', () => {
  const one = (t: unknown) => targetsOf(t)[0]!;

  it('reopens a verified item, sends an unfinished one back to work, and only records a finding', () => {
    expect(relapseEffect(one(ledger(1, 'verified')))).toBe('reopen');
    expect(relapseEffect(one(ledger(1, 'closed')))).toBe('reopen');
    expect(relapseEffect(one(ledger(1, 'open')))).toBe('back_to_work');
    expect(relapseEffect(one(ledger(1, 'reported')))).toBe('back_to_work');
    expect(relapseEffect(one(ledger(1, 'in_progress')))).toBe('stays');
    expect(relapseEffect(one(ledger(1, 'reopened')))).toBe('stays');
    expect(relapseEffect(one(finding(1)))).toBe('recorded');
  });

  it('marks a ledger item past its deadline unless it is verified or closed', () => {
    expect(pastDeadline(one(ledger(1, 'in_progress', '2026-03-01')), '2026-03-02')).toBe(true);
    expect(pastDeadline(one(ledger(1, 'in_progress', '2026-03-02')), '2026-03-02')).toBe(false);
    expect(pastDeadline(one(ledger(1, 'verified', '2026-03-01')), '2026-03-02')).toBe(false);
    expect(pastDeadline(one(ledger(1, 'open')), '2026-03-02')).toBe(false);
    expect(pastDeadline(one(finding(1)), '2026-03-02')).toBe(false);
  });
});
