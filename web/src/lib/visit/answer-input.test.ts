import { describe, expect, it } from 'vitest';
import { parseAnswerText } from './answer-input';

const score = { answerKind: 'score', maxScore: 10 } as const;
const number = { answerKind: 'number', maxScore: 0 } as const;
const text = { answerKind: 'text', maxScore: 0 } as const;

describe('parseAnswerText', () => {
  it('reads scores within the maximum, full-width digits included', () => {
    expect(parseAnswerText(score, '7.5')).toEqual({
      ok: true,
      value: { kind: 'score', value: 7.5 },
    });
    expect(parseAnswerText(score, '８')).toEqual({ ok: true, value: { kind: 'score', value: 8 } });
    expect(parseAnswerText(score, '11')).toEqual({ ok: false });
    expect(parseAnswerText(score, '-1')).toEqual({ ok: false });
    expect(parseAnswerText(score, '七')).toEqual({ ok: false });
  });

  it('reads numbers with separators; an empty field clears the answer', () => {
    expect(parseAnswerText(number, '1,200')).toEqual({
      ok: true,
      value: { kind: 'number', value: 1200 },
    });
    expect(parseAnswerText(number, '-3')).toEqual({
      ok: true,
      value: { kind: 'number', value: -3 },
    });
    expect(parseAnswerText(number, '  ')).toEqual({ ok: true, value: null });
  });

  it('keeps text as typed; blank text clears', () => {
    expect(parseAnswerText(text, ' 无异常 ')).toEqual({
      ok: true,
      value: { kind: 'text', value: ' 无异常 ' },
    });
    expect(parseAnswerText(text, ' ')).toEqual({ ok: true, value: null });
  });

  it('refuses kinds that are not typed', () => {
    expect(parseAnswerText({ answerKind: 'conformity', maxScore: 1 }, '1')).toEqual({ ok: false });
  });
});
