import { describe, expect, it } from 'vitest';
import {
  appendTo,
  commitmentFromDraft,
  exchangeFromDraft,
  isDay,
  participantFromDraft,
  removeAt,
  setIn,
  signIssues,
} from './talk-rules';

const ID = '00000000-0000-4000-8000-0000000000f2';
const talker = {
  name: '李华',
  position: '组长',
  role: 'talker',
  unitId: null,
  userId: null,
} as const;
const subject = { ...talker, name: '陈国栋', position: '区委书记', role: 'subject' } as const;

describe('signIssues', () => {
  it('asks for a 谈话人, a 谈话对象 and a question', () => {
    expect(signIssues({ participants: [], exchanges: [] })).toEqual([
      'talker',
      'subject',
      'question',
    ]);
    expect(
      signIssues({ participants: [talker, subject], exchanges: [{ question: '问', answer: '' }] }),
    ).toEqual([]);
  });
});

describe('drafts', () => {
  it('trims a participant and needs a name', () => {
    expect(
      participantFromDraft({ role: 'subject', name: ' 陈国栋 ', position: ' 区委书记 ' }),
    ).toEqual({ ok: true, value: subject });
    expect(participantFromDraft({ role: 'talker', name: '  ', position: '组长' })).toEqual({
      ok: false,
      problem: 'name',
    });
    expect(participantFromDraft({ role: 'talker', name: '名'.repeat(201), position: '' })).toEqual({
      ok: false,
      problem: 'too_long',
    });
  });

  it('needs a question; the answer may come later', () => {
    expect(exchangeFromDraft({ question: ' 如何认识？ ', answer: '' })).toEqual({
      ok: true,
      value: { question: '如何认识？', answer: '' },
    });
    expect(exchangeFromDraft({ question: '', answer: '答' })).toEqual({
      ok: false,
      problem: 'question',
    });
  });

  it('takes a 表态 with or without a real deadline', () => {
    expect(commitmentFromDraft({ text: '一个月内整改', deadline: '2026-04-02' }, ID)).toEqual({
      ok: true,
      value: { id: ID, text: '一个月内整改', deadline: '2026-04-02', rectificationItemId: null },
    });
    expect(commitmentFromDraft({ text: '立即整改', deadline: '' }, ID)).toMatchObject({
      ok: true,
      value: { deadline: null },
    });
    expect(commitmentFromDraft({ text: ' ', deadline: '' }, ID)).toEqual({
      ok: false,
      problem: 'text',
    });
    expect(commitmentFromDraft({ text: '整改', deadline: '2026-02-30' }, ID)).toEqual({
      ok: false,
      problem: 'deadline',
    });
  });

  it('knows real days', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-4-2')).toBe(false);
  });
});

describe('list patches', () => {
  const shown = [
    { question: '问一', answer: '答一' },
    { question: '问二', answer: '' },
  ];

  it('appends and removes with the stored list as base', () => {
    const raw = structuredClone(shown);
    expect(appendTo(shown, raw, { question: '问三', answer: '' })).toEqual({
      next: [...shown, { question: '问三', answer: '' }],
      base: raw,
    });
    expect(removeAt(shown, raw, 0)).toEqual({ next: [shown[1]], base: raw });
  });

  it('changes one element, its base carrying what the user saw of it', () => {
    // Meanwhile a teammate's change to 答二 arrived: it is stored and shown; the user saw 答一.
    const now = [
      { question: '问一', answer: '组长改过的答一' },
      { question: '问二', answer: '答二' },
    ];
    const p = setIn(now, structuredClone(now), 0, 'answer', '我的答一', '答一');
    expect(p.next).toEqual([
      { question: '问一', answer: '我的答一' },
      { question: '问二', answer: '答二' },
    ]);
    expect(p.base).toEqual([
      { question: '问一', answer: '答一' },
      { question: '问二', answer: '答二' },
    ]);
  });

  it('keeps the stored form of other elements in the base', () => {
    // A stored element with a key this version does not know still equals what is stored.
    const raw = [{ question: '问一', answer: '', extra: 1 }, shown[1]!];
    const p = setIn(shown, raw, 1, 'answer', '答二', '');
    expect(p.base).toEqual([{ question: '问一', answer: '', extra: 1 }, shown[1]]);
    expect(setIn(shown, null, 1, 'answer', '答二', '').base).toEqual(shown);
  });
});
