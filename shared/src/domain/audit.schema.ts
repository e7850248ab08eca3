import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, IsoDateTime } from './common.schema';
import { Role } from './enums';

/**
 * Actions known today; the schema accepts any dotted lowercase name so later issues can add
 * actions without a migration of old events.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'team.create',
  'team.set_members',
  'plan.create',
  'plan.update',
  'plan.assign',
  'plan.cancel',
  'template.create',
  'template.update',
  'template.archive',
  'template.import',
  'book.save',
  'unit.create',
  'unit.update',
  'unit.move',
  'user.reset_password',
  'team.update',
  'inspection.submit',
  'inspection.return',
  'inspection.approve',
  'ledger.create',
  'ledger.transition',
  'ledger.assign',
  'ledger.typical_case',
  'ledger.spot_check',
  'ledger.export',
  'sampling.draw',
] as const;
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditAction = z
  .string()
  .regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/, { error: messageKey('validation.audit_action') });

/**
 * Who did what to which record, when. `details` must never hold secrets or note text
 * (passwords, tokens, free text the inspector typed): ids, codes and counts only.
 */
export const AuditEvent = z.object({
  id: Id,
  at: IsoDateTime,
  actorId: Id.nullable(),
  actorRole: Role.nullable(),
  action: AuditAction,
  entity: z.string().max(64),
  entityId: z.string().max(128).nullable(),
  requestId: z.string().max(128).nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
