import { m } from '$lib/paraglide/messages';
import type { ConflictEntityKey, ConflictFieldKey, ConflictMessageKey } from './conflicts';

/*
 * The messages conflicts.ts names, as functions. Looked up in these tables rather than as
 * `m[key]`: a computed member of the message namespace makes the bundler keep every message of
 * the app in the chunk that does it, while named ones are kept only where they are used.
 */

type Sentence = (inputs: {
  winner: string;
  loser: string;
  field: string;
  value: string;
  entity: string;
}) => string;

export const CONFLICT_SENTENCES: Record<ConflictMessageKey, Sentence> = {
  visit_conflict_edit_mine: m.visit_conflict_edit_mine,
  visit_conflict_edit_theirs: m.visit_conflict_edit_theirs,
  visit_conflict_edit_self: m.visit_conflict_edit_self,
  visit_conflict_edit_others: m.visit_conflict_edit_others,
  visit_conflict_late_edit_mine: m.visit_conflict_late_edit_mine,
  visit_conflict_late_edit_theirs: m.visit_conflict_late_edit_theirs,
  visit_conflict_late_edit_self: m.visit_conflict_late_edit_self,
  visit_conflict_late_edit_others: m.visit_conflict_late_edit_others,
  visit_conflict_deleted_mine: m.visit_conflict_deleted_mine,
  visit_conflict_deleted_theirs: m.visit_conflict_deleted_theirs,
  visit_conflict_deleted_self: m.visit_conflict_deleted_self,
  visit_conflict_deleted_others: m.visit_conflict_deleted_others,
};

export const CONFLICT_ENTITIES: Record<ConflictEntityKey, () => string> = {
  visit_conflict_entity_answer: m.visit_conflict_entity_answer,
  visit_conflict_entity_note: m.visit_conflict_entity_note,
  visit_conflict_entity_finding: m.visit_conflict_entity_finding,
};

export const CONFLICT_FIELDS: Record<ConflictFieldKey, () => string> = {
  visit_conflict_field_answer: m.visit_conflict_field_answer,
  visit_remark: m.visit_remark,
  visit_conflict_field_evidence: m.visit_conflict_field_evidence,
  visit_conflict_field_note: m.visit_conflict_field_note,
  visit_conflict_field_note_item: m.visit_conflict_field_note_item,
  visit_finding_category: m.visit_finding_category,
  visit_finding_severity: m.visit_finding_severity,
  visit_finding_title: m.visit_finding_title,
  visit_finding_description: m.visit_finding_description,
  visit_finding_money: m.visit_finding_money,
  visit_conflict_field_money_recovered: m.visit_conflict_field_money_recovered,
  visit_finding_units: m.visit_finding_units,
  visit_finding_people: m.visit_finding_people,
  visit_finding_form: m.visit_finding_form,
  visit_finding_clue_badge: m.visit_finding_clue_badge,
  visit_finding_rectification: m.visit_finding_rectification,
  visit_conflict_field_other: m.visit_conflict_field_other,
};
