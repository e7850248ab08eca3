import type { SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { NO_CACHE, NO_TAPS, readAnswers, settleTaps, tap, untap, withTaps } from './answer-state';

const row = (itemId: string, fields: SyncRecord['fields'], version = 1): SyncRecord => ({
  type: 'answer',
  id: `i:${itemId}`,
  planId: 'p',
  version,
  deleted: null,
  fields: { itemId, ...fields },
  stamps: {},
});

const yes = { kind: 'conformity', value: 'conforms' } as const;
const no = { kind: 'conformity', value: 'nonconforming' } as const;

describe('answer state', () => {
  it('keeps the view object of an unchanged record and replaces a changed one', () => {
    const first = readAnswers(NO_CACHE, [row('a', { answer: yes }), row('b', { remark: 'x' })]);
    const second = readAnswers(first.cache, [row('a', { answer: yes }), row('b', { remark: 'y' })]);
    expect(second.answers.get('a')).toBe(first.answers.get('a'));
    expect(second.answers.get('b')).not.toBe(first.answers.get('b'));
    expect(second.answers.get('b')?.remark).toBe('y');
    // Same fields, new server version: a new object (its version is the delete base).
    const third = readAnswers(second.cache, [row('a', { answer: yes }, 2)]);
    expect(third.answers.get('a')?.version).toBe(2);
    expect(third.answers.has('b')).toBe(false);
  });

  it('shows taps over the records until the records show them', () => {
    const { answers } = readAnswers(NO_CACHE, [row('a', { answer: yes, remark: '说明' })]);
    expect(withTaps(answers, NO_TAPS)).toBe(answers);
    const taps = tap(tap(NO_TAPS, 'a', no), 'b', yes);
    const shown = withTaps(answers, taps);
    expect(shown.get('a')).toMatchObject({ answer: no, remark: '说明' });
    expect(shown.get('b')?.answer).toEqual(yes);
    // Record a still shows the old value: its tap stays; nothing read back for b yet either.
    expect(settleTaps(taps, answers)).toBe(taps);
    const later = readAnswers(NO_CACHE, [row('a', { answer: no })]).answers;
    expect([...settleTaps(taps, later).keys()]).toEqual(['b']);
    expect(untap(taps, 'b').has('b')).toBe(false);
    expect(untap(NO_TAPS, 'x')).toBe(NO_TAPS);
  });
});
