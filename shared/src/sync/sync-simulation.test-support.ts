import fc from 'fast-check';
import { runSimulation, type EditOp, type SimStep } from './sync-simulation';
import type { SimulationReport } from './sync-simulation-invariants';

export { SYNC_REGRESSIONS, type SyncRegression } from './sync-simulation.regressions';

/*
 * fast-check's side of the simulation: scenarios as random step lists, and the property. Kept out
 * of the package index so fast-check stays a development dependency.
 */

const device = fc.nat({ max: 3 });
const choice = fc.nat({ max: 1000 });

/** Edits concentrate on few records, so that devices collide often. */
const EDIT_WEIGHTS: Record<Exclude<EditOp, 'inspection.submit'>, number> = {
  'inspection.start': 1,
  'inspection.answer': 5,
  'note.add': 2,
  'note.add.v1': 1,
  'note.update': 4,
  'note.delete': 1,
  'finding.create': 1,
  'finding.update': 5,
  'finding.delete': 1,
  'attachment.attach': 1,
  'conflict.resolve': 3,
  invalid: 1,
};
const editOp = fc.constantFrom(
  ...Object.entries(EDIT_WEIGHTS).flatMap(([op, w]) => Array<EditOp>(w).fill(op as EditOp)),
);

/** Weighted so that most scenarios edit a lot and lose a lot of messages. */
export const simStep: fc.Arbitrary<SimStep> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({
      t: fc.constant('edit' as const),
      d: device,
      op: editOp,
      a: choice,
      b: choice,
      c: choice,
    }),
  },
  {
    // Submitting locks a visit for good, so keep it rare or most later edits are refused.
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('edit' as const),
      d: device,
      op: fc.constant('inspection.submit' as const),
      a: choice,
      b: choice,
      c: choice,
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({ t: fc.constant('push' as const), d: device, pipeline: fc.boolean() }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('pull' as const),
      d: device,
      limit: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 16,
    arbitrary: fc.record({
      t: fc.constant('deliver' as const),
      i: choice,
      fate: fc.constantFrom(
        'ok' as const,
        'ok' as const,
        'drop' as const,
        'lose' as const,
        'dup' as const,
      ),
    }),
  },
  { weight: 12, arbitrary: fc.record({ t: fc.constant('respond' as const), i: choice }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('timeout' as const), d: device }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('restartDevice' as const), d: device }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restartServer' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('reassign' as const),
      plan: fc.nat({ max: 1 }),
      team: fc.nat({ max: 1 }),
    }),
  },
);

export const simScenario = fc.array(simStep, { minLength: 20, maxLength: 120, size: 'max' });

/** Called with every report, e.g. to total the statistics of a test run. */
export type ReportSink = (report: SimulationReport) => void;

export function syncProperty(sink?: ReportSink) {
  return fc.asyncProperty(simScenario, async (steps) => {
    const report = await runSimulation(steps);
    sink?.(report);
    if (report.violations.length > 0) {
      throw new Error(
        `${report.violations.length} violations:\n${report.violations.slice(0, 10).join('\n')}`,
      );
    }
  });
}

/** Runs the property; `SYNC_SIM_RUNS` and `SYNC_SIM_SEED` override the run count and seed. */
export function checkSync(
  options: { numRuns: number; seed?: number; path?: string },
  sink?: ReportSink,
) {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
    ?.env;
  const envRuns = Number(env?.SYNC_SIM_RUNS);
  const envSeed = Number(env?.SYNC_SIM_SEED ?? NaN);
  return fc.assert(syncProperty(sink), {
    numRuns: Number.isInteger(envRuns) && envRuns > 0 ? envRuns : options.numRuns,
    ...(Number.isInteger(envSeed)
      ? { seed: envSeed }
      : options.seed === undefined
        ? {}
        : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  });
}

/**
 * Replays one counterexample exactly: the seed (and shrink path) fast-check printed when the
 * property failed. Keep each as a named test, so the scenario is checked forever.
 */
export function replaySeed(seed: number, path?: string) {
  return fc.assert(syncProperty(), {
    seed,
    numRuns: 1,
    ...(path === undefined ? {} : { path }),
  });
}
