import type { Role, UnitKind } from '@ducha/shared';

/*
 * The demo organisation: a fictional province (江南省) with three cities and their counties,
 * provincial departments, a state-owned enterprise, a university and a dispatched inspection
 * group. Codes are stable handles used below and in tests.
 */

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
}

export const DEMO_UNITS: DemoUnit[] = [
  { code: 'JN', name: '江南省', kind: 'province', parent: null },
  { code: 'JN.CZT', name: '江南省财政厅', kind: 'department', parent: 'JN' },
  { code: 'JN.JYT', name: '江南省教育厅', kind: 'department', parent: 'JN' },
  { code: 'JN.JTT', name: '江南省交通运输厅', kind: 'department', parent: 'JN' },
  { code: 'JN.WJW', name: '江南省卫生健康委员会', kind: 'department', parent: 'JN' },
  { code: 'JN.ZRT', name: '江南省自然资源厅', kind: 'department', parent: 'JN' },
  { code: 'JN.JTTZ', name: '江南省交通投资集团有限公司', kind: 'soe', parent: 'JN' },
  { code: 'JN.JNDX', name: '江南大学', kind: 'university', parent: 'JN' },
  { code: 'JN.PZ1', name: '省纪委监委派驻第一纪检监察组', kind: 'inspection_group', parent: 'JN' },
  { code: 'JN.LJ', name: '临江市', kind: 'city', parent: 'JN' },
  { code: 'JN.LJ.BJ', name: '临江市滨江区', kind: 'county', parent: 'JN.LJ' },
  { code: 'JN.LJ.DH', name: '临江市东湖区', kind: 'county', parent: 'JN.LJ' },
  { code: 'JN.LJ.QS', name: '青山县', kind: 'county', parent: 'JN.LJ' },
  { code: 'JN.LJ.CZJ', name: '临江市财政局', kind: 'department', parent: 'JN.LJ' },
  { code: 'JN.YC', name: '云川市', kind: 'city', parent: 'JN' },
  { code: 'JN.YC.CZ', name: '云川市城中区', kind: 'county', parent: 'JN.YC' },
  { code: 'JN.YC.SM', name: '石门县', kind: 'county', parent: 'JN.YC' },
  { code: 'JN.WH', name: '望海市', kind: 'city', parent: 'JN' },
  { code: 'JN.WH.GC', name: '望海市港城区', kind: 'county', parent: 'JN.WH' },
  { code: 'JN.WH.NY', name: '南屿县', kind: 'county', parent: 'JN.WH' },
  { code: 'JN.WH.BT', name: '北塘县', kind: 'county', parent: 'JN.WH' },
];

/** Every demo account uses this password (printed at start and listed in the README). */
export const DEMO_PASSWORD = 'Ducha@2026';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  scope?: string;
  /** Shown in the start-up banner. */
  title: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'inspector',
    displayName: '张明',
    role: 'inspector',
    unit: 'JN.PZ1',
    title: '检查员',
  },
  { username: 'leader', displayName: '李华', role: 'team_leader', unit: 'JN.PZ1', title: '组长' },
  {
    username: 'supervisor',
    displayName: '王芳',
    role: 'supervisor',
    unit: 'JN',
    scope: 'JN',
    title: '督查员',
  },
  { username: 'admin', displayName: '赵强', role: 'admin', unit: 'JN', title: '管理员' },
  { username: 'chenjing', displayName: '陈静', role: 'inspector', unit: 'JN.PZ1', title: '检查员' },
  { username: 'liuyang', displayName: '刘洋', role: 'inspector', unit: 'JN.PZ1', title: '检查员' },
  { username: 'zhoumin', displayName: '周敏', role: 'team_leader', unit: 'JN.PZ1', title: '组长' },
  {
    username: 'sunwei',
    displayName: '孙伟',
    role: 'supervisor',
    unit: 'JN.LJ',
    scope: 'JN.LJ',
    title: '督查员（临江市）',
  },
];

/** The four accounts of the contract, printed at start. */
export const BANNER_USERS = ['inspector', 'leader', 'supervisor', 'admin'];

export interface DemoTeam {
  key: 'first' | 'second';
  name: string;
  unit: string;
  leader: string;
  members: string[];
}

export const DEMO_TEAMS: DemoTeam[] = [
  {
    key: 'first',
    name: '第一检查组',
    unit: 'JN.PZ1',
    leader: 'leader',
    members: ['leader', 'inspector', 'chenjing'],
  },
  {
    key: 'second',
    name: '第二检查组',
    unit: 'JN.PZ1',
    leader: 'zhoumin',
    members: ['zhoumin', 'liuyang'],
  },
];
