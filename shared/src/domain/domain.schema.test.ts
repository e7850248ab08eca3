import { describe, expect, it } from 'vitest';
import { AuditEvent } from './audit.schema';
import { GeoPoint, Id, IsoDate, IsoDateTime, MoneyYuan, Sha256Hex } from './common.schema';
import { HASH, T0, uid } from './fixtures.test-support';
import { Finding } from './finding.schema';
import { FollowUpVerdictRecord } from './follow-up.schema';
import {
  AnswerValue,
  Inspection,
  canChangeInspectionStatus,
  isInspectionEditable,
} from './inspection.schema';
import { INSPECTION_STATUSES } from './enums';
import { Plan, PlanCreateInput, PlanListItem } from './plan.schema';
import { RectificationItem } from './rectification.schema';
import { TalkRecord } from './talk.schema';
import { TeamCreateInput, TeamSetMembersInput } from './team.schema';
import { GradeThresholds, Template, TemplateItem } from './template.schema';
import { Unit } from './unit.schema';
import { Me, UserCreateInput } from './user.schema';

describe('common building blocks', () => {
  it('accepts any hex UUID, as PostgreSQL does, and nothing else', () => {
    expect(Id.safeParse(uid(1)).success).toBe(true);
    expect(Id.safeParse('00000000-0000-0000-0000-000000000001').success).toBe(true);
    expect(Id.safeParse('not-a-uuid').success).toBe(false);
    expect(Id.safeParse(`${uid(1)}x`).success).toBe(false);
  });

  it('takes instants with Z or an offset, and days as YYYY-MM-DD', () => {
    expect(IsoDateTime.safeParse(T0).success).toBe(true);
    expect(IsoDateTime.safeParse('2026-03-01T17:00:00+08:00').success).toBe(true);
    expect(IsoDateTime.safeParse('2026-03-01').success).toBe(false);
    expect(IsoDate.safeParse('2026-02-29').success).toBe(false);
    expect(IsoDate.safeParse('2028-02-29').success).toBe(true);
  });

  it('takes lowercase SHA-256 hex only', () => {
    expect(Sha256Hex.safeParse(HASH).success).toBe(true);
    expect(Sha256Hex.safeParse('A'.repeat(64)).success).toBe(false);
    expect(Sha256Hex.safeParse('a'.repeat(63)).success).toBe(false);
  });

  it('keeps money to the fen and non-negative', () => {
    for (const ok of [0, 0.07, 2.03, 7_899_000.5, 1_507_000.99]) {
      expect(MoneyYuan.safeParse(ok).success).toBe(true);
    }
    for (const bad of [-1, 0.001, 1.005, Number.NaN, Infinity]) {
      expect(MoneyYuan.safeParse(bad).success).toBe(false);
    }
  });

  it('bounds coordinates', () => {
    expect(GeoPoint.safeParse({ lat: 30.6, lng: 114.3, accuracy: 12 }).success).toBe(true);
    expect(GeoPoint.safeParse({ lat: 91, lng: 0, accuracy: 1 }).success).toBe(false);
    expect(GeoPoint.safeParse({ lat: 0, lng: 0, accuracy: -1 }).success).toBe(false);
  });
});

