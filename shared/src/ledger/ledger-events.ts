import { z } from 'zod';

/**
 * Named events of the 整改台账 state machine (see ledger-machine.ts for who may fire which).
 * - start: the responsible unit begins work (open → in_progress)
 * - report_progress: a progress report, status unchanged
 * - submit_for_verification: the unit says it is done (→ reported)
 * - verify_pass / verify_fail: the supervisor's check of a reported item
 * - close: 销号, after a passed verification
 * - reopen: 反弹, a 回头看 found the problem back (verified/closed → reopened)
 */
import { LEDGER_EVENTS } from '../domain/enum-values';

export { LEDGER_EVENTS } from '../domain/enum-values';
export const LedgerEvent = z.enum(LEDGER_EVENTS);
export type LedgerEvent = z.infer<typeof LedgerEvent>;
