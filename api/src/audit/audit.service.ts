import type { KnownAuditAction, Role } from '@ducha/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { jsonb } from '../db/json';

export interface AuditEntry {
  at: Date;
  actorId: string | null;
  actorRole: Role | null;
  action: KnownAuditAction;
  entity: string;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  /** Ids, codes and counts only: never passwords, tokens or text a user typed. */
  details?: Record<string, unknown>;
}

/** Appends to the audit trail; pass the transaction so the event commits with its change. */
export async function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      at: e.at,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      request_id: e.requestId,
      ip: e.ip,
      details: jsonb(e.details ?? {}),
    })
    .execute();
}

/** The who-and-where part of an audit entry for a signed-in caller. */
export function auditBy(
  actor: { user: { id: string; role: Role }; req: { requestId: string | null; ip: string } },
  at: Date,
): Pick<AuditEntry, 'at' | 'actorId' | 'actorRole' | 'requestId' | 'ip'> {
  return {
    at,
    actorId: actor.user.id,
    actorRole: actor.user.role,
    requestId: actor.req.requestId,
    ip: actor.req.ip,
  };
}
