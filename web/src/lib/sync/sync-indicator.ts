import type { MessageKey } from '@ducha/shared';

/** What the status bar says, most urgent first. */
export type IndicatorState = 'running' | 'error' | 'offline' | 'pending' | 'synced' | 'never';

export interface IndicatorInput {
  running: boolean;
  pending: number;
  error: MessageKey | null;
  lastSuccessAt: string | null;
  online: boolean;
}

export function indicatorState(s: IndicatorInput): IndicatorState {
  if (s.running) return 'running';
  // Offline is expected in the field, not an error: the changes wait on the device.
  if (!s.online) return 'offline';
  if (s.error) return 'error';
  if (s.pending > 0) return 'pending';
  return s.lastSuccessAt ? 'synced' : 'never';
}

const MUTATION_LABELS = {
  'inspection.start': 'mutation_inspection_start',
  'inspection.answer': 'mutation_inspection_answer',
  'inspection.submit': 'mutation_inspection_submit',
  'note.add': 'mutation_note_add',
  'note.update': 'mutation_note_update',
  'note.delete': 'mutation_note_delete',
  'finding.create': 'mutation_finding_create',
  'finding.update': 'mutation_finding_update',
  'finding.delete': 'mutation_finding_delete',
  'attachment.attach': 'mutation_attachment_attach',
  'conflict.resolve': 'mutation_conflict_resolve',
  'followup.verdict': 'mutation_followup_verdict',
  'talk.create': 'mutation_talk_create',
  'talk.update': 'mutation_talk_update',
  'talk.sign': 'mutation_talk_sign',
  'inspection.return': 'mutation_inspection_return',
} as const;

export type MutationLabelKey = (typeof MUTATION_LABELS)[keyof typeof MUTATION_LABELS];

/** The message naming a kind of change; an unknown name (a newer app's) gets the generic one. */
export function mutationLabelKey(name: string): MutationLabelKey | 'mutation_change' {
  return Object.hasOwn(MUTATION_LABELS, name)
    ? MUTATION_LABELS[name as keyof typeof MUTATION_LABELS]
    : 'mutation_change';
}
