/*
 * Rules of a 约谈 record (talk.schema.ts) that both the phone and the server apply: what must be
 * there before the person talked to signs, and how a signed 表态 reads as a ledger item. Pure;
 * the inputs are record fields as JSON, so anything malformed simply counts as missing.
 */

/** Why a 约谈 record may not be signed yet. */
export const TALK_SIGN_PROBLEMS = ['talker', 'subject', 'question'] as const;
export type TalkSignProblem = (typeof TALK_SIGN_PROBLEMS)[number];

interface ParticipantLike {
  role: unknown;
  name: unknown;
  position?: unknown;
}

function participantsOf(v: unknown): ParticipantLike[] {
  return Array.isArray(v)
    ? v.filter((p): p is ParticipantLike => typeof p === 'object' && p !== null)
    : [];
}

const said = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function hasRole(participants: unknown, role: string): boolean {
  return participantsOf(participants).some((p) => p.role === role && said(p.name));
}

/**
 * What keeps the record from being signed: no 谈话人, no 谈话对象, no question asked. Empty when
 * it may be signed.
 */
export function talkSignProblems(talk: {
  participants?: unknown;
  exchanges?: unknown;
}): TalkSignProblem[] {
  const problems: TalkSignProblem[] = [];
  if (!hasRole(talk.participants, 'talker')) problems.push('talker');
  if (!hasRole(talk.participants, 'subject')) problems.push('subject');
  const asked =
    Array.isArray(talk.exchanges) &&
    talk.exchanges.some(
      (e: unknown) =>
        typeof e === 'object' && e !== null && said((e as { question?: unknown }).question),
    );
  if (!asked) problems.push('question');
  return problems;
}

const MAX_SHORT = 200;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Who answers for a 表态 in the 整改台账: the 谈话对象 (the first, if several), as
 * "name（position）". Null when the record names none.
 */
export function talkResponsiblePerson(participants: unknown): string | null {
  const subject = participantsOf(participants).find((p) => p.role === 'subject' && said(p.name));
  if (!subject) return null;
  const name = (subject.name as string).trim();
  const position = typeof subject.position === 'string' ? subject.position.trim() : '';
  const full = position ? `${name}（${position}）` : name;
  return clip(full, MAX_SHORT);
}

/** Characters of a 表态 kept in the title of its ledger item (the whole text is the measures). */
export const COMMITMENT_TITLE_CHARS = 60;

/** A ledger item's title from a 表态: its first line, at most 60 characters. */
export function commitmentTitle(text: string): string {
  const firstLine = text.trim().split(/\r?\n/, 1)[0]!.trim();
  return clip(firstLine, COMMITMENT_TITLE_CHARS);
}