describe('organisation and people', () => {
  it('parses a unit and refuses an unknown kind', () => {
    const unit = { id: uid(1), parentId: null, name: '某省', kind: 'province', code: 'P01' };
    expect(Unit.parse(unit)).toEqual(unit);
    expect(Unit.safeParse({ ...unit, kind: 'village' }).success).toBe(false);
  });

  it('requires a scope for a supervisor and fills defaults', () => {
    const base = { username: 'wangfang', displayName: '王芳', password: 'abcdefghi1' };
    expect(UserCreateInput.safeParse({ ...base, role: 'supervisor' }).success).toBe(false);
    const ok = UserCreateInput.parse({ ...base, role: 'supervisor', scopeUnitId: uid(1) });
    expect(ok.locale).toBe('zh-CN');
    expect(ok.unitId).toBeNull();
    expect(UserCreateInput.safeParse({ ...base, role: 'inspector' }).success).toBe(true);
  });

  it('parses Me', () => {
    const me = {
      id: uid(1),
      username: 'inspector',
      displayName: '张明',
      role: 'inspector',
      locale: 'zh-CN',
      unitId: null,
      teamIds: [uid(2)],
    };
    expect(Me.parse(me)).toEqual(me);
  });

  it('keeps the leader among the members and members unique', () => {
    expect(
      TeamCreateInput.safeParse({ name: '第一检查组', leaderId: uid(1), memberIds: [uid(2)] })
        .success,
    ).toBe(false);
    expect(
      TeamSetMembersInput.safeParse({ teamId: uid(9), leaderId: null, memberIds: [uid(1), uid(1)] })
        .success,
    ).toBe(false);
    expect(
      TeamSetMembersInput.safeParse({
        teamId: uid(9),
        leaderId: uid(1),
        memberIds: [uid(1), uid(2)],
      }).success,
    ).toBe(true);
  });
});

function item(over: Record<string, unknown> = {}) {
  return {
    id: uid(100),
    title: '落实“第一议题”制度',
    answerKind: 'conformity',
    maxScore: 5,
    ...over,
  };
}

describe('templates', () => {
  it('fills item defaults', () => {
    const parsed = TemplateItem.parse(item());
    expect(parsed).toMatchObject({
      weight: 1,
      veto: false,
      evidenceRequired: false,
      required: true,
      guidance: '',
      checkMethods: [],
    });
  });

  it('needs at least two distinct choices for a choice item, scoring within the maximum', () => {
    const choices = [
      { value: 'a', label: '甲', score: 5 },
      { value: 'b', label: '乙', score: 0 },
    ];
    expect(TemplateItem.safeParse(item({ answerKind: 'choice' })).success).toBe(false);
    expect(TemplateItem.safeParse(item({ answerKind: 'choice', choices })).success).toBe(true);
    expect(
      TemplateItem.safeParse(item({ answerKind: 'choice', choices: [choices[0], choices[0]] }))
        .success,
    ).toBe(false);
    expect(
      TemplateItem.safeParse(
        item({ answerKind: 'choice', choices: [{ ...choices[0], score: 6 }, choices[1]] }),
      ).success,
    ).toBe(false);
  });

  it('allows a veto only on a conformity item', () => {
    expect(TemplateItem.safeParse(item({ veto: true })).success).toBe(true);
    expect(TemplateItem.safeParse(item({ veto: true, answerKind: 'score' })).success).toBe(false);
  });

  it('orders grade thresholds', () => {
    expect(GradeThresholds.safeParse({ excellent: 90, good: 80, pass: 60 }).success).toBe(true);
    expect(GradeThresholds.safeParse({ excellent: 80, good: 90, pass: 60 }).success).toBe(false);
  });

  it('parses a versioned template and refuses duplicate ids', () => {
    const t = {
      id: uid(1),
      version: 2,
      title: '年中督责分项评议表',
      createdAt: T0,
      sections: [{ id: uid(10), title: '政治建设', weight: 20, items: [item()] }],
    };
    const parsed = Template.parse(t);
    expect(parsed.gradeThresholds).toEqual({ excellent: 90, good: 80, pass: 60 });
    expect(
      Template.safeParse({
        ...t,
        sections: [{ id: uid(10), title: '政治建设', weight: 20, items: [item(), item()] }],
      }).success,
    ).toBe(false);
    expect(Template.safeParse({ ...t, version: 0 }).success).toBe(false);
    expect(Template.safeParse({ ...t, sections: [] }).success).toBe(false);
  });
});

