import type { PullFailure, PushFailure } from './protocol';

/*
 * The protocol's numbers and failure codes (protocol.ts has the wire schemas and re-exports
 * these): plain values, so a device can sync without building the schemas until it needs them.
 */

/**
 * Version of the shape of mutation arguments and pulled records. A device stamps every mutation
 * with the version it was written under; the server accepts the current and the previous one
 * (see mutation-registry.ts for how a previous shape is upgraded).
 */
export const SYNC_SCHEMA_VERSION = 2;
export const MIN_SYNC_SCHEMA_VERSION = 1;

/**
 * A push is one server transaction (it holds the pull horizon while it runs): at most this many
 * mutations, and a device packs no more than MAX_PUSH_BYTES of JSON into one, under the API's
 * 1 MiB body limit.
 */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PUSH_BYTES = 768 * 1024;
export const MAX_PULL_LIMIT = 2000;
/** Claims a mutation may carry (`Mutation.digests`); one that writes more sends none. */
export const MAX_MUTATION_DIGESTS = 100;
export const DEFAULT_PULL_LIMIT = 1000;
/** Largest attachment the server stores; the upload endpoint refuses bigger files. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** The tRPC error code each failure travels with. */
export const SYNC_FAILURE_CODES = {
  'sync.mutation_gap': 'CONFLICT',
  'sync.device_mismatch': 'FORBIDDEN',
  'sync.client_outdated': 'PRECONDITION_FAILED',
  'sync.server_outdated': 'SERVICE_UNAVAILABLE',
  'sync.cursor_invalid': 'BAD_REQUEST',
} as const satisfies Record<(PushFailure | PullFailure)['messageKey'], string>;

/** Whether a device may send mutations of this schema version (otherwise: which failure). */
export function checkSchemaVersion(
  version: number,
): 'ok' | 'sync.client_outdated' | 'sync.server_outdated' {
  if (version < MIN_SYNC_SCHEMA_VERSION) return 'sync.client_outdated';
  if (version > SYNC_SCHEMA_VERSION) return 'sync.server_outdated';
  return 'ok';
}
