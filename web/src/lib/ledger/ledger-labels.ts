import type { LedgerEvent } from '@ducha/shared';
import { m } from '$lib/paraglide/messages.js';

/** Button texts: the console's words (申请销号), not the machine's event names. */
export function eventButton(event: LedgerEvent): string {
  switch (event) {
    case 'start':
      return m.ledger_btn_start();
    case 'report_progress':
      return m.ledger_btn_report_progress();
    case 'submit_for_verification':
      return m.ledger_btn_submit_for_verification();
    case 'verify_pass':
      return m.ledger_btn_verify_pass();
    case 'verify_fail':
      return m.ledger_btn_verify_fail();
    case 'close':
      return m.ledger_btn_close();
    case 'reopen':
      return m.ledger_btn_reopen();
  }
}
