import type { SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { talkSummary, talkView } from './talk-records';

const ID = '00000000-0000-4000-8000-0000000000f1';
const PLAN = '00000000-0000-4000-8000-0000000000a1';
const C = '00000000-0000-4000-8000-0000000000f2';

const record = (fields: Record<string, unknown>): SyncRecord =>
  ({
    type: 'talk',
    id: ID,
    planId: PLAN,
    version: 3,
    deleted: null,
    fields,
    stamps: {},
  }) as SyncRecord;

describe('talkView', () => {
  it('reads a record, keeping the stored lists as the base of the next patch', () => {
    const participants = [
      { name: '陈国栋', position: '区委书记', role: 'subject', unitId: null, userId: null },
    ];
    const commitments = [
      { id: C, text: '限期整改', deadline: '2026-04-02', rectificationItemId: null },
    ];
    const v = talkView(
      record({
        planId: PLAN,
        inspectionId: null,
        unitId: 'u',
        heldAt: '2026-03-02T01:30:00.000Z',
        place: '谈话室',
        participants,
        exchanges: [{ question: '问', answer: '答' }],
        commitments,
        signatureSha256: null,
        signedAt: null,
      }),
    );
    expect(v).toMatchObject({ place: '谈话室', participants, commitments, signatureSha256: null });
    expect(v.raw.participants).toBe(participants);
    expect(v.raw.place).toBe('谈话室');
    expect(talkSummary(v)).toEqual({
      id: ID,
      heldAt: '2026-03-02T01:30:00.000Z',
      subject: '陈国栋',
      questions: 1,
      commitments: 1,
      signed: false,
    });
  });

  it('leaves out elements that do not parse, and defaults what is missing', () => {
    const v = talkView(
      record({
        participants: [{ name: '李华', role: 'talker' }, { role: 'boss' }],
        exchanges: 'x',
        commitments: [{ id: C, text: '整改' }],
        signatureSha256: 'a'.repeat(64),
      }),
    );
    expect(v.participants).toEqual([
      { name: '李华', position: '', role: 'talker', unitId: null, userId: null },
    ]);
    expect(v.exchanges).toEqual([]);
    expect(v.commitments).toEqual([
      { id: C, text: '整改', deadline: null, rectificationItemId: null },
    ]);
    expect(v.raw.place).toBeNull();
    expect(talkSummary(v)).toMatchObject({ subject: null, signed: true });
  });
});
