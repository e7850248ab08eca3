export * from './domain/enums';
export * from './domain/common.schema';
export * from './domain/unit.schema';
export * from './domain/unit-tree';
export * from './domain/user.schema';
export * from './domain/team.schema';
export * from './domain/template.schema';
export * from './domain/plan.schema';
export * from './domain/plan-manage.schema';
export * from './domain/template-admin.schema';
export * from './domain/responsibility-book.schema';
export * from './domain/admin.schema';
export * from './templates/template-import';
export * from './templates/template-json';
export * from './templates/template-sheets';
export * from './templates/cards-checklist';
export * from './domain/inspection.schema';
export * from './domain/finding.schema';
export * from './domain/rectification.schema';
export * from './domain/review.schema';
export * from './domain/follow-up.schema';
export * from './domain/talk.schema';
export * from './domain/talk-rules';
export * from './domain/audit.schema';
export * from './auth/credentials.schema';
export * from './ledger/ledger-events';
export * from './i18n/messages';
export * from './i18n/message-key';
export * from './i18n/labels';
export * from './i18n/zod-issues';
export * from './scoring/scoring';
export * from './ledger/ledger-machine';
export * from './ledger/ledger-from-finding';
export * from './ledger/ledger-actions';
export * from './ledger/ledger-query.schema';
export * from './ledger/spot-check.schema';
export * from './sampling/sampling';
export * from './scoring/completeness';
export * from './sync/sync-record';
export * from './sync/protocol';
export * from './sync/field-merge';
export * from './sync/device-sequencer';
export * from './sync/backoff';
export {
  MutationRejected,
  type ApplyContext,
  type MutationDef,
  type MutationTx,
  type PlanAccess,
} from './sync/mutation-def';
export * from './sync/mutation-registry';
export * from './sync/read-hints';
export * from './sync/record-digest';
export * from './sync/reference-model';
export * from './sync/sync-simulation';
export * from './sync/sync-simulation-world';
export * from './sync/sync-simulation-invariants';
export * from './dashboard/period';
export * from './dashboard/dashboard-figures';
export * from './dashboard/dashboard.schema';
