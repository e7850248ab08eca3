import { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import type { FieldConflict } from './field-merge';
import {
  MutationRejected,
  type ApplyContext,
  type MutationDef,
  type MutationTx,
} from './mutation-def';
import { attachmentAttach } from './mutations/attachment.mutations';
import { conflictResolve } from './mutations/conflict.mutations';
import { findingCreate, findingDelete, findingUpdate } from './mutations/finding.mutations';
import { followUpVerdict } from './mutations/follow-up.mutations';
import {
  inspectionAnswer,
  inspectionReturn,
  inspectionStart,
  inspectionSubmit,
} from './mutations/inspection.mutations';
import { noteAdd, noteDelete, noteUpdate } from './mutations/note.mutations';
import { talkCreate, talkSign, talkUpdate } from './mutations/talk.mutations';
import { MIN_SYNC_SCHEMA_VERSION, SYNC_SCHEMA_VERSION, type Mutation } from './protocol';
import { recordKey, type RecordView, type SyncEntityType, type SyncRecord } from './sync-record';

/*
 * Every mutation, defined once: its name, its arguments per schema version, and its handler.
 * The server applies a pushed mutation with the handler of the same name; the device applies the
 * same handler to its local records when the user acts, before any network (optimistic apply),
 * and again over freshly pulled state while the mutation is still pending (rebase).
 */
export const MUTATIONS = {
  'inspection.start': inspectionStart,
  'inspection.answer': inspectionAnswer,
  'inspection.submit': inspectionSubmit,
  'note.add': noteAdd,
  'note.update': noteUpdate,
  'note.delete': noteDelete,
  'finding.create': findingCreate,
  'finding.update': findingUpdate,
  'finding.delete': findingDelete,
  'attachment.attach': attachmentAttach,
  'conflict.resolve': conflictResolve,
  'followup.verdict': followUpVerdict,
  'talk.create': talkCreate,
  'talk.update': talkUpdate,
  'talk.sign': talkSign,
  'inspection.return': inspectionReturn,
} as const;

export type MutationName = keyof typeof MUTATIONS;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];
/** Arguments as a device writes them (defaults may be omitted). */
export type MutationArgsInput<N extends MutationName> = z.input<(typeof MUTATIONS)[N]['args']>;
/** Arguments after validation, as handlers receive them. */
export type MutationArgs<N extends MutationName> = z.output<(typeof MUTATIONS)[N]['args']>;

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATIONS, name);
}

function definition(name: MutationName): MutationDef {
  return MUTATIONS[name] as unknown as MutationDef;
}

/** The schema versions whose arguments the server accepts for `name`, oldest first. */
export function acceptedSchemaVersions(name: MutationName): number[] {
  const from = Math.max(definition(name).since, MIN_SYNC_SCHEMA_VERSION);
  return Array.from({ length: SYNC_SCHEMA_VERSION - from + 1 }, (_, i) => from + i);
}

export type ParsedArgs =
  | { ok: true; name: MutationName; args: unknown }
  | { ok: false; reason: MessageKey; error?: z.ZodError };

/**
 * Validates arguments written under `schemaVersion` and brings them to the current shape: each
 * legacy step parses the old shape and upgrades it to the next version's, and the current schema
 * validates the result.
 */
export function parseMutationArgs(name: string, schemaVersion: number, raw: unknown): ParsedArgs {
  if (!isMutationName(name)) return { ok: false, reason: 'sync.unknown_mutation' };
  const def = definition(name);
  if (!acceptedSchemaVersions(name).includes(schemaVersion)) {
    return { ok: false, reason: 'sync.schema_unsupported' };
  }
  let value = raw;
  for (let v = schemaVersion; v < SYNC_SCHEMA_VERSION; v++) {
    const legacy = def.legacy?.[v];
    if (!legacy) continue;
    const old = legacy.args.safeParse(value);
    if (!old.success) return { ok: false, reason: 'sync.invalid_args', error: old.error };
    value = legacy.upgrade(old.data);
  }
  const current = def.args.safeParse(value);
  if (!current.success) return { ok: false, reason: 'sync.invalid_args', error: current.error };
  return { ok: true, name, args: current.data };
}

/**
 * The mutation rewritten at the current schema version, for a device migrating its outbox after
 * an app update (same id, so the server's numbering is untouched).
 */
export function upgradeMutation(
  mutation: Mutation,
): { ok: true; mutation: Mutation } | { ok: false; reason: MessageKey } {
  if (mutation.schemaVersion === SYNC_SCHEMA_VERSION) return { ok: true, mutation };
  const parsed = parseMutationArgs(mutation.name, mutation.schemaVersion, mutation.args);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  return {
    ok: true,
    mutation: { ...mutation, args: parsed.args, schemaVersion: SYNC_SCHEMA_VERSION },
  };
}

/** A new mutation at the current schema version; throws a ZodError for invalid arguments. */
export function createMutation<N extends MutationName>(
  name: N,
  args: MutationArgsInput<N>,
  meta: { id: number; clientTime: string },
): Mutation {
  return {
    id: meta.id,
    name,
    args: definition(name).args.parse(args),
    schemaVersion: SYNC_SCHEMA_VERSION,
    clientTime: meta.clientTime,
  };
}

export type ApplyResult =
  { status: 'applied'; writes: SyncRecord[] } | { status: 'rejected'; reason: MessageKey };

class Transaction implements MutationTx {
  readonly writes = new Map<string, SyncRecord>();
  private conflicts = 0;

  constructor(
    private readonly view: RecordView,
    private readonly ctx: ApplyContext,
  ) {}

  get(type: SyncEntityType, id: string): SyncRecord | undefined {
    return this.writes.get(recordKey(type, id)) ?? this.view.get(type, id);
  }

  put(record: SyncRecord): void {
    this.writes.set(recordKey(record.type, record.id), record);
  }

  recordConflicts(conflicts: readonly FieldConflict[], planId: string | null): void {
    for (const conflict of conflicts) {
      // Derived from the mutation's identity, so a device's optimistic copy and the server's
      // record of the same conflict share one id.
      const id = `${this.ctx.deviceId}:${this.ctx.mutationId}:${++this.conflicts}`;
      this.put({
        type: 'conflict',
        id,
        planId,
        version: this.ctx.version,
        deleted: null,
        fields: { ...conflict },
        stamps: {},
      });
    }
  }
}

/**
 * Runs the handler of `name` on already validated arguments. Only a handler's own rejection is
 * turned into a result; any other exception is a bug and propagates.
 */
export function applyMutation(
  name: MutationName,
  args: unknown,
  view: RecordView,
  ctx: ApplyContext,
): ApplyResult {
  const tx = new Transaction(view, ctx);
  try {
    definition(name).apply(args, tx, ctx);
  } catch (e) {
    if (e instanceof MutationRejected) return { status: 'rejected', reason: e.reason };
    throw e;
  }
  return { status: 'applied', writes: [...tx.writes.values()] };
}

/** Validates and applies a mutation as received: what the server does with each pushed one. */
export function runMutation(mutation: Mutation, view: RecordView, ctx: ApplyContext): ApplyResult {
  const parsed = parseMutationArgs(mutation.name, mutation.schemaVersion, mutation.args);
  if (!parsed.ok) return { status: 'rejected', reason: parsed.reason };
  return applyMutation(parsed.name, parsed.args, view, ctx);
}
