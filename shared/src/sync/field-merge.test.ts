import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFieldPatch,
  conflictInvolves,
  conflictMessageKey,
  deleteRecord,
  restoreConflict,
  CONFLICT_KINDS,
  type FieldConflict,
} from './field-merge';
import { isMessageKey } from '../i18n/messages';
import { DEVICE_B, USER_A, USER_B, T, record, writeCtx } from './sync-fixtures.test-support';
import type { SyncRecord } from './sync-record';

const FID = '00000000-0000-4000-8000-0000000000f1';
const byA = (version: number) => writeCtx({ version, at: T(version) });
const byB = (version: number) =>
  writeCtx({ userId: USER_B, deviceId: DEVICE_B, version, at: T(version) });

function finding(): SyncRecord {
  return record('finding', FID, { title: '原标题', description: '原描述', severity: 'low' });
}

describe('applyFieldPatch', () => {
  it('merges different fields of concurrent patches independently, without conflict', () => {
    const r0 = finding();
    const a = applyFieldPatch(r0, { set: { title: 'A 标题' }, base: { title: '原标题' } }, byA(2));
    const b = applyFieldPatch(
      a.record,
      { set: { description: 'B 描述' }, base: { description: '原描述' } },
      byB(3),
    );
    expect(b.record.fields).toMatchObject({ title: 'A 标题', description: 'B 描述' });
    expect([...a.conflicts, ...b.conflicts]).toEqual([]);
    expect(b.record.version).toBe(3);
    expect(b.record.stamps.title).toMatchObject({ by: USER_A, version: 2 });
    expect(b.record.stamps.description).toMatchObject({ by: USER_B, version: 3 });
  });

  it('lets the later patch win a field and keeps the value it overwrote unseen', () => {
    const a = applyFieldPatch(
      finding(),
      { set: { title: 'A' }, base: { title: '原标题' } },
      byA(2),
    );
    // B never saw A's title: its base is still the original.
    const b = applyFieldPatch(a.record, { set: { title: 'B' }, base: { title: '原标题' } }, byB(3));
    expect(b.record.fields.title).toBe('B');
    expect(b.conflicts).toEqual<FieldConflict[]>([
      {
        kind: 'concurrent_edit',
        entity: 'finding',
        id: FID,
        field: 'title',
        overwrittenValue: 'A',
        overwrittenBy: USER_A,
        overwrittenAt: T(2),
        winnerValue: 'B',
        winnerBy: USER_B,
        winnerAt: T(3),
        resolution: null,
      },
    ]);
  });

  it('records no conflict when the author saw the value they replace', () => {
    const a = applyFieldPatch(
      finding(),
      { set: { title: 'A' }, base: { title: '原标题' } },
      byA(2),
    );
    const b = applyFieldPatch(a.record, { set: { title: 'B' }, base: { title: 'A' } }, byB(3));
    expect(b.conflicts).toEqual([]);
    expect(b.record.fields.title).toBe('B');
  });

  it('records no conflict when both typed the same, and changes nothing', () => {
    const a = applyFieldPatch(
      finding(),
      { set: { title: 'X' }, base: { title: '原标题' } },
      byA(2),
    );
    const b = applyFieldPatch(a.record, { set: { title: 'X' }, base: { title: '原标题' } }, byB(3));
    expect(b).toEqual({ record: a.record, changed: false, conflicts: [] });
  });

  it('compares structured values by content, not key order', () => {
    const r = record('answer', 'i:j', { answer: { kind: 'score', value: 3 } });
    const out = applyFieldPatch(
      r,
      {
        set: { answer: { kind: 'score', value: 4 } },
        base: { answer: { value: 3, kind: 'score' } },
      },
      byB(2),
    );
    expect(out.conflicts).toEqual([]);
  });

  it('treats a never-written field as empty, and a seeded value as someone’s work', () => {
    const r = finding();
    const first = applyFieldPatch(r, { set: { remark: '新' }, base: { remark: '别的' } }, byB(2));
    expect(first.conflicts).toEqual([]);
    const seeded: SyncRecord = { ...r, stamps: {} };
    const over = applyFieldPatch(seeded, { set: { title: 'B' }, base: { title: '旧' } }, byB(2));
    expect(over.conflicts).toMatchObject([
      { overwrittenValue: '原标题', overwrittenBy: null, overwrittenAt: null },
    ]);
  });

  it('applies optimistically on a device without deciding conflicts', () => {
    const a = applyFieldPatch(
      finding(),
      { set: { title: 'A' }, base: { title: '?' } },
      {
        ...byB(0),
        recordConflicts: false,
      },
    );
    expect(a.record.fields.title).toBe('A');
    expect(a.conflicts).toEqual([]);
  });

  it('is decided by arrival order alone: last write wins each field, every unseen loss is kept', () => {
    const fields = ['title', 'description', 'severity'] as const;
    const patch = fc.record({
      field: fc.constantFrom(...fields),
      value: fc.constantFrom('v1', 'v2', 'v3', 'v4'),
      sawCurrent: fc.boolean(),
      device: fc.constantFrom('A', 'B'),
    });
    fc.assert(
      fc.property(fc.array(patch, { maxLength: 30 }), (patches) => {
        let r = finding();
        const conflicts: FieldConflict[] = [];
        let expectedConflicts = 0;
        const last: Record<string, unknown> = { ...r.fields };
        patches.forEach((p, i) => {
          const current = r.fields[p.field];
          const base = p.sawCurrent ? current! : 'stale';
          const ctx = p.device === 'A' ? byA(i + 2) : byB(i + 2);
          if (current !== p.value && base !== current) expectedConflicts++;
          const out = applyFieldPatch(
            r,
            { set: { [p.field]: p.value }, base: { [p.field]: base } },
            ctx,
          );
          r = out.record;
          conflicts.push(...out.conflicts);
          last[p.field] = p.value;
        });
        expect(r.fields).toEqual(last);
        expect(conflicts).toHaveLength(expectedConflicts);
        for (const c of conflicts) expect(c.overwrittenValue).not.toEqual(c.winnerValue);
      }),
    );
  });
});

