import type { PlanKind, PlanManageRow } from '@ducha/shared';
import type { PlanDraft, PlanEdit } from '$lib/services/planning.service';

/** What the plan form holds, as text fields bound to inputs. */
export interface PlanFormValues {
  kind: PlanKind;
  title: string;
  targetUnitId: string;
  teamId: string;
  windowStart: string;
  windowEnd: string;
  templateId: string;
  description: string;
  confidential: boolean;
  followUpOfPlanId: string;
}

export function emptyPlanForm(today: string): PlanFormValues {
  return {
    kind: 'special',
    title: '',
    targetUnitId: '',
    teamId: '',
    windowStart: today,
    windowEnd: today,
    templateId: '',
    description: '',
    confidential: false,
    followUpOfPlanId: '',
  };
}

export function planFormOf(row: PlanManageRow): PlanFormValues {
  return {
    kind: row.kind,
    title: row.title,
    targetUnitId: row.targetUnit.id,
    teamId: row.team.id,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    templateId: row.templateId,
    description: row.description,
    confidential: row.confidential,
    followUpOfPlanId: row.followUpOfPlanId ?? '',
  };
}

/** 四不两直 is confidential by definition; the form shows it checked and fixed. */
export function confidentialFixed(kind: PlanKind): boolean {
  return kind === 'unannounced';
}

function common(v: PlanFormValues) {
  return {
    title: v.title.trim(),
    targetUnitId: v.targetUnitId,
    windowStart: v.windowStart,
    windowEnd: v.windowEnd,
    templateId: v.templateId,
    description: v.description,
    confidential: confidentialFixed(v.kind) || v.confidential,
    // Only a 回头看 names the plan it re-checks.
    followUpOfPlanId: v.kind === 'follow_up' && v.followUpOfPlanId ? v.followUpOfPlanId : null,
  };
}

export function toPlanDraft(v: PlanFormValues): PlanDraft {
  return { ...common(v), kind: v.kind, teamId: v.teamId };
}

export function toPlanEdit(id: string, v: PlanFormValues): PlanEdit {
  return { ...common(v), id };
}
