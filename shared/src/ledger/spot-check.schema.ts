import { z } from 'zod';
import { Id, IsoDate } from '../domain/common.schema';
import type { LedgerStatus } from '../domain/enums';
import { SamplingInput } from '../sampling/sampling';

/*
 * 抽查 of the 整改台账: a reproducible sample of at least 10 % of the closed (销号) items in the
 * supervisor's scope, drawn with the shared seeded sampling and recorded (seed, ratio, algorithm,
 * the population query and the population itself, the sample), then turned into 回头看 plans.
 */

/** Which closed items make the population: a unit's subtree, closed within a period. */
export const SpotCheckPopulation = z
  .object({
    unitId: Id.optional(),
    closedFrom: IsoDate.optional(),
    closedTo: IsoDate.optional(),
  })
  .refine((p) => !p.closedFrom || !p.closedTo || p.closedFrom <= p.closedTo, {
    path: ['closedTo'],
  });
export type SpotCheckPopulation = z.infer<typeof SpotCheckPopulation>;

export const SpotCheckDrawInput = SamplingInput.extend({
  population: SpotCheckPopulation.default({}),
});
export type SpotCheckDrawInput = z.input<typeof SpotCheckDrawInput>;

export const SpotCheckPlanInput = z
  .object({
    id: Id,
    teamId: Id,
    templateId: Id,
    windowStart: IsoDate,
    windowEnd: IsoDate,
  })
  .refine((p) => p.windowStart <= p.windowEnd, { path: ['windowEnd'] });
export type SpotCheckPlanInput = z.infer<typeof SpotCheckPlanInput>;

export interface SpotCheckSampleItem {
  id: string;
  title: string;
  status: LedgerStatus;
  responsibleUnit: { id: string; name: string };
  closedAt: string | null;
}

export interface SpotCheckSummary {
  id: string;
  seed: string;
  ratio: number;
  algorithm: string;
  populationSize: number;
  sampleSize: number;
  population: SpotCheckPopulation;
  drawnBy: { id: string; name: string };
  drawnAt: string;
  followUpPlanIds: string[];
}

export interface SpotCheckDetail extends SpotCheckSummary {
  /** The sample in rank order, as the items are now (a 回头看 may have reopened one). */
  sample: SpotCheckSampleItem[];
  /** Every id of the population, sorted: enough to re-draw the sample by hand. */
  populationIds: string[];
}
