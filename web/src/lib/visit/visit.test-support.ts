import type { Change, TemplateInput } from '@ducha/shared';
import { templateRecordId } from '@ducha/shared';
import { vi } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import { LocalStore } from '$lib/sync/local-store';
import { createVisitService } from './visit.service';

/** Records of one plan, as a pull would bring them, for the visit tests (fake-indexeddb). */

const hex = (prefix: number, n: number) =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const USER = hex(1, 1);
export const PLAN = hex(2, 1);
export const OTHER_PLAN = hex(2, 2);
export const UNIT = hex(3, 1);
export const UNIT_2 = hex(3, 2);
export const TEMPLATE = hex(4, 1);
export const SECTION_A = hex(5, 1);
export const SECTION_B = hex(5, 2);
/** Conformity, required, evidence required, veto. */
export const ITEM_VETO = hex(6, 1);
/** Score out of 10, required. */
export const ITEM_SCORE = hex(6, 2);
/** Text, optional. */
export const ITEM_TEXT = hex(6, 3);
/** Conformity, required, in section B. */
export const ITEM_B = hex(6, 4);
export const SHA = 'a'.repeat(64);

export const TEMPLATE_FIELDS = {
  id: TEMPLATE,
  version: 3,
  title: '四不两直检查表',
  description: '',
  planKinds: ['unannounced'],
  createdAt: '2026-01-01T00:00:00.000Z',
  gradeThresholds: { excellent: 90, good: 80, pass: 60 },
  sections: [
    {
      id: SECTION_A,
      title: '落实中央八项规定精神',
      weight: 60,
      items: [
        {
          id: ITEM_VETO,
          title: '公务接待是否有公函',
          guidance: '查阅接待清单',
          checkMethods: ['review_documents'],
          answerKind: 'conformity',
          maxScore: 10,
          weight: 1,
          veto: true,
          evidenceRequired: true,
          required: true,
        },
        {
          id: ITEM_SCORE,
          title: '公车管理',
          guidance: '',
          checkMethods: ['site_inspection'],
          answerKind: 'score',
          maxScore: 10,
          weight: 1,
          veto: false,
          evidenceRequired: false,
          required: true,
        },
        {
          id: ITEM_TEXT,
          title: '其他情况',
          guidance: '',
          checkMethods: [],
          answerKind: 'text',
          maxScore: 0,
          weight: 1,
          veto: false,
          evidenceRequired: false,
          required: false,
        },
      ],
    },
    {
      id: SECTION_B,
      title: '廉洁纪律',
      weight: 40,
      items: [
        {
          id: ITEM_B,
          title: '是否存在违规收送礼金',
          guidance: '',
          checkMethods: ['individual_talk'],
          answerKind: 'conformity',
          maxScore: 20,
          weight: 1,
          veto: false,
          evidenceRequired: false,
          required: true,
        },
      ],
    },
  ],
} satisfies TemplateInput;

const upsert = (
  type: Change['type'],
  id: string,
  planId: string | null,
  fields: Record<string, unknown>,
  version = 1,
): Change => ({ op: 'upsert', type, id, planId, version, fields }) as Change;

export function planChanges(overrides: Record<string, unknown> = {}): Change[] {
  return [
    upsert('unit', UNIT, null, { name: '江南市财政局', parentId: null, kind: 'department' }),
    upsert('unit', UNIT_2, null, { name: '江南市交通局', parentId: null, kind: 'department' }),
    upsert('template', templateRecordId(TEMPLATE, 3), null, TEMPLATE_FIELDS),
    upsert('plan', PLAN, PLAN, {
      title: '江南市财政局四不两直检查',
      kind: 'unannounced',
      status: 'planned',
      confidential: true,
      targetUnitId: UNIT,
      teamId: hex(7, 1),
      windowStart: '2026-03-02',
      windowEnd: '2026-03-04',
      templateId: TEMPLATE,
      templateVersion: 3,
      description: '重点检查公务接待',
      ...overrides,
    }),
  ];
}

let dbCount = 0;
let idCount = 0;

/** A signed-in device whose store already pulled one plan with its template and units. */
export async function visitDevice(changes: Change[] = planChanges()) {
  const db = new LocalDb(`visit-test-${++dbCount}-${Date.now()}`);
  let clock = Date.UTC(2026, 2, 2, 1, 0, 0);
  const now = () => new Date((clock += 1000));
  const store = new LocalStore(db, { userId: USER, now, channel: null });
  await store.state();
  await store.applyPull(null, changes, 'c1', 0);
  const newId = () => hex(0xee, ++idCount);
  const service = createVisitService({ store: () => store, newId, now });
  return { db, store, service, now };
}

/**
 * Answers every required item of the test template (with the photo the veto item needs), so the
 * visit may be submitted: the submit is checked against the template on the device as on the
 * server.
 */
export async function answerRequired(
  service: ReturnType<typeof createVisitService>,
  inspectionId: string,
): Promise<void> {
  const answers = [
    [ITEM_VETO, { kind: 'conformity', value: 'conforms' }],
    [ITEM_SCORE, { kind: 'score', value: 8 }],
    [ITEM_B, { kind: 'conformity', value: 'conforms' }],
  ] as const;
  for (const [itemId, value] of answers) {
    const out = await service.answer(inspectionId, itemId, { value, base: null });
    if (!out.ok) throw new Error(out.reason);
  }
  const photo = await service.evidence(inspectionId, ITEM_VETO, { value: [SHA], base: null });
  if (!photo.ok) throw new Error(photo.reason);
}

/** Waits for live queries to deliver. */
export const until = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 });

export { upsert, hex };