describe('plans', () => {
  const base = {
    title: '某县食堂四不两直检查',
    kind: 'unannounced',
    targetUnitId: uid(1),
    teamId: uid(2),
    windowStart: '2026-04-01',
    windowEnd: '2026-04-03',
    templateId: uid(3),
    templateVersion: 1,
  };

  it('makes an unannounced plan confidential whatever was asked', () => {
    expect(PlanCreateInput.parse({ ...base, confidential: false }).confidential).toBe(true);
    expect(PlanCreateInput.parse({ ...base, kind: 'special' }).confidential).toBe(false);
    expect(
      PlanCreateInput.parse({ ...base, kind: 'special', confidential: true }).confidential,
    ).toBe(true);
  });

  it('refuses a window that ends before it starts', () => {
    expect(PlanCreateInput.safeParse({ ...base, windowEnd: '2026-03-31' }).success).toBe(false);
    expect(
      Plan.safeParse({
        ...base,
        id: uid(9),
        status: 'planned',
        confidential: true,
        createdBy: uid(4),
        createdAt: T0,
        updatedAt: T0,
        windowEnd: '2026-03-31',
      }).success,
    ).toBe(false);
  });

  it('parses a plan list row as the contract shapes it', () => {
    const row = {
      id: uid(9),
      title: base.title,
      kind: 'unannounced',
      status: 'planned',
      confidential: true,
      targetUnit: { id: uid(1), name: '某县' },
      team: { id: uid(2), name: '第一检查组' },
      windowStart: '2026-04-01',
      windowEnd: '2026-04-03',
      templateId: uid(3),
      templateVersion: 1,
    };
    expect(PlanListItem.parse(row)).toEqual(row);
    // Team members are named for devices; a copy cached by an older app lacks them.
    const named = { ...row, teamMembers: [{ id: uid(4), name: '李华' }] };
    expect(PlanListItem.parse(named)).toEqual(named);
  });
});

describe('inspections', () => {
  it('tags answers by kind', () => {
    expect(AnswerValue.safeParse({ kind: 'conformity', value: 'partial' }).success).toBe(true);
    expect(AnswerValue.safeParse({ kind: 'conformity', value: 7 }).success).toBe(false);
    expect(AnswerValue.safeParse({ kind: 'score', value: -1 }).success).toBe(false);
    expect(AnswerValue.safeParse({ kind: 'choice', value: 'a' }).success).toBe(true);
    expect(AnswerValue.safeParse({ kind: 'photo', value: 'x' }).success).toBe(false);
  });

  it('parses a visit keyed by item id', () => {
    const insp = {
      id: uid(1),
      planId: uid(2),
      templateId: uid(3),
      templateVersion: 1,
      status: 'draft',
      answers: {
        [uid(100)]: {
          answer: { kind: 'conformity', value: 'nonconforming' },
          evidence: [HASH],
          answeredBy: uid(5),
          answeredAt: T0,
        },
      },
      notes: [
        { id: uid(7), text: '食堂账目未公示', createdBy: uid(5), createdAt: T0, updatedAt: T0 },
      ],
      attachments: [
        {
          sha256: HASH,
          fileName: 'IMG_0001.jpg',
          mimeType: 'image/jpeg',
          size: 1024,
          addedBy: uid(5),
          addedAt: T0,
        },
      ],
      startedBy: uid(5),
      startedAt: T0,
      endedAt: null,
      place: { lat: 30.5, lng: 114.3, accuracy: 20 },
      submittedAt: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewComments: [],
      updatedAt: T0,
    };
    const parsed = Inspection.parse(insp);
    expect(parsed.answers[uid(100)]?.remark).toBe('');
    expect(parsed.notes[0]?.itemId).toBeNull();
    expect(
      Inspection.safeParse({ ...insp, answers: { 'not-an-id': insp.answers[uid(100)] } }).success,
    ).toBe(false);
  });

  it('moves draft → submitted → returned | approved, and locks submitted visits', () => {
    const allowed = new Set([
      'draft>submitted',
      'submitted>returned',
      'submitted>approved',
      'returned>submitted',
    ]);
    for (const from of INSPECTION_STATUSES) {
      for (const to of INSPECTION_STATUSES) {
        expect(canChangeInspectionStatus(from, to)).toBe(allowed.has(`${from}>${to}`));
      }
    }
    expect(INSPECTION_STATUSES.filter(isInspectionEditable)).toEqual(['draft', 'returned']);
  });
});

