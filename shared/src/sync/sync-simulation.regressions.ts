import type { SimulationStats } from './sync-simulation-invariants';
import type { SimStep } from './sync-simulation';

/*
 * Scenarios the property once failed on, kept as literal steps (not only seeds, which change
 * meaning whenever the generator changes). Each names what went wrong. They are data, so every
 * server the simulation drives replays them: the reference model here
 * (sync-simulation.regressions.test.ts) and the API over PGlite and PostgreSQL
 * (api/src/sync/sync-simulation.regressions.test.ts).
 */

export interface SyncRegression {
  name: string;
  steps: readonly SimStep[];
  /** What the scenario must still make happen, or it no longer tests what it was kept for. */
  exercises: keyof Pick<SimulationStats, 'revocations' | 'rejected' | 'ownMismatches'>;
}

export const SYNC_REGRESSIONS: readonly SyncRegression[] = [
  {
    // Plan A is handed to team B; user 3's first pull page holds plan A's note but not plan A
    // itself (one version split across pages). Applied page by page, the device could not
    // replay its own note edit over that half state, showed the old text, and the user deleted
    // the note without ever seeing what they had typed. Pulls are now applied whole, and an edit
    // the device cannot apply locally is refused at once (each fix alone prevents this run).
    name: 'a half-applied paged pull no longer hides a pending edit from its own author',
    exercises: 'revocations',
    steps: [
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'reassign', plan: 0, team: 1 },
      { t: 'pull', d: 3, limit: 4 },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'respond', i: 0 },
      { t: 'respond', i: 0 },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'edit', d: 3, op: 'note.update', a: 0, b: 0, c: 0 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'timeout', d: 0 },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'pull', d: 0, limit: 1 },
      { t: 'edit', d: 3, op: 'note.delete', a: 0, b: 0, c: 0 },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'respond', i: 0 },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'push', d: 0, pipeline: false },
      { t: 'respond', i: 0 },
    ],
  },
  {
    // Device 0 submits a visit while its plan is being handed away and back; the server rejects
    // the submit, but the response is lost to a page reload. Locally the visit looks submitted,
    // so the note edit typed next did not show; it used to be queued anyway, the server applied
    // it (the visit was not submitted there), and the user, seeing the old text, deleted the note.
    name: 'an edit the device itself refused is never queued, so it cannot land unseen',
    exercises: 'rejected',
    steps: JSON.parse(
      '[{"t":"edit","d":0,"op":"inspection.submit","a":0,"b":0,"c":0},{"t":"reassign","plan":0,"team":1},{"t":"push","d":0,"pipeline":false},{"t":"restartDevice","d":0},{"t":"deliver","i":0,"fate":"ok"},{"t":"reassign","plan":0,"team":0},{"t":"edit","d":0,"op":"note.update","a":0,"b":0,"c":0},{"t":"respond","i":0},{"t":"pull","d":0,"limit":1},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"respond","i":0},{"t":"edit","d":0,"op":"note.delete","a":0,"b":0,"c":0},{"t":"push","d":0,"pipeline":false},{"t":"deliver","i":0,"fate":"ok"},{"t":"respond","i":0},{"t":"deliver","i":0,"fate":"ok"},{"t":"push","d":0,"pipeline":false},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"edit","d":0,"op":"inspection.submit","a":0,"b":0,"c":0},{"t":"deliver","i":0,"fate":"ok"},{"t":"deliver","i":0,"fate":"ok"},{"t":"deliver","i":0,"fate":"ok"},{"t":"respond","i":0},{"t":"restartServer"},{"t":"edit","d":0,"op":"inspection.submit","a":0,"b":0,"c":0},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0}]',
    ) as SimStep[],
  },
  {
    // User 1 writes a note on phone 1; phone 0 pulls it, replaces it offline, and deletes the note.
    // The replacement is rejected (the plan was briefly handed to another team), the delete is
    // applied. Nothing unseen was deleted — the deleter had pulled that text and typed over it —
    // and the server records no conflict, rightly; the invariant once demanded one.
    name: 'a value the deleter had pulled, then replaced by their own rejected edit, counts as seen',
    exercises: 'rejected',
    steps: JSON.parse(
      '[{"t":"edit","d":1,"op":"note.update","a":0,"b":0,"c":0},{"t":"pull","d":0,"limit":1},{"t":"push","d":1,"pipeline":false},{"t":"deliver","i":45,"fate":"ok"},{"t":"deliver","i":0,"fate":"ok"},{"t":"reassign","plan":0,"team":1},{"t":"respond","i":343},{"t":"edit","d":0,"op":"note.update","a":0,"b":0,"c":0},{"t":"push","d":0,"pipeline":false},{"t":"deliver","i":0,"fate":"ok"},{"t":"deliver","i":0,"fate":"ok"},{"t":"pull","d":0,"limit":1},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"deliver","i":0,"fate":"ok"},{"t":"deliver","i":0,"fate":"ok"},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"reassign","plan":0,"team":0},{"t":"deliver","i":0,"fate":"ok"},{"t":"edit","d":0,"op":"note.delete","a":0,"b":0,"c":0},{"t":"push","d":0,"pipeline":false},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"push","d":0,"pipeline":false},{"t":"pull","d":0,"limit":1},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"reassign","plan":0,"team":0},{"t":"respond","i":0},{"t":"respond","i":0},{"t":"edit","d":0,"op":"inspection.start","a":0,"b":0,"c":0},{"t":"pull","d":0,"limit":1}]',
    ) as SimStep[],
  },
  {
    // Device 0 loses plan A (handed to team B) and pulls the revocation, dropping its records;
    // plan A comes back and the next pull sends the device's own visit as a digest, which it can
    // no longer match. The device then needs a second pull with every record whole: the
    // harness's drain stopped at the answer's `hasMore: false` and left plan A missing (found by
    // seed -1537809486). The web engine pulls again at once (sync-engine.ts `#pull`).
    name: 'a device that no longer holds its own records pulls again, whole, after a regrant',
    exercises: 'ownMismatches',
    steps: [
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'reassign', plan: 0, team: 1 },
      { t: 'pull', d: 0, limit: 1 },
      { t: 'respond', i: 0 },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'deliver', i: 0, fate: 'ok' },
      { t: 'reassign', plan: 0, team: 0 },
      { t: 'edit', d: 1, op: 'inspection.submit', a: 0, b: 0, c: 0 },
      { t: 'respond', i: 0 },
      { t: 'restartServer' },
      { t: 'edit', d: 0, op: 'inspection.submit', a: 0, b: 0, c: 0 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'push', d: 0, pipeline: false },
      { t: 'push', d: 0, pipeline: false },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'respond', i: 0 },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'edit', d: 0, op: 'inspection.start', a: 0, b: 0, c: 0 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'pull', d: 0, limit: 1 },
      { t: 'push', d: 0, pipeline: false },
      { t: 'pull', d: 0, limit: 1 },
    ],
  },
];
