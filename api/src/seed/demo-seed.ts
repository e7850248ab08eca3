import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  Answer,
  Finding,
  Inspection,
  Note,
  RectificationItem,
  cstDay,
  type AnswerValue,
  type LedgerHistoryEntry,
  type PlanKind,
  type PlanStatus,
  type Role,
} from '@ducha/shared';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { jsonb } from '../db/json';
import { hashPassword } from '../auth/password';
import { insertTemplate } from '../template/template.service';
import { DEMO_PASSWORD, DEMO_TEAMS, DEMO_UNITS, DEMO_USERS } from './demo-data';
import { TEMPLATE_IDS, demoTemplates } from './demo-templates';
import { demoId } from './demo-id';
import { findingRecord, visitRecords, writeDemoRecords } from './demo-visit-records';

const DAY = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

export interface SeedOutcome {
  seeded: boolean;
}

/** True when nobody has an account yet: the only state in which the demo may be written. */
async function isEmpty(db: Database): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(sql<boolean>`true`.as('any'))
    .limit(1)
    .executeTakeFirst();
  return row === undefined;
}

/**
 * Writes the demo organisation, accounts, checklists, plans, visits, findings and ledger items —
 * only into a database without users, and all in one transaction, so a non-empty database is
 * never touched and a failed seed leaves nothing behind. Dates are relative to `clock` so the
 * demo always has plans for this week.
 */
export async function seedDemoIfEmpty(deps: { db: Database; clock: Clock }): Promise<SeedOutcome> {
  const { db, clock } = deps;
  if (!(await isEmpty(db))) return { seeded: false };

  const hashes = new Map(
    await Promise.all(
      DEMO_USERS.map(async (u) => [u.username, await hashPassword(DEMO_PASSWORD)] as const),
    ),
  );

  return db.transaction().execute(async (tx) => {
    // Two processes starting at once on one PostgreSQL: the second waits here, then sees users.
    await sql`select pg_advisory_xact_lock(hashtext('ducha.demo-seed'))`.execute(tx);
    if (!(await isEmpty(tx))) return { seeded: false };
    await writeDemo(tx, clock.now(), hashes);
    return { seeded: true };
  });
}

