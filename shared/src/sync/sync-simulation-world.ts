import { createRecord } from './field-merge';
import { modelTime, type ModelWorld } from './reference-server';
import { templateRecordId } from './record-key';
import type { RecordFields, SyncEntityType } from './sync-record';

/** The fixed cast of the sync simulation: users, teams, plans, devices and seeded records. */

/** Deterministic UUID-shaped ids. */
export function simId(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const SIM_USERS = [simId(1, 1), simId(1, 2), simId(1, 3)] as const;
export const SIM_TEAMS = [simId(2, 1), simId(2, 2)] as const;
export const SIM_PLANS = [simId(3, 1), simId(3, 2)] as const;
export const SIM_TEMPLATE = simId(4, 1);
export const SIM_ITEMS = [simId(5, 1), simId(5, 2), simId(5, 3)] as const;
export const SIM_UNIT = simId(6, 1);
const SEED = { inspections: [simId(7, 1), simId(7, 2)], finding: simId(8, 1), note: simId(9, 1) };

/** Four devices: two phones of the first user, one of each other user. */
export const SIM_DEVICES = [
  { id: simId(0xd, 1), userId: SIM_USERS[0] },
  { id: simId(0xd, 2), userId: SIM_USERS[0] },
  { id: simId(0xd, 3), userId: SIM_USERS[1] },
  { id: simId(0xd, 4), userId: SIM_USERS[2] },
] as const;

/**
 * Team A (users 1, 2) holds plan 1; team B (users 2, 3) plan 2. User 2 sees both plans, so
 * reassigning a plan revokes it from one user and grants it to another.
 */
export function simulationWorld(): ModelWorld {
  const seedCtx = {
    userId: SIM_USERS[0],
    deviceId: simId(0xd, 0),
    mutationId: 1,
    version: 1,
    at: modelTime(1),
    recordConflicts: false,
  };
  // Seeded records carry no field stamps, like data imported before sync existed.
  const seed = (type: SyncEntityType, id: string, planId: string, fields: RecordFields) => ({
    ...createRecord(type, id, planId, fields, seedCtx),
    stamps: {},
  });
  const inspection = (id: string, planId: string) =>
    seed('inspection', id, planId, {
      planId,
      templateId: SIM_TEMPLATE,
      templateVersion: 1,
      status: 'draft',
      startedBy: SIM_USERS[1],
      startedAt: modelTime(1),
      place: null,
      endedAt: null,
      submittedAt: null,
      submittedBy: null,
    });
  return {
    users: [
      { id: SIM_USERS[0], teamIds: [SIM_TEAMS[0]] },
      { id: SIM_USERS[1], teamIds: [SIM_TEAMS[0], SIM_TEAMS[1]] },
      { id: SIM_USERS[2], teamIds: [SIM_TEAMS[1]] },
    ],
    plans: [
      { id: SIM_PLANS[0], teamId: SIM_TEAMS[0], fields: { title: '四不两直 检查 A' } },
      { id: SIM_PLANS[1], teamId: SIM_TEAMS[1], fields: { title: '专项检查 B' } },
    ],
    records: [
      // The pinned checklist, which a submit is checked against: no item is required, so any
      // visit may be submitted and the simulation explores what happens after.
      {
        ...createRecord(
          'template',
          templateRecordId(SIM_TEMPLATE, 1),
          null,
          {
            id: SIM_TEMPLATE,
            version: 1,
            title: '模拟清单',
            sections: [
              {
                id: simId(4, 2),
                title: '模拟部分',
                weight: 1,
                items: SIM_ITEMS.map((id, i) => ({
                  id,
                  title: `模拟项 ${i + 1}`,
                  answerKind: 'conformity',
                  maxScore: 10,
                  required: false,
                })),
              },
            ],
          },
          seedCtx,
        ),
        stamps: {},
      },
      inspection(SEED.inspections[0]!, SIM_PLANS[0]),
      inspection(SEED.inspections[1]!, SIM_PLANS[1]),
      seed('finding', SEED.finding, SIM_PLANS[0], {
        planId: SIM_PLANS[0],
        inspectionId: SEED.inspections[0]!,
        itemId: null,
        unitId: SIM_UNIT,
        category: 'eight_rules',
        severity: 'medium',
        title: '公务接待超标',
        description: '接待清单与实际不符',
        moneyInvolvedYuan: 1200,
        moneyRecoveredYuan: null,
        unitsConcerned: [],
        peopleConcerned: [],
        evidence: [],
        recommendedForm: null,
        isClue: false,
        proposedRectification: null,
        createdBy: SIM_USERS[1],
        createdAt: modelTime(1),
      }),
      seed('note', SEED.note, SIM_PLANS[0], {
        inspectionId: SEED.inspections[0]!,
        itemId: null,
        text: '食堂账目未公示',
        createdBy: SIM_USERS[1],
        createdAt: modelTime(1),
      }),
    ],
  };
}
