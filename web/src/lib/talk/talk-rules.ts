import {
  TALK_PARTICIPANT_ROLES,
  talkSignProblems,
  type JsonValue,
  type TalkParticipantRole,
  type TalkSignProblem,
} from '@ducha/shared';
import type { CommitmentView, ExchangeView, ParticipantView, TalkView } from './talk-records';

/*
 * What the talk screen checks and builds before it saves, with no I/O: the drafts of a new
 * participant, question or 表态, and the patch of one element of a list field. A list is one
 * field of the record (`participants`, `exchanges`, `commitments`), so changing one element sends
 * the whole list, with as `base` the list the user saw: the server then notices a teammate's
 * change to the same element (a conflict is recorded) while changes to other elements, already
 * on the screen, are carried along.
 */

export const MAX_NAME = 200;
export const MAX_LONG = 20_000;

/** Why the record may not be signed yet (the server checks the same, `talk.sign`). */
export function signIssues(talk: Pick<TalkView, 'participants' | 'exchanges'>): TalkSignProblem[] {
  return talkSignProblems(talk);
}

export interface ParticipantDraft {
  role: TalkParticipantRole;
  name: string;
  position: string;
}

export interface ExchangeDraft {
  question: string;
  answer: string;
}

export interface CommitmentDraft {
  text: string;
  /** `YYYY-MM-DD` from a date input; empty: no deadline. */
  deadline: string;
}

export type DraftProblem = 'name' | 'question' | 'text' | 'deadline' | 'too_long';

export type Built<T> = { ok: true; value: T } | { ok: false; problem: DraftProblem };

const fail = <T>(problem: DraftProblem): Built<T> => ({ ok: false, problem });

export function isRole(v: string): v is TalkParticipantRole {
  return (TALK_PARTICIPANT_ROLES as readonly string[]).includes(v);
}

export function participantFromDraft(d: ParticipantDraft): Built<ParticipantView> {
  const name = d.name.trim();
  const position = d.position.trim();
  if (name === '') return fail('name');
  if (name.length > MAX_NAME || position.length > MAX_NAME) return fail('too_long');
  return { ok: true, value: { name, position, role: d.role, unitId: null, userId: null } };
}

export function exchangeFromDraft(d: ExchangeDraft): Built<ExchangeView> {
  const question = d.question.trim();
  if (question === '') return fail('question');
  if (question.length > MAX_LONG || d.answer.length > MAX_LONG) return fail('too_long');
  return { ok: true, value: { question, answer: d.answer.trim() } };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function isDay(v: string): boolean {
  if (!DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function commitmentFromDraft(d: CommitmentDraft, id: string): Built<CommitmentView> {
  const text = d.text.trim();
  if (text === '') return fail('text');
  if (text.length > MAX_LONG) return fail('too_long');
  const deadline = d.deadline.trim();
  if (deadline !== '' && !isDay(deadline)) return fail('deadline');
  return {
    ok: true,
    value: { id, text, deadline: deadline === '' ? null : deadline, rectificationItemId: null },
  };
}

/** A list field's new value and the value the user saw (the patch's `base`). */
export interface ListPatch {
  next: JsonValue;
  base: JsonValue;
}

type Row = Record<string, JsonValue>;

function rows<T extends object>(list: readonly T[]): Row[] {
  return list.map((x) => ({ ...(x as Row) }));
}

/** Appends one element. */
export function appendTo<T extends object>(
  shown: readonly T[],
  raw: JsonValue,
  value: T,
): ListPatch {
  return { next: [...rows(shown), { ...(value as Row) }], base: raw };
}

/** Removes the element at `index`. */
export function removeAt<T extends object>(
  shown: readonly T[],
  raw: JsonValue,
  index: number,
): ListPatch {
  return { next: rows(shown).filter((_, i) => i !== index), base: raw };
}

/**
 * Sets `key` of the element at `index` to `value`. `seen` is that key's value when the user began
 * to change it: the base carries it in place of what is stored now, so a teammate's change to the
 * same element that arrived meanwhile is reported as a conflict instead of vanishing.
 */
export function setIn<T extends object>(
  shown: readonly T[],
  raw: JsonValue,
  index: number,
  key: keyof T & string,
  value: JsonValue,
  seen: JsonValue,
): ListPatch {
  const next = rows(shown).map((row, i) => (i === index ? { ...row, [key]: value } : row));
  const stored = Array.isArray(raw) ? raw : null;
  const base =
    stored && stored.length === shown.length
      ? stored.map((row, i) =>
          i === index && typeof row === 'object' && row !== null && !Array.isArray(row)
            ? { ...row, [key]: seen }
            : row,
        )
      : rows(shown).map((row, i) => (i === index ? { ...row, [key]: seen } : row));
  return { next, base };
}
