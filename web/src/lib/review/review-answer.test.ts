import type { TemplateItem } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { answerText } from './review-answer';

const item = (over: Partial<TemplateItem>): TemplateItem =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    title: '公务用车管理',
    guidance: '',
    checkMethods: [],
    answerKind: 'score',
    maxScore: 10,
    weight: 1,
    veto: false,
    evidenceRequired: false,
    required: true,
    ...over,
  }) as TemplateItem;

describe('answerText', () => {
  it('reads every answer kind as the reviewer sees it, in either language', () => {
    expect(answerText(item({}), { kind: 'score', value: 8 }, 'zh-CN')).toBe('8 / 10');
    expect(answerText(item({}), { kind: 'conformity', value: 'nonconforming' }, 'zh-CN')).toBe(
      '不符合',
    );
    expect(answerText(item({}), { kind: 'conformity', value: 'nonconforming' }, 'en')).toMatch(
      /conform/i,
    );
    expect(answerText(item({ numberUnit: '辆' }), { kind: 'number', value: 3 }, 'zh-CN')).toBe(
      '3 辆',
    );
    const choices = [
      { value: 'yes', label: '已建立' },
      { value: 'no', label: '未建立' },
    ];
    expect(answerText(item({ choices }), { kind: 'choice', value: 'no' }, 'zh-CN')).toBe('未建立');
    expect(answerText(item({}), { kind: 'text', value: '已查阅台账' }, 'zh-CN')).toBe('已查阅台账');
  });

  it('has nothing to show for a missing or malformed answer', () => {
    expect(answerText(item({}), null, 'zh-CN')).toBeNull();
    expect(answerText(item({}), { kind: 'score', value: 'x' }, 'zh-CN')).toBeNull();
  });
});
