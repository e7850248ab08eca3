import {
  TalkCommitment,
  TalkExchange,
  TalkParticipant,
  type JsonValue,
  type SyncRecord,
  type TalkParticipantRole,
} from '@ducha/shared';

/*
 * The 约谈 record (`talk`, shared/src/domain/talk.schema.ts) as the talk screens read it. Records
 * are JSON written by other devices and app versions, so each list element is parsed on its own:
 * one that does not parse is left out of what is shown, never the whole record. `raw` keeps the
 * stored values, the `base` of the next patch of each field.
 */

export interface ParticipantView {
  name: string;
  position: string;
  role: TalkParticipantRole;
  unitId: string | null;
  userId: string | null;
}

export interface ExchangeView {
  question: string;
  answer: string;
}

export interface CommitmentView {
  id: string;
  text: string;
  deadline: string | null;
  rectificationItemId: string | null;
}

/** The fields the team edits until the record is signed (`talk.update`). */
export type TalkField = 'heldAt' | 'place' | 'participants' | 'exchanges' | 'commitments';

export interface TalkView {
  id: string;
  planId: string;
  inspectionId: string | null;
  unitId: string;
  heldAt: string;
  place: string;
  participants: ParticipantView[];
  exchanges: ExchangeView[];
  commitments: CommitmentView[];
  signatureSha256: string | null;
  signedAt: string | null;
  signedBy: string | null;
  createdBy: string | null;
  createdAt: string;
  version: number;
  raw: Record<TalkField, JsonValue>;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface Parser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false };
}

function each<T>(schema: Parser<T>, v: unknown): T[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown) => {
    const out = schema.safeParse(x);
    return out.success ? [out.data] : [];
  });
}

export function talkView(r: SyncRecord): TalkView {
  const f = r.fields;
  return {
    id: r.id,
    planId: str(f.planId, r.planId ?? ''),
    inspectionId: strOrNull(f.inspectionId),
    unitId: str(f.unitId),
    heldAt: str(f.heldAt),
    place: str(f.place),
    participants: each(TalkParticipant, f.participants),
    exchanges: each(TalkExchange, f.exchanges),
    commitments: each(TalkCommitment, f.commitments),
    signatureSha256: strOrNull(f.signatureSha256),
    signedAt: strOrNull(f.signedAt),
    signedBy: strOrNull(f.signedBy),
    createdBy: strOrNull(f.createdBy),
    createdAt: str(f.createdAt),
    version: r.version,
    raw: {
      heldAt: f.heldAt ?? null,
      place: f.place ?? null,
      participants: f.participants ?? null,
      exchanges: f.exchanges ?? null,
      commitments: f.commitments ?? null,
    },
  };
}

/** A talk as the visit's list shows it. */
export interface TalkSummary {
  id: string;
  heldAt: string;
  /** The 谈话对象's name, or null while none is entered. */
  subject: string | null;
  questions: number;
  commitments: number;
  signed: boolean;
}

export function talkSummary(t: TalkView): TalkSummary {
  const subject = t.participants.find((p) => p.role === 'subject')?.name ?? null;
  return {
    id: t.id,
    heldAt: t.heldAt,
    subject,
    questions: t.exchanges.length,
    commitments: t.commitments.length,
    signed: t.signatureSha256 !== null,
  };
}
