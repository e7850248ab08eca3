import type {
  AnswerValue,
  FollowUpTargetKind,
  GeoPoint,
  JsonValue,
  MessageKey,
  MutationArgsInput,
  RecordFields,
} from '@ducha/shared';
import type { LocalStore } from '$lib/sync/local-store';

/*
 * Every change of the visit screens, as local mutations: one Dexie transaction each (records +
 * outbox), never waiting on the network; the sync engine pushes later. Updates are field patches
 * whose `base` is the value the user saw, which is how the server detects offline conflicts.
 */

export type VisitResult = { ok: true } | { ok: false; reason: MessageKey };
export type CreatedResult = { ok: true; id: string } | { ok: false; reason: MessageKey };

export type FindingFields = Omit<
  MutationArgsInput<'finding.create'>,
  'id' | 'planId' | 'inspectionId' | 'itemId' | 'unitId' | 'createdAt'
>;

export interface VisitServiceDeps {
  /** The signed-in user's store; null while signed out. */
  store: () => LocalStore | null;
  newId?: () => string;
  now?: () => Date;
}

/** A field patch of one field: the new value and the value the user saw (null: empty). */
export interface Patch<T> {
  value: T;
  base: JsonValue | undefined;
}

function baseOf(base: JsonValue | undefined): JsonValue {
  return base ?? null;
}

export function createVisitService(deps: VisitServiceDeps) {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const now = deps.now ?? (() => new Date());
  const stamp = () => now().toISOString();

  async function run<N extends Parameters<LocalStore['mutate']>[0]>(
    name: N,
    args: MutationArgsInput<N>,
  ): Promise<VisitResult> {
    const store = deps.store();
    if (!store) return { ok: false, reason: 'auth.unauthenticated' };
    const out = await store.mutate(name, args);
    return out.ok ? { ok: true } : { ok: false, reason: out.reason };
  }

  async function create<N extends Parameters<LocalStore['mutate']>[0]>(
    name: N,
    args: MutationArgsInput<N> & { id: string },
  ): Promise<CreatedResult> {
    const out = await run(name, args);
    return out.ok ? { ok: true, id: args.id } : out;
  }

  return {
    /** Starts a visit pinned to the plan's template version. */
    startVisit(input: {
      planId: string;
      templateId: string;
      templateVersion: number;
      place: GeoPoint | null;
    }): Promise<CreatedResult> {
      return create('inspection.start', { id: newId(), startedAt: stamp(), ...input });
    },

    answer(inspectionId: string, itemId: string, p: Patch<AnswerValue | null>) {
      return run('inspection.answer', {
        inspectionId,
        itemId,
        set: { answer: p.value },
        base: { answer: baseOf(p.base) },
      });
    },

    remark(inspectionId: string, itemId: string, p: Patch<string>) {
      return run('inspection.answer', {
        inspectionId,
        itemId,
        set: { remark: p.value },
        base: { remark: baseOf(p.base) },
      });
    },

    /** An item's evidence (SHA-256s of attachments stored on the device), as a whole list. */
    evidence(inspectionId: string, itemId: string, p: Patch<string[]>) {
      return run('inspection.answer', {
        inspectionId,
        itemId,
        set: { evidence: p.value },
        base: { evidence: baseOf(p.base) },
      });
    },

    addNote(inspectionId: string, itemId: string | null, text: string): Promise<CreatedResult> {
      return create('note.add', { id: newId(), inspectionId, itemId, text, createdAt: stamp() });
    },

    updateNote(id: string, p: Patch<string>) {
      return run('note.update', { id, set: { text: p.value }, base: { text: baseOf(p.base) } });
    },

    /** `version`: the note as last pulled (0: made on this device and never pulled). */
    deleteNote(id: string, version: number) {
      return run('note.delete', { id, baseVersion: version > 0 ? version : null });
    },

    createFinding(
      where: { planId: string; inspectionId: string | null; itemId: string | null; unitId: string },
      fields: FindingFields,
    ): Promise<CreatedResult> {
      return create('finding.create', { id: newId(), createdAt: stamp(), ...where, ...fields });
    },

    /** Sends only the fields in `set`, each with the value the user saw in `seen`. */
    updateFinding(id: string, set: RecordFields, seen: RecordFields) {
      const base: RecordFields = {};
      for (const k of Object.keys(set)) base[k] = seen[k] ?? null;
      return run('finding.update', {
        id,
        set: set as MutationArgsInput<'finding.update'>['set'],
        base,
      });
    },

    deleteFinding(id: string, version: number) {
      return run('finding.delete', { id, baseVersion: version > 0 ? version : null });
    },

    submit(id: string) {
      return run('inspection.submit', { id, submittedAt: stamp() });
    },

    /** Settles an offline conflict: the lost value back (`restore`) or the winner stays (`keep`). */
    resolveConflict(id: string, action: 'restore' | 'keep') {
      return run('conflict.resolve', { id, action });
    },

    /** A 回头看 verdict's fields (verdict, comment, evidence), each with the value the user saw. */
    verdict(
      target: { inspectionId: string; targetKind: FollowUpTargetKind; targetId: string },
      set: MutationArgsInput<'followup.verdict'>['set'],
      seen: Readonly<Record<string, JsonValue | undefined>>,
    ) {
      const base: RecordFields = {};
      for (const k of Object.keys(set)) base[k] = baseOf(seen[k]);
      return run('followup.verdict', { ...target, set, base });
    },
  };
}

export type VisitService = ReturnType<typeof createVisitService>;
