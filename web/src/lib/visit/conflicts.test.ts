import { recordKey, type FieldConflict, type JsonValue, type SyncRecord } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import {
  answerItemId,
  capitalized,
  clipValue,
  conflictFieldKey,
  conflictMessageName,
  conflictNotices,
  conflictView,
  conflictVoice,
  formatConflictValue,
  personName,
  placeConflicts,
  splitByVisit,
  teamDirectory,
  visitScope,
  type ConflictView,
  type ValueContext,
} from './conflicts';

const ZHANG = '00000001-0000-4000-8000-000000000001';
const LI = '00000001-0000-4000-8000-000000000002';
const VISIT = '00000002-0000-4000-8000-000000000001';
const OTHER_VISIT = '00000002-0000-4000-8000-000000000002';
const FINDING = '00000003-0000-4000-8000-000000000001';
const NOTE = '00000003-0000-4000-8000-000000000002';
const ITEM = '00000004-0000-4000-8000-000000000001';
const UNIT = '00000005-0000-4000-8000-000000000001';

function conflict(fields: Partial<FieldConflict> = {}, id = 'dev:1:0'): SyncRecord {
  const f: FieldConflict = {
    kind: 'concurrent_edit',
    entity: 'finding',
    id: FINDING,
    field: 'description',
    overwrittenValue: '接待清单缺少公函',
    overwrittenBy: ZHANG,
    overwrittenAt: '2026-03-02T01:00:00.000Z',
    winnerValue: '接待无公函，超标准',
    winnerBy: LI,
    winnerAt: '2026-03-02T01:05:00.000Z',
    resolution: null,
    ...fields,
  };
  return {
    type: 'conflict',
    id,
    planId: 'plan',
    version: 3,
    deleted: null,
    fields: f as unknown as SyncRecord['fields'],
    stamps: {},
  };
}

function view(fields: Partial<FieldConflict> = {}, id = 'dev:1:0'): ConflictView {
  const v = conflictView(conflict(fields, id));
  if (!v) throw new Error('not shown');
  return v;
}

describe('conflictView', () => {
  it('shows an unsettled conflict on a field someone typed', () => {
    expect(view()).toEqual({
      id: 'dev:1:0',
      kind: 'concurrent_edit',
      entity: 'finding',
      recordId: FINDING,
      field: 'description',
      overwrittenValue: '接待清单缺少公函',
      overwrittenBy: ZHANG,
      overwrittenAt: '2026-03-02T01:00:00.000Z',
      winnerValue: '接待无公函，超标准',
      winnerBy: LI,
      winnerAt: '2026-03-02T01:05:00.000Z',
    });
  });

  it('leaves out settled ones, bookkeeping fields, other screens’ records and bad data', () => {
    const settled = { action: 'kept', by: LI, at: '2026-03-02T02:00:00.000Z' } as const;
    expect(conflictView(conflict({ resolution: settled }))).toBeNull();
    expect(conflictView(conflict({ kind: 'deleted_while_edited', field: 'createdBy' }))).toBeNull();
    expect(conflictView(conflict({ entity: 'verdict', field: 'comment' }))).toBeNull();
    expect(conflictView({ ...conflict(), fields: { kind: 'concurrent_edit' } })).toBeNull();
    expect(conflictView({ ...conflict(), type: 'note' })).toBeNull();
  });
});

describe('who and how the sentence speaks', () => {
  it('takes the point of view of the signed-in user', () => {
    const c = view();
    expect(conflictVoice(c, ZHANG)).toBe('mine');
    expect(conflictVoice(c, LI)).toBe('theirs');
    expect(conflictVoice(c, 'someone-else')).toBe('others');
    expect(conflictVoice(c, null)).toBe('others');
    expect(conflictVoice({ overwrittenBy: LI, winnerBy: LI }, LI)).toBe('self');
    // Seeded data has no author: never "yours".
    expect(conflictVoice({ overwrittenBy: null, winnerBy: LI }, ZHANG)).toBe('others');
  });

  it('has one message per kind and voice', () => {
    expect(conflictMessageName('concurrent_edit', 'mine')).toBe('visit_conflict_edit_mine');
    expect(conflictMessageName('edit_after_delete', 'theirs')).toBe(
      'visit_conflict_late_edit_theirs',
    );
    expect(conflictMessageName('deleted_while_edited', 'others')).toBe(
      'visit_conflict_deleted_others',
    );
  });

  it('names team members from the cached plan, and nobody it does not know', () => {
    const directory = teamDirectory({
      id: 'plan',
      teamMembers: [
        { id: LI, name: '李华' },
        { id: ZHANG, name: '  ' },
        { id: 7, name: 'bad' },
      ],
    });
    expect(personName(LI, directory)).toBe('李华');
    expect(personName(ZHANG, directory)).toBeNull();
    expect(personName('unknown', directory)).toBeNull();
    expect(personName(null, directory)).toBeNull();
    // A plan cached by an older app version has no members.
    expect(teamDirectory({ id: 'plan' }).size).toBe(0);
    expect(teamDirectory(undefined).size).toBe(0);
  });

  it('labels each field with the form’s own words', () => {
    expect(conflictFieldKey(view())).toBe('visit_finding_description');
    expect(conflictFieldKey(view({ entity: 'answer', field: 'remark' }))).toBe('visit_remark');
    expect(conflictFieldKey(view({ entity: 'note', field: 'text' }))).toBe(
      'visit_conflict_field_note',
    );
    expect(conflictFieldKey({ entity: 'finding', field: 'nonsense' })).toBe(
      'visit_conflict_field_other',
    );
  });
});

