import type { Role } from '../domain/enums';
import type { ProposedRectification } from '../domain/finding.schema';
import {
  ledgerFailure,
  openItem,
  type LedgerActor,
  type LedgerResult,
  type LedgerState,
} from './ledger-machine';

/** Who approves a visit and so turns its findings' proposals into ledger items. */
export const FINDING_APPROVER_ROLES: readonly Role[] = ['supervisor', 'team_leader'];

/**
 * Until units keep named liaisons, an item opened from a finding is the unit's 第一责任人's (the
 * 一把手 answers for the unit's rectification under 主体责任); the ledger may reassign it.
 */
export const FINDING_RESPONSIBLE_PERSON = '第一责任人';

/**
 * A new 整改台账 item (交办: open) from the proposed rectification of finding `findingId`, when a
 * reviewer approves its visit: the proposal's kind and deadline, history starting with
 * `finding.approved` (who approved, when, which finding). Pure: ids and rows are the caller's.
 */
export function openFromFinding(
  proposal: Pick<ProposedRectification, 'kind' | 'deadline'>,
  findingId: string,
  actor: LedgerActor,
  at: string,
): LedgerResult<LedgerState> {
  if (!FINDING_APPROVER_ROLES.includes(actor.role)) {
    return ledgerFailure('role_not_allowed', 'review.approve_not_allowed', {
      role: { label: 'role', value: actor.role },
    });
  }
  return openItem(
    { event: 'finding.approved', findingId },
    proposal.kind,
    proposal.deadline,
    actor,
    at,
  );
}

/** The ledger item's title: the finding's own (already a ShortText, at most 200 characters). */
export function findingLedgerTitle(title: string): string {
  const trimmed = title.trim();
  return trimmed === '' ? '整改事项' : trimmed.slice(0, 200);
}
