/*
 * A pure, in-memory model of the whole protocol: a server and devices with outboxes, running the
 * registry's handlers and the merge rules exactly as the real ones must. It is the executable
 * specification that sync-simulation.ts hammers with faults, and the oracle the API's and the
 * Dexie outbox's implementations can be compared against.
 */

export * from './reference-server';
export * from './reference-device';
