import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.schema';
import { messageKey } from '../i18n/message-key';
import { isMessageKey, type MessageKey } from '../i18n/messages';
import {
  MAX_PULL_LIMIT,
  DEFAULT_PULL_LIMIT,
  MAX_MUTATION_DIGESTS,
  MAX_PUSH_MUTATIONS,
} from './protocol-constants';
import { RecordFields, RecordId, SyncEntityType } from './sync-record';

/*
 * The wire protocol between a device and the server (README.md is the full specification).
 * Two tRPC procedures carry it: `sync.push` (PushRequest → PushResponse | PushFailure) and
 * `sync.pull` (PullRequest → PullResponse | PullFailure). Failures travel as tRPC errors whose
 * `data.messageKey` is the failure's key and whose other data fields are the failure's fields.
 */

export {
  DEFAULT_PULL_LIMIT,
  MAX_ATTACHMENT_BYTES,
  MAX_MUTATION_DIGESTS,
  MAX_PULL_LIMIT,
  MAX_PUSH_BYTES,
  MAX_PUSH_MUTATIONS,
  MIN_SYNC_SCHEMA_VERSION,
  SYNC_FAILURE_CODES,
  SYNC_SCHEMA_VERSION,
  checkSchemaVersion,
} from './protocol-constants';

/** A catalogue key, as carried in rejection reasons and failures. */
export const MessageKeySchema = z.custom<MessageKey>(
  (v) => typeof v === 'string' && isMessageKey(v),
  { error: messageKey('sync.invalid_message_key') },
);

/** A `recordDigest` or `claimDigest`: 32 hex digits. */
export const Digest = z.string().regex(/^[0-9a-f]{32}$/);

/** A device installation (one browser profile on one phone), a UUID it makes once. */
export const DeviceId = Id;
export const MutationId = z.int().min(1);
export const SchemaVersion = z.int().min(1).max(1000);

/**
 * One intent as it travels and waits in the outbox. `args` is validated by the server against the
 * registry entry of `name` at `schemaVersion`, per mutation, so one malformed mutation is
 * rejected on its own instead of failing the whole push.
 */
export const Mutation = z.object({
  id: MutationId,
  name: z.string().min(1).max(64),
  args: z.unknown(),
  schemaVersion: SchemaVersion,
  clientTime: IsoDateTime,
  /**
   * What the device's own run of this mutation wrote: `claimDigest` of each record, in the
   * order the handler wrote them. Optional (older apps never send it). The server compares them
   * with its own writes; a record whose final copy is what the device claimed comes back to it
   * as a `verified` `own` record, which the device takes without reading its copy.
   */
  digests: z.array(Digest).max(MAX_MUTATION_DIGESTS).optional(),
});
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z.object({
  deviceId: DeviceId,
  mutations: z
    .array(Mutation)
    .min(1)
    .max(MAX_PUSH_MUTATIONS)
    .superRefine((ms, ctx) => {
      for (let i = 1; i < ms.length; i++) {
        if (ms[i]!.id !== ms[i - 1]!.id + 1) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            message: messageKey('sync.mutation_ids_not_consecutive'),
          });
          return;
        }
      }
    }),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MUTATION_STATUSES = ['applied', 'duplicate', 'rejected'] as const;
export const MutationStatus = z.enum(MUTATION_STATUSES);
export type MutationStatus = z.infer<typeof MutationStatus>;

/**
 * `duplicate`: processed by an earlier push and applied then. A re-sent mutation that was
 * rejected then is answered `rejected` again with the same reason, so a device that lost the
 * first response still learns why.
 */
