/*
 * The server's rule for a device's mutation numbers (Replicache's): a device numbers its
 * mutations 1, 2, 3…; the server stores the last number it processed for that device in the same
 * transaction as the mutation's effects, so "processed" and "number advanced" commit together or
 * not at all. Processing includes rejection: a rejected mutation advances the number too, so one
 * bad mutation never wedges the queue behind it.
 */

export type SequenceDecision = 'apply' | 'duplicate' | 'gap';

/**
 * `apply` the next number; acknowledge a number already processed as a `duplicate` (a retry
 * after a lost response) without effect; refuse a `gap` (a later number while an earlier one is
 * missing), which would otherwise apply intents out of order.
 */
export function sequenceMutation(lastMutationId: number, incomingId: number): SequenceDecision {
  if (!Number.isSafeInteger(lastMutationId) || lastMutationId < 0) {
    throw new RangeError(`lastMutationId must be a non-negative integer, got ${lastMutationId}`);
  }
  if (!Number.isSafeInteger(incomingId) || incomingId < 1) {
    throw new RangeError(`mutation ids start at 1, got ${incomingId}`);
  }
  if (incomingId <= lastMutationId) return 'duplicate';
  if (incomingId === lastMutationId + 1) return 'apply';
  return 'gap';
}
