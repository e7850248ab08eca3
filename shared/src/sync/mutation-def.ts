import { z } from 'zod';
import { isInspectionEditable } from '../domain/inspection.schema';
import { InspectionStatus } from '../domain/enums';
import { messageKey } from '../i18n/message-key';
import type { MessageKey } from '../i18n/messages';
import {
  applyFieldPatch,
  type FieldConflict,
  type FieldPatch,
  type WriteContext,
} from './field-merge';
import {
  JsonValue,
  type RecordFields,
  type RecordView,
  type SyncEntityType,
  type SyncRecord,
} from './sync-record';

/*
 * The shape of a mutation handler. A handler is a pure function of (arguments, records, caller):
 * it reads records through `tx`, decides, and `put`s whole new records. It never does I/O, so the
 * server, the device (optimistic apply) and the reference model run the very same code.
 *
 * On the server `tx.get` may be backed by records loaded before the call. A handler reads only
 * records named by its arguments or by records it already read, so a database adapter can load
 * what is asked for and, when asked for something it had not loaded, load it and run the handler
 * again (handlers are pure, so re-running is safe).
 */

/** What the caller may do with the records of a plan: as decided by the API's policy. */
export type PlanAccess = 'none' | 'read' | 'write';

export interface ApplyContext extends WriteContext {
  /**
   * When the user acted, by their device's clock (the mutation's `clientTime`): what screens show
   * as answered, judged or updated at. `at` is the server's time, for stamps and conflicts. Both
   * sides compute the same record from it, so the server need not send it back (sync.pull's
   * `elideOwn`).
   */
  actedAt: string;
  access(planId: string): PlanAccess;
  /**
   * Whether the caller may review the visits of a plan (return one to its team): a supervisor
   * who may see the plan, or the leader of its team, as decided by the API's policy. The server
   * always answers. A device may leave it out, not knowing the policy for sure: the review then
   * goes through optimistically and the server's result says whether it held.
   */
  canReview?(planId: string): boolean;
}

export interface MutationTx extends RecordView {
  put(record: SyncRecord): void;
  /** Stores each conflict as a `conflict` record under `planId`, visible to the plan's team. */
  recordConflicts(conflicts: readonly FieldConflict[], planId: string | null): void;
}

/** Thrown by a handler to reject its mutation; the reason is shown on the device. */
export class MutationRejected extends Error {
  constructor(readonly reason: MessageKey) {
    super(reason);
    this.name = 'MutationRejected';
  }
}

export function reject(reason: MessageKey): never {
  throw new MutationRejected(reason);
}

/**
 * An older argument shape still accepted, and how to turn it into the next version's shape.
 * Declared on the version where the shape last looked like this.
 */
export interface LegacyArgs {
  readonly args: z.ZodType;
  upgrade(args: unknown): unknown;
}

export interface MutationDef<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** The schema version that introduced this mutation. */
  readonly since: number;
  /** The arguments at the current schema version. */
  readonly args: S;
  /** By schema version: shapes that differ from the following version's. */
  readonly legacy?: Readonly<Record<number, LegacyArgs>>;
  apply(args: z.output<S>, tx: MutationTx, ctx: ApplyContext): void;
}

export function defineMutation<S extends z.ZodType>(def: MutationDef<S>): MutationDef<S> {
  return def;
}

export function legacyArgs<L extends z.ZodType>(
  args: L,
  upgrade: (args: z.output<L>) => unknown,
): LegacyArgs {
  return { args, upgrade: upgrade as (args: unknown) => unknown };
}

/** A plain object of parsed arguments as record fields (`undefined` properties dropped). */
export function toFields(value: object): RecordFields {
  const out: RecordFields = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v as JsonValue;
  return out;
}

/**
 * Arguments of a field patch on the record named by `key`: `set` holds the fields to change
 * (validated by `fields`), `base` the value the author saw for each of them (any JSON: it is only
 * compared, and must not fail validation because an old value no longer would).
 */
export function fieldPatchArgs<K extends z.ZodRawShape, F extends z.ZodRawShape>(
  key: K,
  fields: F,
) {
  return z
    .object({
      ...key,
      set: z.strictObject(fields).partial(),
      base: z.record(z.string(), JsonValue),
    })
    .superRefine((value, ctx) => {
      // Generic over K and F, the parsed type is opaque here; its two known parts are not.
      const { set, base } = value as unknown as {
        set: Record<string, unknown>;
        base: RecordFields;
      };
      const keys = Object.keys(set).filter((k) => set[k] !== undefined);
      if (keys.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['set'], message: messageKey('sync.empty_patch') });
      }
      for (const k of keys) {
        if (!Object.hasOwn(base, k)) {
          ctx.addIssue({
            code: 'custom',
            path: ['base', k],
            message: messageKey('sync.base_required'),
          });
        }
      }
    });
}

export function patchOf(args: { set: object; base: RecordFields }): FieldPatch {
  return { set: toFields(args.set), base: args.base };
}

/** Refuses unless the caller may `need` the plan; an invisible plan is "not found". */
export function requirePlanAccess(
  ctx: ApplyContext,
  planId: string | null,
  need: 'read' | 'write',
): void {
  if (planId === null) {
    // Reference data (templates, units) is read-only through sync.
    if (need === 'write') reject('auth.forbidden');
    return;
  }
  const access = ctx.access(planId);
  if (access === 'none') reject('common.not_found');
  if (need === 'write' && access !== 'write') reject('auth.forbidden');
}

/** A record the caller may see, deleted or not; anything else answers "not found". */
export function loadVisible(
  tx: MutationTx,
  ctx: ApplyContext,
  type: SyncEntityType,
  id: string,
): SyncRecord {
  const record = tx.get(type, id);
  if (!record) reject('common.not_found');
  if (record.planId !== null && ctx.access(record.planId) === 'none') reject('common.not_found');
  return record;
}

/** Refuses unless the caller may review the plan's visits (see `ApplyContext.canReview`). */
export function requireReviewer(ctx: ApplyContext, planId: string | null): void {
  if (planId === null) reject('common.not_found');
  if (ctx.access(planId) === 'none') reject('common.not_found');
  if (ctx.canReview && !ctx.canReview(planId)) reject('auth.forbidden');
}

/** A visible record that is not deleted. */
export function loadLive(
  tx: MutationTx,
  ctx: ApplyContext,
  type: SyncEntityType,
  id: string,
): SyncRecord {
  const record = loadVisible(tx, ctx, type, id);
  if (record.deleted) reject('common.not_found');
  return record;
}

/** The inspection, which the caller may change and which is still a draft or returned. */
export function requireEditableInspection(
  tx: MutationTx,
  ctx: ApplyContext,
  inspectionId: unknown,
): SyncRecord {
  if (typeof inspectionId !== 'string') reject('common.not_found');
  const inspection = loadLive(tx, ctx, 'inspection', inspectionId);
  requirePlanAccess(ctx, inspection.planId, 'write');
  const status = InspectionStatus.safeParse(inspection.fields.status);
  if (!status.success || !isInspectionEditable(status.data)) reject('sync.inspection_locked');
  return inspection;
}

/** Applies a field patch to `record` (or preserves it next to its tombstone). */
export function patchRecord(
  tx: MutationTx,
  ctx: ApplyContext,
  record: SyncRecord,
  patch: FieldPatch,
): SyncRecord {
  const out = applyFieldPatch(record, patch, ctx);
  if (out.changed) tx.put(out.record);
  tx.recordConflicts(out.conflicts, record.planId);
  return out.record;
}
