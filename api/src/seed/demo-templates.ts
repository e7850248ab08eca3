import type { CheckMethod, TemplateInput, TemplateItemInput } from '@ducha/shared';
import { demoId } from './demo-id';

/*
 * The demo's checklists, worded after the seed documents: the 年中督责 分项评议表 over the six
 * 建设 headings (seeds 002/003), the "一书双卡" check (seed 003), the 中央八项规定 special check
 * (seed 004) and a 约谈 outline (seed 004). Item ids are stable (demoId) so version 2 of the
 * 年中督责 sheet keeps the ids of the items it did not change.
 */

type Item = Omit<TemplateItemInput, 'id'> & { key: string };

const M = {
  docs: 'review_documents',
  site: 'site_inspection',
  accounts: 'audit_accounts',
  talk: 'individual_talk',
  report: 'hear_report',
  survey: 'evaluation_survey',
} as const satisfies Record<string, CheckMethod>;

function items(prefix: string, list: Item[]): TemplateItemInput[] {
  return list.map(({ key, ...rest }) => ({
    id: demoId(`${prefix}:item:${key}`),
    code: key,
    ...rest,
  }));
}

function section(prefix: string, key: string, title: string, weight: number, list: Item[]) {
  return { id: demoId(`${prefix}:section:${key}`), title, weight, items: items(prefix, list) };
}

export const TEMPLATE_IDS = {
  midyear: demoId('template:midyear'),
  oneBookTwoCards: demoId('template:one-book-two-cards'),
  eightRules: demoId('template:eight-rules'),
  talk: demoId('template:talk'),
} as const;

const MY = 'midyear';

const midyearPolitical = (v2: boolean): Item[] => [
  {
    key: 'ZZ-1',
    title: '学习贯彻习近平总书记重要指示批示精神，建立落实台账并跟踪督办',
    guidance:
      '查阅党委（党组）会议记录和落实台账，核对每项指示批示的责任部门、完成时限和办结情况。',
    checkMethods: [M.docs, M.report],
    answerKind: 'score',
    maxScore: 10,
    evidenceRequired: true,
  },
  {
    key: 'ZZ-2',
    title: '贯彻落实党中央决策部署和上级党组织工作部署不打折扣、不搞变通',
    guidance: '抽查年度重点任务分工的落实情况，个别谈话了解是否存在“上有政策、下有对策”。',
    checkMethods: [M.docs, M.talk],
    answerKind: 'score',
    maxScore: 10,
  },
  {
    key: 'ZZ-3',
    title: '党委（党组）书记履行第一责任人职责，年内专题研究全面从严治党工作',
    guidance: '查阅会议纪要，统计上半年专题研究全面从严治党工作的次数（不少于 2 次）。',
    checkMethods: [M.docs],
    answerKind: v2 ? 'number' : 'score',
    maxScore: v2 ? 0 : 5,
    ...(v2 ? { numberUnit: '次' } : {}),
  },
  {
    key: 'ZZ-4',
    title: '不存在对党中央决策部署敷衍塞责、弄虚作假、阳奉阴违的问题（一票否决）',
    guidance: '结合巡视巡察、信访举报和审计发现的问题线索综合判断。',
    checkMethods: [M.docs, M.talk],
    answerKind: 'conformity',
    maxScore: 5,
    veto: true,
  },
];