async function writeDemo(tx: Database, now: Date, hashes: Map<string, string>): Promise<void> {
  const today = cstDay(now);
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * 3_600_000);
  const iso = (d: Date) => d.toISOString();

  // Units, parents first (the path trigger needs the parent row).
  const unit = new Map<string, string>();
  for (const u of DEMO_UNITS) {
    const row = await tx
      .insertInto('units')
      .values({
        name: u.name,
        kind: u.kind,
        code: u.code,
        parent_id: u.parent ? unit.get(u.parent)! : null,
        created_at: ago(400),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    unit.set(u.code, row.id);
  }
  const U = (code: string) => unit.get(code)!;

  const user = new Map<string, { id: string; role: Role }>();
  for (const u of DEMO_USERS) {
    const row = await tx
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        password_hash: hashes.get(u.username)!,
        role: u.role,
        locale: 'zh-CN',
        unit_id: U(u.unit),
        scope_unit_id: u.scope ? U(u.scope) : null,
        created_at: ago(365),
        updated_at: ago(365),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    user.set(u.username, { id: row.id, role: u.role });
  }
  const P = (username: string) => user.get(username)!.id;

  const team = new Map<string, string>();
  for (const t of DEMO_TEAMS) {
    const row = await tx
      .insertInto('teams')
      .values({ name: t.name, unit_id: U(t.unit), created_at: ago(300), updated_at: ago(300) })
      .returning('id')
      .executeTakeFirstOrThrow();
    team.set(t.key, row.id);
    await tx
      .insertInto('team_members')
      .values(t.members.map((m) => ({ team_id: row.id, user_id: P(m), is_leader: m === t.leader })))
      .execute();
  }

  for (const t of demoTemplates(iso(ago(60)), iso(ago(400)))) {
    await insertTemplate(tx, t, P('admin'));
  }

  // Plans. The first team (the demo inspector's) has a confidential 四不两直 visit today, a 回头看
  // this week on a unit with open ledger items and earlier findings, a 约谈, visits under way and
  // to come, and a check already done.
  interface PlanSeed {
    key: string;
    title: string;
    kind: PlanKind;
    status: PlanStatus;
    target: string;
    team: 'first' | 'second';
    from: number;
    to: number;
    template: string;
    version: number;
    createdBy: string;
    description: string;
    followUpOf?: string;
  }
  const plans: PlanSeed[] = [
    {
      key: 'special-czt',
      title: '落实中央八项规定精神专项检查（省财政厅）',
      kind: 'special',
      status: 'done',
      target: 'JN.CZT',
      team: 'first',
      from: -75,
      to: -70,
      template: TEMPLATE_IDS.eightRules,
      version: 1,
      createdBy: 'supervisor',
      description: '聚焦机关食堂、津贴补贴、公务用车、商业预付卡四个专项，抽查近两年账目。',
    },
    {
      key: 'unannounced-qs',
      title: '四不两直暗访：青山县机关食堂与公务用车',
      kind: 'unannounced',
      status: 'planned',
      target: 'JN.LJ.QS',
      team: 'first',
      from: 0,
      to: 0,
      template: TEMPLATE_IDS.eightRules,
      version: 1,
      createdBy: 'leader',
      description: '不发通知、不打招呼、不听汇报、不用陪同接待，直奔基层、直插现场。',
    },
    {
      key: 'midyear-jtt',
      title: '2026年“年中督责”检查（省交通运输厅）',
      kind: 'midyear',
      status: 'in_progress',
      target: 'JN.JTT',
      team: 'first',
      from: -3,
      to: 7,
      template: TEMPLATE_IDS.midyear,
      version: 2,
      createdBy: 'supervisor',
      description: '对照年初任务分工，检查主体责任和“一岗双责”落实情况。',
    },
    {
      key: 'followup-czt',
      title: '回头看：省财政厅津贴补贴问题整改情况',
      kind: 'follow_up',
      status: 'planned',
      target: 'JN.CZT',
      team: 'first',
      from: 0,
      to: 4,
      template: TEMPLATE_IDS.eightRules,
      version: 1,
      createdBy: 'supervisor',
      description: '逐项核查专项检查发现问题的整改到位情况，防止反弹。',
      followUpOf: 'special-czt',
    },
    {
      key: 'talk-cz',
      title: '约谈：云川市城中区党委主要负责人',
      kind: 'talk',
      status: 'planned',
      target: 'JN.YC.CZ',
      team: 'first',
      from: 2,
      to: 2,
      template: TEMPLATE_IDS.talk,
      version: 1,
      createdBy: 'supervisor',
      description: '针对年中督责发现的“一岗双责”落实不到位问题开展约谈，听取表态并形成备忘录。',
    },
    {
      key: 'obtc-jttz',
      title: '“一书双卡”落实情况检查（省交通投资集团）',
      kind: 'open_covert',
      status: 'planned',
      target: 'JN.JTTZ',
      team: 'first',
      from: 20,
      to: 24,
      template: TEMPLATE_IDS.oneBookTwoCards,
      version: 1,
      createdBy: 'supervisor',
      description: '明察与暗访结合，重点了解责任点、风险点提示卡的使用情况。',
    },
    {
      key: 'midyear-jndx',
      title: '2026年“年中督责”检查（江南大学）',
      kind: 'midyear',
      status: 'done',
      target: 'JN.JNDX',
      team: 'second',
      from: -30,
      to: -25,
      template: TEMPLATE_IDS.midyear,
      version: 1,
      createdBy: 'supervisor',
      description: '重点检查科研经费管理和“三重一大”决策制度执行情况。',
    },
    {
      key: 'talk-sm',
      title: '约谈：石门县党委主要负责人',
      kind: 'talk',
      status: 'planned',
      target: 'JN.YC.SM',
      team: 'second',
      from: 5,
      to: 5,
      template: TEMPLATE_IDS.talk,
      version: 1,
      createdBy: 'supervisor',
      description: '就群众反映的问题作出说明，签署《廉政谈话备忘录》。',
    },
    {
      key: 'unannounced-ny',
      title: '四不两直暗访：南屿县乡镇“四风”问题',
      kind: 'unannounced',
      status: 'planned',
      target: 'JN.WH.NY',
      team: 'second',
      from: 2,
      to: 4,
      template: TEMPLATE_IDS.oneBookTwoCards,
      version: 1,
      createdBy: 'zhoumin',
      description: '直奔基层，了解惠民惠农政策落实和服务群众情况。',
    },
    {
      key: 'special-bj',
      title: '商业预付卡专项检查（临江市滨江区）',
      kind: 'special',
      status: 'cancelled',
      target: 'JN.LJ.BJ',
      team: 'second',
      from: -10,
      to: -8,
      template: TEMPLATE_IDS.eightRules,
      version: 1,
      createdBy: 'supervisor',
      description: '因并入全省集中整治行动，本次检查取消。',
    },
  ];
  const plan = new Map<string, string>();
  for (const p of plans) {
    const id = randomUUID();
    await tx
      .insertInto('plans')
      .values({
        id,
        title: p.title,
        kind: p.kind,
        status: p.status,
        confidential: p.kind === 'unannounced',
        target_unit_id: U(p.target),
        team_id: team.get(p.team)!,
        window_start: addDays(today, p.from),
        window_end: addDays(today, p.to),
        template_id: p.template,
        template_version: p.version,
        description: p.description,
        follow_up_of_plan_id: p.followUpOf ? plan.get(p.followUpOf)! : null,
        created_by: P(p.createdBy),
        created_at: ago(p.from < 0 ? 14 - p.from : 7),
        updated_at: ago(1),
      })
      .execute();
    plan.set(p.key, id);
  }

  const item = (prefix: string, code: string) => demoId(`${prefix}:item:${code}`);
  const answer = (by: string, at: Date, value: AnswerValue, remark = '') =>
    Answer.parse({ answer: value, remark, evidence: [], answeredBy: P(by), answeredAt: iso(at) });

  // Visits: one approved (the special check), one draft under way, one waiting for review.
  const specialVisitAt = ago(72, 2);
  const specialVisit = Inspection.parse({
    id: randomUUID(),
    planId: plan.get('special-czt')!,
    templateId: TEMPLATE_IDS.eightRules,
    templateVersion: 1,
    status: 'approved',
    answers: {
      [item('eight', 'ST-1')]: answer(
        'inspector',
        specialVisitAt,
        { kind: 'conformity', value: 'nonconforming' },
        '包间存在超标准接待记录 3 次',
      ),
      [item('eight', 'ST-2')]: answer('inspector', specialVisitAt, {
        kind: 'conformity',
        value: 'conforms',
      }),
      [item('eight', 'JT-1')]: answer(
        'leader',
        specialVisitAt,
        { kind: 'conformity', value: 'nonconforming' },
        '以“加班补助”名义发放津贴',
      ),
      [item('eight', 'JT-2')]: answer('leader', specialVisitAt, {
        kind: 'number',
        value: 1_264_000,
      }),
      [item('eight', 'GC-1')]: answer('chenjing', specialVisitAt, {
        kind: 'conformity',
        value: 'conforms',
      }),
      [item('eight', 'GC-2')]: answer('chenjing', specialVisitAt, { kind: 'score', value: 4 }),
      [item('eight', 'YFK-1')]: answer('leader', specialVisitAt, {
        kind: 'conformity',
        value: 'conforms',
      }),
    },
    notes: [
      Note.parse({
        id: randomUUID(),
        itemId: item('eight', 'JT-1'),
        text: '调阅 2024—2025 年工资外发放明细，财务科长当场说明情况。',
        createdBy: P('leader'),
        createdAt: iso(specialVisitAt),
        updatedAt: iso(specialVisitAt),
      }),
    ],
    attachments: [],
    startedBy: P('leader'),
    startedAt: iso(specialVisitAt),
    endedAt: iso(new Date(specialVisitAt.getTime() + 5 * 3_600_000)),
    place: { lat: 30.2741, lng: 120.1551, accuracy: 25 },
    submittedAt: iso(ago(70)),
    reviewedBy: P('supervisor'),
    reviewedAt: iso(ago(68)),
    reviewComments: [
      { itemId: null, text: '问题定性准确，同意提交整改。', by: P('supervisor'), at: iso(ago(68)) },
    ],
    updatedAt: iso(ago(68)),
  });

  const midyearVisitAt = ago(1, 3);
  const midyearVisit = Inspection.parse({
    id: randomUUID(),
    planId: plan.get('midyear-jtt')!,
    templateId: TEMPLATE_IDS.midyear,
    templateVersion: 2,
    status: 'draft',
    answers: {
      [item('midyear', 'ZZ-1')]: answer('inspector', midyearVisitAt, { kind: 'score', value: 8 }),
      [item('midyear', 'ZZ-3')]: answer(
        'inspector',
        midyearVisitAt,
        { kind: 'number', value: 1 },
        '上半年仅专题研究 1 次',
      ),
      [item('midyear', 'ZZ-4')]: answer('inspector', midyearVisitAt, {
        kind: 'conformity',
        value: 'conforms',
      }),
      [item('midyear', 'ZF-1')]: answer(
        'chenjing',
        midyearVisitAt,
        { kind: 'score', value: 11 },
        '公务接待审批单填写不全',
      ),
    },
    notes: [
      Note.parse({
        id: randomUUID(),
        itemId: null,
        text: '上午听取汇报，下午查阅资料并个别谈话 4 人。',
        createdBy: P('inspector'),
        createdAt: iso(midyearVisitAt),
        updatedAt: iso(midyearVisitAt),
      }),
    ],
    attachments: [],
    startedBy: P('inspector'),
    startedAt: iso(midyearVisitAt),
    endedAt: null,
    place: null,
    submittedAt: null,
    reviewedBy: null,
    reviewedAt: null,
    reviewComments: [],
    updatedAt: iso(midyearVisitAt),
  });

  const jndxVisitAt = ago(27, 1);
  const jndxVisit = Inspection.parse({
    id: randomUUID(),
    planId: plan.get('midyear-jndx')!,
    templateId: TEMPLATE_IDS.midyear,
    templateVersion: 1,
    status: 'submitted',
    answers: {
      [item('midyear', 'ZZ-1')]: answer('liuyang', jndxVisitAt, { kind: 'score', value: 9 }),
      [item('midyear', 'ZZ-2')]: answer('liuyang', jndxVisitAt, { kind: 'score', value: 8 }),
      [item('midyear', 'ZZJS-2')]: answer(
        'zhoumin',
        jndxVisitAt,
        { kind: 'conformity', value: 'partial' },
        '个别大额经费支出未经集体研究',
      ),
      [item('midyear', 'JL-1')]: answer('zhoumin', jndxVisitAt, { kind: 'score', value: 7 }),
    },
    notes: [],
    attachments: [],
    startedBy: P('zhoumin'),
    startedAt: iso(jndxVisitAt),
    endedAt: iso(new Date(jndxVisitAt.getTime() + 6 * 3_600_000)),
    place: null,
    submittedAt: iso(ago(25)),
    reviewedBy: null,
    reviewedAt: null,
    reviewComments: [],
    updatedAt: iso(ago(25)),
  });

  for (const v of [specialVisit, midyearVisit, jndxVisit]) {
    await tx
      .insertInto('inspections')
      .values({
        id: v.id,
        plan_id: v.planId,
        template_id: v.templateId,
        template_version: v.templateVersion,
        status: v.status,
        answers: jsonb(v.answers),
        notes: jsonb(v.notes),
        attachments: jsonb(v.attachments),
        started_by: v.startedBy,
        started_at: v.startedAt,
        ended_at: v.endedAt,
        place: v.place ? jsonb(v.place) : null,
        submitted_at: v.submittedAt,
        reviewed_by: v.reviewedBy,
        reviewed_at: v.reviewedAt,
        review_comments: jsonb(v.reviewComments),
        updated_at: v.updatedAt,
      })
      .execute();
  }

  const finding = (f: Omit<Finding, 'id' | 'evidence' | 'createdAt' | 'updatedAt'>, at: Date) =>
    Finding.parse({ ...f, id: randomUUID(), evidence: [], createdAt: iso(at), updatedAt: iso(at) });
  const findings = {
    allowance: finding(
      {
        planId: plan.get('special-czt')!,
        inspectionId: specialVisit.id,
        itemId: item('eight', 'JT-1'),
        unitId: U('JN.CZT'),
        category: 'funds',
        severity: 'high',
        title: '以“加班补助”名义违规发放津贴补贴',
        description: '2024—2025 年以加班补助名义向机关干部发放津贴补贴，无审批依据。',
        moneyInvolvedYuan: 1_264_000,
        moneyRecoveredYuan: 385_000,
        unitsConcerned: [U('JN.CZT')],
        peopleConcerned: [{ name: '钱某', position: '原办公室主任', unitId: U('JN.CZT') }],
        recommendedForm: 'form2',
        isClue: false,
        proposedRectification: {
          measures: '全额清退违规发放资金，修订津贴补贴发放审核办法。',
          kind: 'deadline',
          deadline: addDays(today, 20),
        },
        createdBy: P('leader'),
      },
      specialVisitAt,
    ),
    canteen: finding(
      {
        planId: plan.get('special-czt')!,
        inspectionId: specialVisit.id,
        itemId: item('eight', 'ST-1'),
        unitId: U('JN.CZT'),
        category: 'eight_rules',
        severity: 'medium',
        title: '机关食堂包间超标准接待',
        description: '机关食堂包间 3 次接待超出标准，菜品和酒水费用由食堂经费列支。',
        moneyInvolvedYuan: 23_600,
        moneyRecoveredYuan: null,
        unitsConcerned: [U('JN.CZT')],
        peopleConcerned: [],
        recommendedForm: 'form1',
        isClue: false,
        proposedRectification: {
          measures: '关停食堂包间，建立公务接待清单制度。',
          kind: 'immediate',
          deadline: null,
        },
        createdBy: P('inspector'),
      },
      specialVisitAt,
    ),
    // Never made a ledger item: the 回头看 of the same unit re-checks it on site.
    vehicle: finding(
      {
        planId: plan.get('special-czt')!,
        inspectionId: specialVisit.id,
        itemId: item('eight', 'GC-2'),
        unitId: U('JN.CZT'),
        category: 'eight_rules',
        severity: 'low',
        title: '公务用车使用登记不完整',
        description: '抽查 2025 年公务用车派车单 40 份，9 份未登记用车事由和行驶里程。',
        moneyInvolvedYuan: null,
        moneyRecoveredYuan: null,
        unitsConcerned: [U('JN.CZT')],
        peopleConcerned: [],
        recommendedForm: null,
        isClue: false,
        proposedRectification: null,
        createdBy: P('chenjing'),
      },
      specialVisitAt,
    ),
    reception: finding(
      {
        planId: plan.get('midyear-jtt')!,
        inspectionId: midyearVisit.id,
        itemId: item('midyear', 'ZF-1'),
        unitId: U('JN.JTT'),
        category: 'conduct',
        severity: 'low',
        title: '公务接待审批单填写不全',
        description: '抽查 20 份公务接待审批单，6 份未填写接待对象人数和陪餐人数。',
        moneyInvolvedYuan: null,
        moneyRecoveredYuan: null,
        unitsConcerned: [U('JN.JTT')],
        peopleConcerned: [],
        recommendedForm: 'form1',
        isClue: false,
        proposedRectification: null,
        createdBy: P('chenjing'),
      },
      midyearVisitAt,
    ),
    research: finding(
      {
        planId: plan.get('midyear-jndx')!,
        inspectionId: jndxVisit.id,
        itemId: item('midyear', 'ZZJS-2'),
        unitId: U('JN.JNDX'),
        category: 'funds',
        severity: 'high',
        title: '科研经费报销不规范，存在虚列劳务费线索',
        description: '个别课题组以学生名义虚列劳务费，资金回流至课题负责人个人账户。',
        moneyInvolvedYuan: 468_000,
        moneyRecoveredYuan: null,
        unitsConcerned: [U('JN.JNDX')],
        peopleConcerned: [{ name: '孙某', position: '课题负责人', unitId: U('JN.JNDX') }],
        recommendedForm: 'form3',
        isClue: true,
        proposedRectification: null,
        createdBy: P('zhoumin'),
      },
      jndxVisitAt,
    ),
  };
  for (const f of Object.values(findings)) {
    await tx
      .insertInto('findings')
      .values({
        id: f.id,
        plan_id: f.planId,
        inspection_id: f.inspectionId,
        item_id: f.itemId,
        unit_id: f.unitId,
        category: f.category,
        severity: f.severity,
        title: f.title,
        description: f.description,
        money_involved_yuan: f.moneyInvolvedYuan,
        money_recovered_yuan: f.moneyRecoveredYuan,
        units_concerned: jsonb(f.unitsConcerned),
        people_concerned: jsonb(f.peopleConcerned),
        evidence: jsonb(f.evidence),
        recommended_form: f.recommendedForm,
        is_clue: f.isClue,
        proposed_rectification: f.proposedRectification ? jsonb(f.proposedRectification) : null,
        created_by: f.createdBy,
        created_at: f.createdAt,
        updated_at: f.updatedAt,
      })
      .execute();
  }

  // The same visits and findings as the sync records phones pull and the console reviews.
  await writeDemoRecords(tx, [
    ...[specialVisit, midyearVisit, jndxVisit].flatMap(visitRecords),
    ...Object.values(findings).map(findingRecord),
  ]);

  // The 整改台账 of the approved special check: one item per status worth showing.
  const step = (
    event: LedgerHistoryEntry['event'],
    from: LedgerHistoryEntry['from'],
    to: LedgerHistoryEntry['to'],
    by: string,
    at: Date,
  ): LedgerHistoryEntry => ({ event, from, to, by: P(by), role: user.get(by)!.role, at: iso(at) });
  const created = ago(67);
  const ledger = [
    RectificationItem.parse({
      id: randomUUID(),
      findingId: findings.allowance.id,
      talkRecordId: null,
      title: '清退违规发放的津贴补贴',
      measures: '逐人核算违规发放金额，限期全额清退；对相关责任人作出组织处理。',
      responsibleUnitId: U('JN.CZT'),
      responsiblePerson: '陈国栋（党组书记）',
      kind: 'deadline',
      deadline: addDays(today, 20),
      status: 'reported',
      progress: [
        {
          id: randomUUID(),
          text: '已清退 38.5 万元，其余款项已制定分期清退计划。',
          evidence: [],
          reportedBy: P('leader'),
          reportedAt: iso(ago(10)),
        },
      ],
      verifications: [],
      history: [
        step('start', 'open', 'in_progress', 'leader', ago(60)),
        step('submit_for_verification', 'in_progress', 'reported', 'leader', ago(10)),
      ],
      relapseCount: 0,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(created),
      updatedAt: iso(ago(10)),
    }),
    RectificationItem.parse({
      id: randomUUID(),
      findingId: findings.allowance.id,
      talkRecordId: null,
      title: '修订津贴补贴发放审核办法',
      measures: '修订《津贴补贴发放管理办法》，建立发放前合规审核和按季公开制度。',
      responsibleUnitId: U('JN.CZT'),
      responsiblePerson: '刘建平（分管副厅长）',
      kind: 'deadline',
      deadline: addDays(today, -10),
      status: 'in_progress',
      progress: [],
      verifications: [],
      history: [step('start', 'open', 'in_progress', 'inspector', ago(55))],
      relapseCount: 0,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(created),
      updatedAt: iso(ago(55)),
    }),
    RectificationItem.parse({
      id: randomUUID(),
      findingId: findings.canteen.id,
      talkRecordId: null,
      title: '关停机关食堂包间，规范公务接待',
      measures: '立行立改：关停食堂包间，公务接待一律执行清单制度。',
      responsibleUnitId: U('JN.CZT'),
      responsiblePerson: '机关服务中心主任',
      kind: 'immediate',
      deadline: null,
      status: 'closed',
      progress: [
        {
          id: randomUUID(),
          text: '包间已改为会议室，接待清单制度已印发。',
          evidence: [],
          reportedBy: P('inspector'),
          reportedAt: iso(ago(64)),
        },
      ],
      verifications: [
        {
          passed: true,
          comment: '实地察看，包间已改作他用。',
          evidence: [],
          verifiedBy: P('supervisor'),
          verifiedAt: iso(ago(62)),
        },
      ],
      history: [
        step('start', 'open', 'in_progress', 'inspector', ago(66)),
        step('submit_for_verification', 'in_progress', 'reported', 'inspector', ago(64)),
        step('verify_pass', 'reported', 'verified', 'supervisor', ago(62)),
        step('close', 'verified', 'closed', 'supervisor', ago(61)),
      ],
      relapseCount: 0,
      closedAt: iso(ago(61)),
      createdBy: P('supervisor'),
      createdAt: iso(created),
      updatedAt: iso(ago(61)),
    }),
    // Verified but not yet 销号: what a 回头看 re-checks for 反弹 (one for each phone of the e2e).
    RectificationItem.parse({
      id: randomUUID(),
      findingId: findings.canteen.id,
      talkRecordId: null,
      title: '退还食堂经费列支的超标准接待费用',
      measures: '立行立改：由接待责任人个人退还超标准部分，食堂经费不再列支公务接待。',
      responsibleUnitId: U('JN.CZT'),
      responsiblePerson: '机关服务中心主任',
      kind: 'immediate',
      deadline: null,
      status: 'verified',
      progress: [
        {
          id: randomUUID(),
          text: '超标准部分 23,600 元已由个人全额退还。',
          evidence: [],
          reportedBy: P('inspector'),
          reportedAt: iso(ago(40)),
        },
      ],
      verifications: [
        {
          passed: true,
          comment: '查验退款凭证，款项已全额退还。',
          evidence: [],
          verifiedBy: P('supervisor'),
          verifiedAt: iso(ago(35)),
        },
      ],
      history: [
        step('start', 'open', 'in_progress', 'inspector', ago(50)),
        step('submit_for_verification', 'in_progress', 'reported', 'inspector', ago(40)),
        step('verify_pass', 'reported', 'verified', 'supervisor', ago(35)),
      ],
      relapseCount: 0,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(created),
      updatedAt: iso(ago(35)),
    }),
    RectificationItem.parse({
      id: randomUUID(),
      findingId: findings.allowance.id,
      talkRecordId: null,
      title: '停发“加班补助”类津贴补贴',
      measures: '立即停止以加班补助名义发放津贴补贴，工资外发放一律经财务合规审核。',
      responsibleUnitId: U('JN.CZT'),
      responsiblePerson: '人事处处长',
      kind: 'immediate',
      deadline: null,
      status: 'verified',
      progress: [
        {
          id: randomUUID(),
          text: '自 2026 年 1 月起已停发，工资外发放改由财务处逐笔审核。',
          evidence: [],
          reportedBy: P('leader'),
          reportedAt: iso(ago(30)),
        },
      ],
      verifications: [
        {
          passed: true,
          comment: '抽查近三个月工资表，未再发放。',
          evidence: [],
          verifiedBy: P('supervisor'),
          verifiedAt: iso(ago(28)),
        },
      ],
      history: [
        step('start', 'open', 'in_progress', 'leader', ago(58)),
        step('submit_for_verification', 'in_progress', 'reported', 'leader', ago(30)),
        step('verify_pass', 'reported', 'verified', 'supervisor', ago(28)),
      ],
      relapseCount: 0,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(created),
      updatedAt: iso(ago(28)),
    }),
    RectificationItem.parse({
      id: randomUUID(),
      findingId: findings.canteen.id,
      talkRecordId: null,
      title: '开展机关食堂经费专项审计',
      measures: '专项整治：对近三年机关食堂经费收支开展专项审计，结果报省纪委监委。',
      responsibleUnitId: U('JN.CZT'),
      responsiblePerson: '审计处处长',
      kind: 'campaign',
      deadline: addDays(today, 45),
      status: 'open',
      progress: [],
      verifications: [],
      history: [],
      relapseCount: 0,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(created),
      updatedAt: iso(created),
    }),
    // Items of other regions, so the console's ledger shows more than one unit and a 反弹.
    RectificationItem.parse({
      id: randomUUID(),
      findingId: null,
      talkRecordId: null,
      title: '整改公务用车私用问题',
      measures: '收回违规使用的公务用车，建立车辆使用登记和GPS监控制度。',
      responsibleUnitId: U('JN.YC.SM'),
      responsiblePerson: '石门县机关事务中心主任',
      kind: 'deadline',
      deadline: addDays(today, -30),
      status: 'reopened',
      progress: [],
      verifications: [
        {
          passed: true,
          comment: '查验车辆登记簿，已整改。',
          evidence: [],
          verifiedBy: P('supervisor'),
          verifiedAt: iso(ago(80)),
        },
      ],
      history: [
        step('start', 'open', 'in_progress', 'leader', ago(100)),
        step('submit_for_verification', 'in_progress', 'reported', 'leader', ago(85)),
        step('verify_pass', 'reported', 'verified', 'supervisor', ago(80)),
        step('close', 'verified', 'closed', 'supervisor', ago(79)),
        step('reopen', 'closed', 'reopened', 'supervisor', ago(12)),
      ],
      relapseCount: 1,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(ago(110)),
      updatedAt: iso(ago(12)),
    }),
    RectificationItem.parse({
      id: randomUUID(),
      findingId: null,
      talkRecordId: null,
      title: '清理超标准配备的办公用房',
      measures: '对超标准办公用房进行腾退或改作他用，结果在单位内部公示。',
      responsibleUnitId: U('JN.WH.GC'),
      responsiblePerson: '港城区政府办公室主任',
      kind: 'deadline',
      deadline: addDays(today, -40),
      status: 'closed',
      progress: [],
      verifications: [
        {
          passed: true,
          comment: '实地查看，已腾退 3 间。',
          evidence: [],
          verifiedBy: P('supervisor'),
          verifiedAt: iso(ago(45)),
        },
      ],
      history: [
        step('start', 'open', 'in_progress', 'leader', ago(70)),
        step('submit_for_verification', 'in_progress', 'reported', 'leader', ago(50)),
        step('verify_pass', 'reported', 'verified', 'supervisor', ago(45)),
        step('close', 'verified', 'closed', 'supervisor', ago(44)),
      ],
      relapseCount: 0,
      closedAt: iso(ago(44)),
      createdBy: P('supervisor'),
      createdAt: iso(ago(75)),
      updatedAt: iso(ago(44)),
    }),
    RectificationItem.parse({
      id: randomUUID(),
      findingId: null,
      talkRecordId: null,
      title: '规范“三重一大”事项集体决策',
      measures: '修订党组议事规则，“三重一大”事项一律集体研究并留存会议记录。',
      responsibleUnitId: U('JN.LJ.CZJ'),
      responsiblePerson: '临江市财政局党组书记',
      kind: 'deadline',
      deadline: addDays(today, -3),
      status: 'open',
      progress: [],
      verifications: [],
      history: [],
      relapseCount: 0,
      closedAt: null,
      createdBy: P('supervisor'),
      createdAt: iso(ago(20)),
      updatedAt: iso(ago(20)),
    }),
  ];
  for (const r of ledger) {
    await tx
      .insertInto('rectification_items')
      .values({
        id: r.id,
        finding_id: r.findingId,
        title: r.title,
        measures: r.measures,
        responsible_unit_id: r.responsibleUnitId,
        responsible_person: r.responsiblePerson,
        kind: r.kind,
        deadline: r.deadline,
        status: r.status,
        progress: jsonb(r.progress),
        verifications: jsonb(r.verifications),
        history: jsonb(r.history),
        relapse_count: r.relapseCount,
        closed_at: r.closedAt,
        created_by: r.createdBy,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      })
      .execute();
  }
}
