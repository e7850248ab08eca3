import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Credentials, NewPassword } from '../auth/credentials.schema';
import { LOCALES } from '../domain/enums';
import * as enums from '../domain/enums';
import { TeamCreateInput } from '../domain/team.schema';
import { LABELS, LABEL_VOCABULARIES, label, type LabelGroup } from './labels';
import { MESSAGES, isMessageKey, translate } from './messages';
import { localizeZodIssues } from './zod-issues';

const HAN = /\p{Script=Han}/u;

describe('message catalogue', () => {
  it('has a non-empty text in every locale for every key, Chinese in zh-CN', () => {
    for (const [key, entry] of Object.entries(MESSAGES)) {
      expect(Object.keys(entry).sort(), key).toEqual([...LOCALES].sort());
      for (const loc of LOCALES) expect(entry[loc].trim(), `${key} ${loc}`).not.toBe('');
      expect(entry['zh-CN'], key).toMatch(HAN);
      expect(entry.en, key).not.toMatch(HAN);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, entry] of Object.entries(MESSAGES)) {
      expect(names(entry.en), key).toEqual(names(entry['zh-CN']));
    }
  });

  it('holds the texts other packages rely on', () => {
    expect(translate('auth.invalid_credentials', 'zh-CN')).toBe('用户名或密码错误');
    expect(translate('auth.unauthenticated', 'zh-CN')).toBe('请先登录');
    expect(translate('common.not_found', 'zh-CN')).toBe('记录不存在');
    expect(translate('common.not_found', 'en')).toBe('Record not found');
  });

  it('fills placeholders, including enum labels in the target language', () => {
    expect(translate('auth.rate_limited', 'zh-CN', { retryAfterSeconds: 30 })).toBe(
      '尝试次数过多，请 30 秒后再试',
    );
    const params = {
      status: { label: 'ledgerStatus', value: 'closed' },
      event: { label: 'ledgerEvent', value: 'start' },
    } as const;
    expect(translate('ledger.transition_not_allowed', 'zh-CN', params)).toBe(
      '当前状态为“已销号”，不能执行“开始整改”',
    );
    expect(translate('ledger.transition_not_allowed', 'en', params)).toBe(
      'Cannot start an item whose status is “Closed”',
    );
  });

  it('leaves a placeholder without a value visible', () => {
    expect(translate('auth.rate_limited', 'en', {})).toContain('{retryAfterSeconds}');
  });

  it('recognises its own keys only', () => {
    expect(isMessageKey('auth.forbidden')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
    expect(isMessageKey('nope')).toBe(false);
  });
});

describe('enum labels', () => {
  it('labels every value of every vocabulary in both languages', () => {
    for (const group of Object.keys(LABEL_VOCABULARIES) as LabelGroup[]) {
      const labels = LABELS[group] as Record<string, Record<string, string>>;
      expect(Object.keys(labels).sort(), group).toEqual([...LABEL_VOCABULARIES[group]].sort());
      for (const value of LABEL_VOCABULARIES[group]) {
        for (const loc of LOCALES) expect(labels[value]?.[loc], `${group}.${value}`).toBeTruthy();
      }
    }
  });

  it('covers every vocabulary exported by enums.ts', () => {
    const vocabularies = Object.entries(enums)
      .filter(([name, v]) => /^[A-Z_]+$/.test(name) && Array.isArray(v))
      .map(([, v]) => v);
    const covered = Object.values(LABEL_VOCABULARIES);
    for (const v of vocabularies) expect(covered).toContain(v);
  });

  it('uses the domain words', () => {
    expect(label('planKind', 'unannounced', 'zh-CN')).toBe('四不两直');
    expect(label('planKind', 'follow_up', 'zh-CN')).toBe('回头看');
    expect(label('role', 'team_leader', 'zh-CN')).toBe('组长');
    expect(label('followUpVerdict', 'relapsed', 'zh-CN')).toBe('反弹');
    expect(label('checkMethod', 'audit_accounts', 'zh-CN')).toBe('抽查账目');
    expect(label('ledgerStatus', 'closed', 'zh-CN')).toBe('已销号');
    expect(label('grade', 'fail', 'en')).toBe('Fail');
    expect(label('locale', 'en', 'zh-CN')).toBe('English');
  });
});

describe('localizeZodIssues', () => {
  const fail = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    if (r.success) throw new Error('expected failure');
    return r.error;
  };

  it('renders zod built-in messages in Chinese or English, with dotted paths', () => {
    const err = fail(Credentials, { username: 'ab', password: 'short' });
    const zh = localizeZodIssues(err, 'zh-CN');
    const en = localizeZodIssues(err, 'en');
    expect(zh.map((i) => i.path)).toEqual(['username', 'password']);
    expect(zh[0]?.message).toMatch(HAN);
    expect(zh[0]?.message).toContain('3');
    expect(en[0]?.message).not.toMatch(HAN);
    expect(en[0]?.message).toMatch(/3/);
  });

  it('states string length limits in plain words', () => {
    const err = fail(Credentials, { username: 'ab', password: 'x'.repeat(200) });
    expect(localizeZodIssues(err, 'zh-CN')).toEqual([
      { path: 'username', message: '至少需要 3 个字符' },
      { path: 'password', message: '不能超过 128 个字符' },
    ]);
    expect(localizeZodIssues(err, 'en').map((i) => i.message)).toEqual([
      'Must be at least 3 characters',
      'Must be at most 128 characters',
    ]);
  });

  it('translates our keyed messages', () => {
    const err = fail(NewPassword, 'abcdefghijkl');
    expect(localizeZodIssues(err, 'zh-CN')).toEqual([
      { path: '', message: translate('validation.password_weak', 'zh-CN') },
    ]);
    expect(localizeZodIssues(err, 'en')[0]?.message).toBe(
      translate('validation.password_weak', 'en'),
    );
  });

  it('states the expected type without a wrong "received"', () => {
    const err = fail(Credentials, { username: 42 });
    const zh = localizeZodIssues(err, 'zh-CN');
    expect(zh[0]).toEqual({ path: 'username', message: '无效输入：期望字符串' });
    expect(localizeZodIssues(err, 'en')[1]).toEqual({
      path: 'password',
      message: 'Invalid input: expected string',
    });
  });

  it('renders refinements with nested paths', () => {
    const err = fail(TeamCreateInput, {
      name: '组',
      leaderId: '00000000-0000-4000-8000-000000000001',
      memberIds: [],
    });
    expect(localizeZodIssues(err, 'zh-CN')).toEqual([
      { path: 'leaderId', message: '组长必须是检查组成员' },
    ]);
  });

  it('localises enum and format failures through the zod locale', () => {
    const err = fail(z.object({ role: enums.Role, when: z.iso.datetime() }), {
      role: 'boss',
      when: 'yesterday',
    });
    const zh = localizeZodIssues(err, 'zh-CN');
    expect(zh.map((i) => i.path)).toEqual(['role', 'when']);
    for (const i of zh) expect(i.message).toMatch(HAN);
    expect(zh[0]?.message).toContain('inspector');
  });

  it('keeps custom prose it cannot translate', () => {
    const err = fail(
      z.string().refine(() => false, { error: 'custom prose' }),
      'x',
    );
    expect(localizeZodIssues(err, 'zh-CN')[0]?.message).toBe('custom prose');
  });
});