const midyearSections = (v2: boolean) => [
  section(MY, 'political', '政治建设', 20, midyearPolitical(v2)),
  section(MY, 'ideological', '思想建设', 15, [
    {
      key: 'SX-1',
      title: '党委（党组）理论学习中心组按计划开展学习，领导干部带头讲党课',
      guidance: '查阅中心组学习计划、记录和研讨材料；核对领导班子成员讲党课情况。',
      checkMethods: [M.docs],
      answerKind: 'score',
      maxScore: 10,
    },
    {
      key: 'SX-2',
      title: '开展党纪学习教育和警示教育，用身边典型案例教育身边人',
      guidance: '查阅警示教育大会材料、以案促改方案；随机询问 2–3 名干部对典型案例的了解。',
      checkMethods: [M.docs, M.talk],
      answerKind: 'conformity',
      maxScore: 10,
    },
  ]),
  section(MY, 'organisational', '组织建设', 15, [
    {
      key: 'ZZJS-1',
      title: '领导班子其他成员落实“一岗双责”，对分管领域党风廉政建设定期研究部署',
      guidance: '个别谈话了解班子成员履职情况；查阅分管领域工作部署记录。',
      checkMethods: [M.talk, M.docs],
      answerKind: 'score',
      maxScore: 10,
    },
    {
      key: 'ZZJS-2',
      title: '严格执行民主集中制和“三重一大”集体决策制度',
      guidance: '抽查上半年重大事项决策、重要干部任免、重大项目安排和大额资金使用的会议记录。',
      checkMethods: [M.docs, M.accounts],
      answerKind: 'conformity',
      maxScore: 10,
      evidenceRequired: true,
    },
  ]),
  section(MY, 'conduct', '作风建设', 20, [
    {
      key: 'ZF-1',
      title: '落实中央八项规定及其实施细则精神，持续纠治“四风”',
      guidance: '抽查公务接待、公务用车、差旅费报销凭证，实地察看机关食堂。',
      checkMethods: [M.accounts, M.site],
      answerKind: 'score',
      maxScore: 15,
      evidenceRequired: true,
    },
    {
      key: 'ZF-2',
      title: '整治形式主义、官僚主义，精文减会、为基层减负措施落到实处',
      guidance: '统计上半年发文、开会数量，与上年同期对比；向基层单位了解督查检查考核频次。',
      checkMethods: [M.docs, M.survey],
      answerKind: 'score',
      maxScore: 10,
    },
  ]),
  section(MY, 'discipline', '纪律建设', 20, [
    {
      key: 'JL-1',
      title: '深化运用监督执纪“四种形态”，抓早抓小、防微杜渐',
      guidance: '查阅谈话提醒、函询、诫勉等台账，核对第一种形态的运用情况。',
      checkMethods: [M.docs],
      answerKind: 'score',
      maxScore: 10,
    },
    {
      key: 'JL-2',
      title: '问题线索处置及时规范，坚持“一案双查”',
      guidance: '抽查问题线索登记、处置和办结记录，核对是否同时追究主体责任和监督责任。',
      checkMethods: [M.docs, M.talk],
      answerKind: 'score',
      maxScore: 10,
    },
  ]),
  section(MY, 'institutional', '制度建设', 10, [
    {
      key: 'ZD-1',
      title: '制度建设与执行情况：及时修订、广泛征求意见、执行到人到事',
      guidance: '查阅本年度新建和修订的制度，核对征求意见流程和执行检查记录。',
      checkMethods: [M.docs],
      answerKind: 'score',
      maxScore: 10,
    },
    ...(v2
      ? [
          {
            key: 'ZD-2',
            title: '整改台账实行“周调度、旬分析、月总结”，问题整改按期销号',
            guidance: '查阅整改台账和调度记录，抽查不少于 10% 的已销号事项。',
            checkMethods: [M.docs, M.site],
            answerKind: 'conformity' as const,
            maxScore: 10,
            evidenceRequired: true,
          },
        ]
      : []),
  ]),
];