export const MutationResult = z.object({
  id: MutationId,
  status: MutationStatus,
  reason: MessageKeySchema.optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  /** The device's last processed mutation after this push. */
  lastMutationId: z.int().nonnegative(),
  results: z.array(MutationResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** Whole-push refusals: nothing was processed. */
export const PushFailure = z.discriminatedUnion('messageKey', [
  /** The first mutation is beyond lastMutationId + 1; resend from lastMutationId + 1. */
  z.object({ messageKey: z.literal('sync.mutation_gap'), lastMutationId: z.int().nonnegative() }),
  /** The device id is bound to another user. */
  z.object({ messageKey: z.literal('sync.device_mismatch') }),
  /** A mutation is older than the server accepts: update the app, upgrade the outbox, resend. */
  z.object({ messageKey: z.literal('sync.client_outdated'), minSchemaVersion: SchemaVersion }),
  /** A mutation is newer than the server knows (rolling deploy): retry later, keep it. */
  z.object({ messageKey: z.literal('sync.server_outdated'), maxSchemaVersion: SchemaVersion }),
]);
export type PushFailure = z.infer<typeof PushFailure>;

/** Opaque to devices: they store it and send it back, never parse it. */
export const Cursor = z.string().min(1).max(512);
export type Cursor = z.infer<typeof Cursor>;

export const PullRequest = z.object({
  deviceId: DeviceId,
  /** null: from the beginning (first sync, or after `sync.cursor_invalid`). */
  cursor: Cursor.nullable(),
  limit: z.int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
  schemaVersion: SchemaVersion,
  /**
   * Records this device alone has written come back as `own` (plan, version and digest, no
   * fields): the device already holds them. False (older apps never send it): every record whole.
   */
  elideOwn: z.boolean().default(false),
});
export type PullRequest = z.infer<typeof PullRequest>;
export type PullRequestInput = z.input<typeof PullRequest>;

/**
 * One entry of the pull stream. `upsert` carries the whole record (every field): a device
 * replaces what it holds. `delete` is a tombstone. `revoked` says the record left the user's
 * scope (plan reassigned, membership ended, access withdrawn); revoking a `plan` removes every
 * record whose `planId` is that plan, in one entry.
 */
export const Change = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('upsert'),
    type: SyncEntityType,
    id: RecordId,
    planId: Id.nullable(),
    version: z.int().nonnegative(),
    fields: RecordFields,
  }),
  z.object({
    op: z.literal('delete'),
    type: SyncEntityType,
    id: RecordId,
    version: z.int().nonnegative(),
  }),
  z.object({ op: z.literal('revoked'), type: SyncEntityType, id: RecordId }),
  /**
   * Only with `elideOwn`: a live record whose every write came from the pulling device. Its
   * fields are what the device's own replay of its changes made, whose `recordDigest` is
   * `digest`; a device whose copy does not match pulls again without `elideOwn`.
   */
  z.object({
    op: z.literal('own'),
    type: SyncEntityType,
    id: RecordId,
    planId: Id.nullable(),
    version: z.int().nonnegative(),
    digest: Digest,
    /**
     * The server's copy is what the device claimed (`Mutation.digests`) for its last write of
     * this record: a device whose copy has not changed since it sent that claim may take it as
     * is, without checking `digest`.
     */
    verified: z.literal(true).optional(),
  }),
]);
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: Cursor,
  hasMore: z.boolean(),
  /**
   * The device's last processed mutation, read in the same snapshot as the changes. A device
   * adopts it only from a page with `hasMore: false`: only then does its pulled state contain the
   * effects of every mutation up to that number, so it can stop replaying them locally.
   */
  lastMutationId: z.int().nonnegative(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const PullFailure = z.discriminatedUnion('messageKey', [
  /** Unknown, malformed or future cursor (e.g. server restored from backup): pull from null. */
  z.object({ messageKey: z.literal('sync.cursor_invalid') }),
  z.object({ messageKey: z.literal('sync.device_mismatch') }),
  z.object({ messageKey: z.literal('sync.client_outdated'), minSchemaVersion: SchemaVersion }),
  z.object({ messageKey: z.literal('sync.server_outdated'), maxSchemaVersion: SchemaVersion }),
]);
export type PullFailure = z.infer<typeof PullFailure>;

export type SyncOutcome<T, F> = { ok: true; value: T } | { ok: false; failure: F };
export type PushOutcome = SyncOutcome<PushResponse, PushFailure>;
export type PullOutcome = SyncOutcome<PullResponse, PullFailure>;