describe('placeConflicts', () => {
  const scope = {
    inspectionId: VISIT,
    here: new Set([recordKey('finding', FINDING)]),
    elsewhere: new Set([recordKey('note', NOTE)]),
  };

  it('puts each conflict next to its record, oldest first, and counts them', () => {
    const later = view({ field: 'title', winnerAt: '2026-03-02T03:00:00.000Z' }, 'dev:2:0');
    const first = view();
    const answer = view({ entity: 'answer', id: `${VISIT}:${ITEM}`, field: 'remark' }, 'dev:3:0');
    const out = placeConflicts([later, first, answer], scope);
    expect(out.byRecord.get(recordKey('finding', FINDING))?.map((c) => c.id)).toEqual([
      'dev:1:0',
      'dev:2:0',
    ]);
    expect(out.byRecord.get(recordKey('answer', `${VISIT}:${ITEM}`))?.map((c) => c.id)).toEqual([
      'dev:3:0',
    ]);
    expect(out.all).toHaveLength(3);
    expect(out.detached).toEqual([]);
  });

  it('skips other visits’ records and keeps those no longer on the device apart', () => {
    const otherAnswer = view(
      { entity: 'answer', id: `${OTHER_VISIT}:${ITEM}`, field: 'remark' },
      'a',
    );
    const otherNote = view({ entity: 'note', id: NOTE, field: 'text' }, 'b');
    const deleted = view(
      { kind: 'deleted_while_edited', id: '00000003-0000-4000-8000-00000000000f' },
      'c',
    );
    const out = placeConflicts([otherAnswer, otherNote, deleted], scope);
    expect(out.byRecord.size).toBe(0);
    expect(out.detached.map((c) => c.id)).toEqual(['c']);
    expect(out.all.map((c) => c.id)).toEqual(['c']);
  });

  it('reads the item of an answer conflict from the answer’s id', () => {
    expect(answerItemId({ entity: 'answer', recordId: `${VISIT}:${ITEM}` })).toBe(ITEM);
    expect(answerItemId({ entity: 'finding', recordId: FINDING })).toBeNull();
  });
});

describe('conflictNotices', () => {
  const scope = visitScope(VISIT, [], [{ id: FINDING }], []);
  const names = new Map([[LI, '李华']]);

  it('speaks to the signed-in user, names whom it knows, and offers restore where it can', () => {
    const onFinding = view({}, 'a');
    const onAnswer = view({ entity: 'answer', id: `${VISIT}:${ITEM}`, field: 'remark' }, 'b');
    const gone = view(
      { kind: 'deleted_while_edited', entity: 'note', id: NOTE, field: 'text' },
      'c',
    );
    const draft = conflictNotices([onFinding, onAnswer, gone], scope, {
      me: ZHANG,
      names,
      editable: true,
    });
    expect(draft.all.map((n) => [n.conflict.id, n.voice, n.winnerName, n.loserName])).toEqual([
      ['a', 'mine', '李华', null],
      ['b', 'mine', '李华', null],
      ['c', 'mine', '李华', null],
    ]);
    // The deleted note too: the server keeps it and restores it, and the pull brings it back.
    expect(draft.all.map((n) => n.restorable)).toEqual([true, true, true]);
    expect(draft.detached.map((n) => n.conflict.id)).toEqual(['c']);
    expect(draft.byRecord.get(recordKey('finding', FINDING))?.[0]).toBe(draft.all[0]);

    const locked = conflictNotices([onFinding, onAnswer, gone], scope, {
      me: LI,
      names,
      editable: false,
    });
    expect(locked.all.map((n) => [n.voice, n.restorable])).toEqual([
      ['theirs', true],
      ['theirs', false],
      ['theirs', false],
    ]);
    expect(conflictNotices([onFinding], null, { me: LI, names, editable: true }).all).toEqual([]);
  });

  it('splits a plan’s records into this visit’s and the keys of the others', () => {
    const rows = [
      { type: 'note', id: 'n1', fields: { inspectionId: VISIT } },
      { type: 'note', id: 'n2', fields: { inspectionId: OTHER_VISIT } },
      { type: 'finding', id: 'f1', fields: { inspectionId: null } },
    ] as const satisfies readonly Pick<SyncRecord, 'type' | 'id' | 'fields'>[];
    const { mine, others } = splitByVisit(rows, VISIT);
    expect(mine.map((r) => r.id)).toEqual(['n1']);
    expect([...others]).toEqual(['note/n2', 'finding/f1']);
    const s = visitScope(VISIT, [{ id: 'n1' }], [{ id: 'f2' }], [others, new Set(['x'])]);
    expect([...s.here]).toEqual(['note/n1', 'finding/f2']);
    expect([...s.elsewhere]).toEqual(['note/n2', 'finding/f1', 'x']);
  });
});