describe('delete versus edit', () => {
  it('deletes softly: the tombstone keeps every field and names the deleter', () => {
    const out = deleteRecord(finding(), 1, byA(5));
    expect(out.changed).toBe(true);
    expect(out.record.fields).toEqual(finding().fields);
    expect(out.record.deleted).toMatchObject({ by: USER_A, version: 5 });
    expect(out.record.version).toBe(5);
    expect(deleteRecord(out.record, 5, byB(6))).toEqual({
      record: out.record,
      changed: false,
      conflicts: [],
    });
  });

  it('does not resurrect on a later edit, but keeps each edited value next to the tombstone', () => {
    const deleted = deleteRecord(finding(), 1, byA(5)).record;
    const out = applyFieldPatch(
      deleted,
      { set: { title: 'B 离线补充', severity: 'low' }, base: { title: '原标题', severity: 'low' } },
      byB(6),
    );
    expect(out.changed).toBe(false);
    expect(out.record).toBe(deleted);
    // `severity` equals what the tombstone holds: nothing to keep.
    expect(out.conflicts).toEqual<FieldConflict[]>([
      {
        kind: 'edit_after_delete',
        entity: 'finding',
        id: FID,
        field: 'title',
        overwrittenValue: 'B 离线补充',
        overwrittenBy: USER_B,
        overwrittenAt: T(6),
        winnerValue: null,
        winnerBy: USER_A,
        winnerAt: T(5),
        resolution: null,
      },
    ]);
  });

  it('records the edits a deleter had not pulled, not their own nor those they saw', () => {
    let r = finding(); // created at version 1 by device A
    r = applyFieldPatch(
      r,
      { set: { description: 'B 改' }, base: { description: '原描述' } },
      byB(3),
    ).record;
    r = applyFieldPatch(r, { set: { title: 'A 改' }, base: { title: '原标题' } }, byA(4)).record;
    r = applyFieldPatch(r, { set: { severity: 'high' }, base: { severity: 'low' } }, byB(6)).record;
    // A pulled version 3 (saw B's description), not version 6 (B's severity).
    const out = deleteRecord(r, 3, byA(7));
    expect(out.conflicts).toEqual([
      expect.objectContaining({
        kind: 'deleted_while_edited',
        field: 'severity',
        overwrittenValue: 'high',
        overwrittenBy: USER_B,
        winnerBy: USER_A,
        winnerValue: null,
      }),
    ]);
    // Never pulled (made offline): every other device's edit is unseen.
    expect(
      deleteRecord(r, null, byA(7))
        .conflicts.map((c) => c.field)
        .sort(),
    ).toEqual(['description', 'severity']);
  });
});

describe('restoreConflict', () => {
  it('puts an overwritten value back, as a patch over the winner', () => {
    const a = applyFieldPatch(
      finding(),
      { set: { title: 'A' }, base: { title: '原标题' } },
      byA(2),
    );
    const b = applyFieldPatch(a.record, { set: { title: 'B' }, base: { title: '原标题' } }, byB(3));
    const restored = restoreConflict(b.conflicts[0]!, b.record, byA(4));
    expect(restored.record.fields.title).toBe('A');
    expect(restored.conflicts).toEqual([]);
    // Restoring over a value changed since is itself a conflict: nothing disappears.
    const c = applyFieldPatch(b.record, { set: { title: 'C' }, base: { title: 'B' } }, byB(4));
    const again = restoreConflict(b.conflicts[0]!, c.record, byA(5));
    expect(again.record.fields.title).toBe('A');
    expect(again.conflicts).toMatchObject([{ overwrittenValue: 'C', winnerValue: 'A' }]);
  });

  it('undeletes the record for the delete kinds', () => {
    const deleted = deleteRecord(finding(), 1, byA(5)).record;
    const lost = applyFieldPatch(
      deleted,
      { set: { title: 'B' }, base: { title: '原标题' } },
      byB(6),
    );
    const back = restoreConflict(lost.conflicts[0]!, deleted, byB(7));
    expect(back.changed).toBe(true);
    expect(back.record.deleted).toBeNull();
    expect(back.record.fields).toMatchObject({ title: 'B', description: '原描述' });

    let r = applyFieldPatch(
      finding(),
      { set: { severity: 'high' }, base: { severity: 'low' } },
      byB(3),
    ).record;
    const del = deleteRecord(r, 1, byA(4));
    r = restoreConflict(del.conflicts[0]!, del.record, byB(5)).record;
    expect(r.deleted).toBeNull();
    expect(r.fields.severity).toBe('high');
  });
});

describe('conflict notices', () => {
  it('has a message for every kind, and flags both authors', () => {
    for (const kind of CONFLICT_KINDS) expect(isMessageKey(conflictMessageKey(kind))).toBe(true);
    const a = applyFieldPatch(
      finding(),
      { set: { title: 'A' }, base: { title: '原标题' } },
      byA(2),
    );
    const [c] = applyFieldPatch(
      a.record,
      { set: { title: 'B' }, base: { title: '?' } },
      byB(3),
    ).conflicts;
    expect(conflictInvolves(c!, USER_A)).toBe(true);
    expect(conflictInvolves(c!, USER_B)).toBe(true);
    expect(conflictInvolves(c!, '00000000-0000-4000-8000-000000000999')).toBe(false);
  });
});
