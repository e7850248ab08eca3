import type { JsonValue, PlanListItem, SyncRecord } from '@ducha/shared';
import type { SearchDoc } from './search-index';

/*
 * Flattens the device's records into searchable documents. Field names follow the mutation
 * handlers in shared/src/sync/mutations/ and the server's plan mirror (sync_plan_fields). Unit
 * records are not pulled yet, so unit names also come from the cached plan list.
 */

/** Every record type the search reads. */
export const SEARCHED_TYPES = ['plan', 'unit', 'inspection', 'note', 'answer', 'finding'] as const;

export interface SearchSources {
  records: readonly SyncRecord[];
  /** The cached `plan.list`: plan titles and target unit names when records lack them. */
  plans: readonly PlanListItem[];
}

function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function strOrNull(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Names of people concerned, and the measures proposed, from a finding's structured fields. */
function findingPeople(value: JsonValue | undefined): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((p) =>
      p && typeof p === 'object' && !Array.isArray(p) ? `${str(p.name)} ${str(p.position)}` : '',
    )
    .join(' ');
}

function measures(value: JsonValue | undefined): string {
  return value && typeof value === 'object' && !Array.isArray(value) ? str(value.measures) : '';
}

function joined(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' · ');
}

export function searchDocuments({ records, plans }: SearchSources): SearchDoc[] {
  const unitNames = new Map<string, string>();
  const planTitles = new Map<string, string>();
  const planUnits = new Map<string, string>();
  for (const p of plans) {
    unitNames.set(p.targetUnit.id, p.targetUnit.name);
    planTitles.set(p.id, p.title);
    planUnits.set(p.id, p.targetUnit.id);
  }
  const live = records.filter((r) => r.deleted === null);
  for (const r of live) {
    if (r.type === 'unit' && str(r.fields.name)) unitNames.set(r.id, str(r.fields.name));
    if (r.type === 'plan') {
      if (str(r.fields.title)) planTitles.set(r.id, str(r.fields.title));
      if (str(r.fields.targetUnitId)) planUnits.set(r.id, str(r.fields.targetUnitId));
    }
  }
  const unitOfPlan = (planId: string | null) =>
    unitNames.get(planUnits.get(planId ?? '') ?? '') ?? '';
  const placeOf = (planId: string | null) =>
    joined(planTitles.get(planId ?? '') ?? '', unitOfPlan(planId));
  const visitHref = (inspectionId: string) => `/visits/${encodeURIComponent(inspectionId)}`;

  const docs: SearchDoc[] = [];
  for (const r of live) {
    const f = r.fields;
    switch (r.type) {
      case 'plan':
        docs.push({
          kind: 'plan',
          id: r.id,
          href: `/plans/${encodeURIComponent(r.id)}`,
          at: strOrNull(f.windowStart),
          title: str(f.title),
          tags: unitOfPlan(r.id),
          body: str(f.description),
          context: unitOfPlan(r.id),
        });
        break;
      case 'inspection':
        // A visit has no text of its own: it is found by its plan's title and unit.
        docs.push({
          kind: 'inspection',
          id: r.id,
          href: visitHref(r.id),
          at: strOrNull(f.startedAt),
          title: planTitles.get(r.planId ?? '') ?? '',
          tags: unitOfPlan(r.planId),
          body: '',
          context: unitOfPlan(r.planId),
        });
        break;
      case 'note':
        if (!str(f.inspectionId)) break;
        docs.push({
          kind: 'note',
          id: r.id,
          href: visitHref(str(f.inspectionId)),
          at: strOrNull(f.createdAt),
          title: '',
          tags: '',
          body: str(f.text),
          context: placeOf(r.planId),
        });
        break;
      case 'answer':
        // Only remarks are text; an answer without one has nothing to find.
        if (!str(f.remark).trim() || !str(f.inspectionId)) break;
        docs.push({
          kind: 'answer',
          id: r.id,
          href: visitHref(str(f.inspectionId)),
          at: strOrNull(f.answeredAt),
          title: '',
          tags: '',
          body: str(f.remark),
          context: placeOf(r.planId),
        });
        break;
      case 'finding': {
        const inspectionId = strOrNull(f.inspectionId);
        docs.push({
          kind: 'finding',
          id: r.id,
          href: inspectionId
            ? visitHref(inspectionId)
            : `/plans/${encodeURIComponent(r.planId ?? str(f.planId))}`,
          at: strOrNull(f.createdAt),
          title: str(f.title),
          tags: joined(unitNames.get(str(f.unitId)) ?? '', findingPeople(f.peopleConcerned)),
          body: joined(str(f.description), measures(f.proposedRectification)),
          context: placeOf(r.planId),
        });
        break;
      }
      default:
        break;
    }
  }
  // Plans listed before their records were first pulled are still found.
  const pulled = new Set(live.filter((r) => r.type === 'plan').map((r) => r.id));
  for (const p of plans) {
    if (pulled.has(p.id)) continue;
    docs.push({
      kind: 'plan',
      id: p.id,
      href: `/plans/${encodeURIComponent(p.id)}`,
      at: p.windowStart,
      title: p.title,
      tags: p.targetUnit.name,
      body: '',
      context: p.targetUnit.name,
    });
  }
  return docs;
}