export function demoTemplates(createdAt: string, v1CreatedAt: string): TemplateInput[] {
  return [
    {
      id: TEMPLATE_IDS.midyear,
      version: 1,
      title: '全面从严治党主体责任“年中督责”分项评议表',
      description: '对照年初责任分工，从六个方面检查主体责任落实情况，逐项评分后形成综合评议。',
      planKinds: ['midyear', 'follow_up'],
      sections: midyearSections(false),
      createdAt: v1CreatedAt,
    },
    {
      id: TEMPLATE_IDS.midyear,
      version: 2,
      title: '全面从严治党主体责任“年中督责”分项评议表',
      description:
        '2026 年修订版：专题研究次数改为如实填报次数；制度建设增加整改台账调度与抽查项目。',
      planKinds: ['midyear', 'follow_up'],
      sections: midyearSections(true),
      createdAt,
    },
    {
      id: TEMPLATE_IDS.oneBookTwoCards,
      version: 1,
      title: '“一书双卡”责任落实检查表',
      description: '“一书”指全面从严治党责任书，“双卡”指党风廉政建设责任点提示卡和风险点提示卡。',
      planKinds: ['midyear', 'unannounced', 'open_covert'],
      sections: [
        section('obtc', 'book', '全面从严治党责任书', 40, [
          {
            key: 'YS-1',
            title: '年初签订全面从严治党责任书，责任内容结合本单位业务实际',
            guidance: '查阅责任书文本，核对是否“照搬照抄”上级模板。',
            checkMethods: [M.docs],
            answerKind: 'conformity',
            maxScore: 10,
            evidenceRequired: true,
          },
          {
            key: 'YS-2',
            title: '责任书任务分解到班子成员和内设部门，明确完成时限',
            checkMethods: [M.docs, M.talk],
            answerKind: 'score',
            maxScore: 10,
          },
        ]),
        section('obtc', 'duty-card', '党风廉政建设责任点提示卡', 30, [
          {
            key: 'ZRK-1',
            title: '责任点提示卡发放到岗、到人，干部知晓本岗位责任点',
            guidance: '随机抽取 3 名干部，询问其岗位责任点。',
            checkMethods: [M.talk],
            answerKind: 'choice',
            maxScore: 10,
            choices: [
              { value: 'all', label: '均能准确说出', score: 10 },
              { value: 'some', label: '部分能说出', score: 5 },
              { value: 'none', label: '均不了解', score: 0 },
            ],
          },
          {
            key: 'ZRK-2',
            title: '提示卡根据岗位调整动态更新',
            checkMethods: [M.docs],
            answerKind: 'conformity',
            maxScore: 5,
          },
        ]),
        section('obtc', 'risk-card', '风险点提示卡', 30, [
          {
            key: 'FXK-1',
            title: '深入查找廉政风险点，明确防控措施和责任人',
            guidance: '重点看审批、采购、资金拨付、项目管理等关键岗位。',
            checkMethods: [M.docs, M.site],
            answerKind: 'score',
            maxScore: 10,
          },
          {
            key: 'FXK-2',
            title: '排查出的风险点数量',
            checkMethods: [M.docs],
            answerKind: 'number',
            maxScore: 0,
            numberUnit: '个',
            required: false,
          },
        ]),
      ],
      createdAt,
    },
    {
      id: TEMPLATE_IDS.eightRules,
      version: 1,
      title: '落实中央八项规定精神专项检查表',
      description:
        '聚焦机关食堂、津贴补贴、公务用车、商业预付卡四个专项，查阅资料与实地察看相结合。',
      planKinds: ['special', 'unannounced', 'open_covert', 'follow_up'],
      sections: [
        section('eight', 'canteen', '机关食堂', 25, [
          {
            key: 'ST-1',
            title: '机关食堂不存在违规公款吃喝、超标准接待问题',
            guidance: '实地察看食堂包间，抽查接待登记和结算凭证。',
            checkMethods: [M.site, M.accounts],
            answerKind: 'conformity',
            maxScore: 10,
            evidenceRequired: true,
          },
          {
            key: 'ST-2',
            title: '食堂经费单独核算，财务公开',
            checkMethods: [M.accounts],
            answerKind: 'conformity',
            maxScore: 5,
          },
        ]),
        section('eight', 'allowance', '津贴补贴', 25, [
          {
            key: 'JT-1',
            title: '不存在违规发放津贴补贴、奖金福利问题',
            guidance: '抽查工资表和其他劳务发放明细，核对发放依据。',
            checkMethods: [M.accounts, M.docs],
            answerKind: 'conformity',
            maxScore: 10,
            veto: true,
            evidenceRequired: true,
          },
          {
            key: 'JT-2',
            title: '违规发放金额',
            checkMethods: [M.accounts],
            answerKind: 'number',
            maxScore: 0,
            numberUnit: '元',
            required: false,
          },
        ]),
        section('eight', 'vehicles', '公务用车', 25, [
          {
            key: 'GC-1',
            title: '公务用车使用登记完整，不存在公车私用',
            guidance: '核对派车单、行车记录和加油记录；实地察看车辆停放。',
            checkMethods: [M.docs, M.site],
            answerKind: 'conformity',
            maxScore: 10,
          },
          {
            key: 'GC-2',
            title: '公务用车管理情况评分',
            checkMethods: [M.docs],
            answerKind: 'score',
            maxScore: 5,
          },
        ]),
        section('eight', 'prepaid-cards', '商业预付卡', 25, [
          {
            key: 'YFK-1',
            title: '不存在用公款购买、违规收送商业预付卡问题',
            guidance: '抽查办公费、会议费、福利费科目中的大额购物发票。',
            checkMethods: [M.accounts],
            answerKind: 'conformity',
            maxScore: 10,
            evidenceRequired: true,
          },
        ]),
      ],
      createdAt,
    },
    {
      id: TEMPLATE_IDS.talk,
      version: 1,
      title: '党风廉政建设约谈提纲',
      description: '约谈前梳理问题线索；约谈对象先就领导班子问题作答，再听取工作情况，最后表态。',
      planKinds: ['talk'],
      sections: [
        section('talk', 'team', '领导班子情况', 50, [
          {
            key: 'YT-1',
            title: '你带的这个班子存在什么问题，班子成员里谁反映比较多，都是哪些问题？',
            checkMethods: [M.talk],
            answerKind: 'text',
            maxScore: 0,
          },
          {
            key: 'YT-2',
            title: '从本单位看，当前“四风”和腐败问题的突出表现是什么？',
            checkMethods: [M.talk],
            answerKind: 'text',
            maxScore: 0,
          },
        ]),
        section('talk', 'commitment', '表态与承诺', 50, [
          {
            key: 'YT-3',
            title: '约谈对象对落实主体责任的表态',
            checkMethods: [M.talk],
            answerKind: 'text',
            maxScore: 0,
          },
          {
            key: 'YT-4',
            title: '约谈态度与认识评价',
            checkMethods: [M.talk],
            answerKind: 'score',
            maxScore: 10,
            required: false,
          },
        ]),
      ],
      createdAt,
    },
  ];
}
