/*
 * What a device needs only once it changes something or a sync fails: the mutation registry
 * (every mutation's zod schema and handler) and the failure schemas. The web app imports this
 * entry lazily, so the first screen it shows loads and builds no schema; everything here is also
 * exported by the package's main entry.
 */
export { applyMutation, createMutation, parseMutationArgs } from './sync/mutation-registry';
export { PullFailure, PushFailure } from './sync/protocol';
