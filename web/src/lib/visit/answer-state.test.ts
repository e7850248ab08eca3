import type { SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import {
  NO_CACHE,
  NO_EVIDENCE_TAPS,
  NO_TAPS,
  evidencePatch,
  removeEvidencePatch,
  readAnswers,
  settleEvidenceTaps,
  settleTaps,
  tap,
  tapEvidence,
  untap,
  untapEvidence,
  withEvidenceTaps,
  withTaps,
} from './answer-state';

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

  it('adds a file to an item’s evidence with what the screen showed as the base', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const { answers } = readAnswers(NO_CACHE, [row('x', { answer: yes, evidence: [a] })]);
    // First file of an item never answered: base null (the field was empty).
    expect(evidencePatch(undefined, undefined, a)).toEqual({ evidence: [a], base: null });
    // The stored list is the base.
    expect(evidencePatch(answers.get('x'), undefined, b)).toEqual({ evidence: [a, b], base: [a] });
    // A file already there adds nothing.
    expect(evidencePatch(answers.get('x'), undefined, a)).toBeNull();
    // A list added but not read back yet is what the screen shows, so it is the base.
    expect(evidencePatch(answers.get('x'), [a, b], 'c'.repeat(64))).toEqual({
      evidence: [a, b, 'c'.repeat(64)],
      base: [a, b],
    });
    // A record holding a malformed value: the raw value is still the base.
    const odd = readAnswers(NO_CACHE, [row('y', { evidence: 'oops' })]).answers;
    expect(evidencePatch(odd.get('y'), undefined, a)).toEqual({ evidence: [a], base: 'oops' });
  });

  it('takes a file off an item’s evidence with what the screen showed as the base', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const { answers } = readAnswers(NO_CACHE, [row('x', { answer: yes, evidence: [a, b] })]);
    expect(removeEvidencePatch(answers.get('x'), undefined, a)).toEqual({
      evidence: [b],
      base: [a, b],
    });
    // The last file goes: an empty list, not a cleared field.
    expect(removeEvidencePatch(answers.get('x'), [b], b)).toEqual({ evidence: [], base: [b] });
    // Not there (or no answer at all): nothing to send.
    expect(removeEvidencePatch(answers.get('x'), [b], a)).toBeNull();
    expect(removeEvidencePatch(undefined, undefined, a)).toBeNull();
  });

  it('shows evidence taps over the records until the records show them', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const { answers } = readAnswers(NO_CACHE, [row('x', { answer: yes, evidence: [a] })]);
    expect(withEvidenceTaps(answers, NO_EVIDENCE_TAPS)).toBe(answers);
    const taps = tapEvidence(tapEvidence(NO_EVIDENCE_TAPS, 'x', [a, b]), 'z', [b]);
    const shown = withEvidenceTaps(answers, taps);
    // The answer and remark stay; only the list is the tapped one.
    expect(shown.get('x')).toMatchObject({ answer: yes, evidence: [a, b] });
    expect(shown.get('z')).toMatchObject({ answer: null, evidence: [b] });
    // Answer taps go on top of evidence taps.
    expect(withTaps(shown, tap(NO_TAPS, 'x', no)).get('x')).toMatchObject({
      answer: no,
      evidence: [a, b],
    });
    expect(settleEvidenceTaps(taps, answers)).toBe(taps);
    const later = readAnswers(NO_CACHE, [row('x', { answer: yes, evidence: [a, b] })]).answers;
    expect([...settleEvidenceTaps(taps, later).keys()]).toEqual(['z']);
    expect(untapEvidence(taps, 'z').has('z')).toBe(false);
    expect(untapEvidence(NO_EVIDENCE_TAPS, 'x')).toBe(NO_EVIDENCE_TAPS);
  });
});