describe('findings, ledger, follow-up, talks, audit', () => {
  it('parses a finding with money and people concerned', () => {
    const f = Finding.parse({
      id: uid(1),
      planId: uid(2),
      inspectionId: uid(3),
      itemId: null,
      unitId: uid(4),
      category: 'eight_rules',
      severity: 'high',
      title: '违规发放津贴补贴',
      description: '2025年违规发放津贴补贴共计789.9万元',
      moneyInvolvedYuan: 7_899_000,
      moneyRecoveredYuan: 1_507_000,
      unitsConcerned: [uid(4)],
      peopleConcerned: [{ name: '某某', position: '财务科科长' }],
      evidence: [HASH],
      recommendedForm: 'form2',
      isClue: true,
      proposedRectification: {
        measures: '清退违规发放款项',
        kind: 'deadline',
        deadline: '2026-06-30',
      },
      createdBy: uid(5),
      createdAt: T0,
      updatedAt: T0,
    });
    expect(f.peopleConcerned[0]?.unitId).toBeNull();
  });

  it('parses a ledger item with its history', () => {
    const item = {
      id: uid(1),
      findingId: uid(2),
      talkRecordId: null,
      title: '清退津贴补贴',
      measures: '逐人清退',
      responsibleUnitId: uid(3),
      responsiblePerson: '李某',
      kind: 'deadline',
      deadline: '2026-06-30',
      status: 'reopened',
      progress: [],
      verifications: [],
      history: [
        {
          event: 'follow_up.relapsed',
          from: 'closed',
          to: 'reopened',
          by: uid(4),
          role: 'inspector',
          at: T0,
        },
      ],
      relapseCount: 1,
      closedAt: null,
      createdBy: uid(4),
      createdAt: T0,
      updatedAt: T0,
    };
    expect(RectificationItem.parse(item)).toEqual(item);
    const badEvent = { ...item, history: [{ ...item.history[0], event: 'follow_up.maybe' }] };
    expect(RectificationItem.safeParse(badEvent).success).toBe(false);
  });

  it('needs a follow-up verdict to name what it judges', () => {
    const v = {
      id: uid(1),
      planId: uid(2),
      inspectionId: uid(3),
      rectificationItemId: null,
      findingId: null,
      verdict: 'relapsed',
      comment: '',
      evidence: [],
      judgedBy: uid(4),
      judgedAt: T0,
    };
    expect(FollowUpVerdictRecord.safeParse(v).success).toBe(false);
    expect(FollowUpVerdictRecord.safeParse({ ...v, rectificationItemId: uid(5) }).success).toBe(
      true,
    );
  });

  it('parses a signed talk record', () => {
    const t = TalkRecord.parse({
      id: uid(1),
      planId: uid(2),
      inspectionId: null,
      unitId: uid(3),
      heldAt: T0,
      place: '县纪委谈话室',
      participants: [
        { name: '王芳', role: 'talker' },
        { name: '某局长', role: 'subject', position: '局长' },
      ],
      exchanges: [{ question: '如何落实主体责任？', answer: '……' }],
      commitments: [{ id: uid(6), text: '一个月内完成整改' }],
      signatureSha256: HASH,
      signedAt: T0,
      createdBy: uid(4),
      createdAt: T0,
      updatedAt: T0,
    });
    expect(t.commitments[0]?.rectificationItemId).toBeNull();
  });

  it('accepts dotted audit actions only', () => {
    const e = {
      id: uid(1),
      at: T0,
      actorId: uid(2),
      actorRole: 'admin',
      action: 'user.disable',
      entity: 'user',
      entityId: uid(3),
      requestId: 'r-1',
      details: {},
    };
    expect(AuditEvent.safeParse(e).success).toBe(true);
    expect(AuditEvent.safeParse({ ...e, action: 'DROP TABLE' }).success).toBe(false);
  });
});