describe('formatConflictValue', () => {
  const ctx: ValueContext = {
    locale: 'zh-CN',
    words: {
      empty: '（空）',
      yes: '是',
      no: '否',
      wholeVisit: '整次检查',
      files: (n) => `${n} 份材料`,
      yuan: (a) => `${a} 元`,
    },
    unitName: (id) => (id === UNIT ? '青山县财政局' : undefined),
    item: (id) =>
      id === ITEM
        ? { title: '公务接待是否有公函', choices: [{ value: 'a', label: '甲类', score: 0 }] }
        : undefined,
  };
  const fmt = (entity: ConflictView['entity'], field: string, value: JsonValue) =>
    formatConflictValue(
      { entity, field, recordId: entity === 'answer' ? `${VISIT}:${ITEM}` : FINDING },
      value,
      ctx,
    );

  it('shows texts as typed and empty values as empty', () => {
    expect(fmt('finding', 'description', '接待清单缺少公函')).toBe('接待清单缺少公函');
    expect(fmt('note', 'text', '')).toBe('（空）');
    expect(fmt('finding', 'unitsConcerned', [])).toBe('（空）');
    expect(fmt('answer', 'answer', null)).toBe('（空）');
  });

  it('reads answers, codes, amounts, units, people and attachments in words', () => {
    expect(fmt('answer', 'answer', { kind: 'conformity', value: 'nonconforming' })).toBe('不符合');
    expect(fmt('answer', 'answer', { kind: 'score', value: 7.5 })).toBe('7.5');
    expect(fmt('answer', 'answer', { kind: 'choice', value: 'a' })).toBe('甲类');
    expect(fmt('answer', 'evidence', ['a'.repeat(64), 'b'.repeat(64)])).toBe('2 份材料');
    expect(fmt('finding', 'category', 'conduct')).toBe('作风建设');
    expect(fmt('finding', 'severity', 'high')).toBe('较重');
    expect(fmt('finding', 'moneyInvolvedYuan', 1200.5)).toBe('1,200.5 元');
    expect(fmt('finding', 'isClue', true)).toBe('是');
    expect(fmt('finding', 'unitsConcerned', [UNIT, 'x'])).toBe('青山县财政局、x');
    expect(
      fmt('finding', 'peopleConcerned', [
        { name: '王某', position: '局长', unitId: null },
        { name: '李某', position: '', unitId: null },
      ]),
    ).toBe('王某（局长）、李某');
    expect(
      fmt('finding', 'proposedRectification', {
        measures: '补办公函',
        kind: 'immediate',
        deadline: '2026-03-10',
      }),
    ).toMatch(/ · 2026-03-10：补办公函$/);
    expect(
      formatConflictValue({ entity: 'note', field: 'itemId', recordId: NOTE }, ITEM, ctx),
    ).toBe('公务接待是否有公函');
    expect(
      formatConflictValue({ entity: 'note', field: 'itemId', recordId: NOTE }, null, ctx),
    ).toBe('整次检查');
  });

  it('shows what it cannot read raw rather than hiding it', () => {
    expect(fmt('finding', 'severity', 'extreme')).toBe('extreme');
    expect(fmt('answer', 'evidence', 'odd')).toBe('odd');
    expect(fmt('finding', 'moneyInvolvedYuan', '12')).toBe('12');
    expect(fmt('finding', 'peopleConcerned', [{ who: 1 }])).toBe('[{"who":1}]');
  });
});

describe('capitalized', () => {
  it('capitalizes a sentence starting with a lower-case name and leaves Chinese alone', () => {
    expect(capitalized('another member changed “x”')).toBe('Another member changed “x”');
    expect(capitalized('李华 在离线时修改了')).toBe('李华 在离线时修改了');
    expect(capitalized('')).toBe('');
  });
});

describe('clipValue', () => {
  it('keeps short values and cuts long ones on a character boundary', () => {
    expect(clipValue('接待清单')).toEqual({ text: '接待清单', clipped: false });
    const long = '问'.repeat(130);
    expect(clipValue(long)).toEqual({ text: `${'问'.repeat(120)}…`, clipped: true });
    expect(clipValue('😀'.repeat(5), 3)).toEqual({ text: '😀😀😀…', clipped: true });
  });
});
