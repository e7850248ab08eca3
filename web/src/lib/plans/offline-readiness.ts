import { recordKey, templateRecordId, type SyncRecord } from '@ducha/shared';

/*
 * Whether a plan can be worked on with no signal: the phone must already hold the plan, the
 * checklist version it pins, the unit it inspects and, for a 回头看, the list of targets the
 * server computed into the plan record — and the app itself must be on the phone: the service
 * worker installed with every file the visit screens may load later (a photo's EXIF reader, the
 * signature pad), or picking a photo with no signal would fail. Pure: what is on the device is
 * passed in.
 */

export type ReadinessGap = 'plan' | 'template' | 'unit' | 'targets' | 'app';

export interface OfflineReadiness {
  ready: boolean;
  /** What is not on the device yet, in this order: plan, template, unit, targets, app. */
  missing: ReadinessGap[];
}

/** The records besides the plan that must be on the device (keys as the local store has them). */
export function neededKeys(plan: SyncRecord | undefined): {
  template: string | null;
  unit: string | null;
} {
  const f = plan?.fields;
  const template =
    typeof f?.templateId === 'string' && typeof f.templateVersion === 'number'
      ? recordKey('template', templateRecordId(f.templateId, f.templateVersion))
      : null;
  const unit = typeof f?.targetUnitId === 'string' ? recordKey('unit', f.targetUnitId) : null;
  return { template, unit };
}

/** A 回头看 plan carries its targets (`followUp.items`, possibly none) once the server computed them. */
function hasTargets(plan: SyncRecord): boolean {
  if (plan.fields.kind !== 'follow_up') return true;
  const followUp = plan.fields.followUp;
  return (
    typeof followUp === 'object' &&
    followUp !== null &&
    !Array.isArray(followUp) &&
    Array.isArray((followUp as Record<string, unknown>).items)
  );
}

/**
 * `plan`: the plan record on the device (undefined: absent); `onDevice`: the record keys of
 * `neededKeys(plan)` that are on the device; `appCached`: the app's files are all cached.
 */
export function offlineReadiness(
  plan: SyncRecord | undefined,
  onDevice: ReadonlySet<string>,
  appCached = true,
): OfflineReadiness {
  if (!plan) return { ready: false, missing: appCached ? ['plan'] : ['plan', 'app'] };
  const { template, unit } = neededKeys(plan);
  const missing: ReadinessGap[] = [];
  if (template === null || !onDevice.has(template)) missing.push('template');
  if (unit === null || !onDevice.has(unit)) missing.push('unit');
  if (!hasTargets(plan)) missing.push('targets');
  if (!appCached) missing.push('app');
  return { ready: missing.length === 0, missing };
}
