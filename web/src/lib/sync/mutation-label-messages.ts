import { m } from '$lib/paraglide/messages';
import type { MutationLabelKey } from './sync-indicator';

/** The message naming each kind of change, as functions (see visit/conflict-messages.ts for why). */
export const MUTATION_LABEL_MESSAGES: Record<MutationLabelKey | 'mutation_change', () => string> = {
  mutation_change: m.mutation_change,
  mutation_inspection_start: m.mutation_inspection_start,
  mutation_inspection_answer: m.mutation_inspection_answer,
  mutation_inspection_submit: m.mutation_inspection_submit,
  mutation_note_add: m.mutation_note_add,
  mutation_note_update: m.mutation_note_update,
  mutation_note_delete: m.mutation_note_delete,
  mutation_finding_create: m.mutation_finding_create,
  mutation_finding_update: m.mutation_finding_update,
  mutation_finding_delete: m.mutation_finding_delete,
  mutation_attachment_attach: m.mutation_attachment_attach,
  mutation_conflict_resolve: m.mutation_conflict_resolve,
  mutation_followup_verdict: m.mutation_followup_verdict,
  mutation_talk_create: m.mutation_talk_create,
  mutation_talk_update: m.mutation_talk_update,
  mutation_talk_sign: m.mutation_talk_sign,
  mutation_inspection_return: m.mutation_inspection_return,
};
