import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-sync';
import * as m0003 from './0003-attachments';
import * as m0004 from './0004-sync-access';
import * as m0005 from './0005-visit-data';
import * as m0006 from './0006-unit-move-access';
import * as m0007 from './0007-sync-own-records';
import * as m0008 from './0008-ledger-talk-commitments';
import * as m0009 from './0009-review-projections';
import * as m0010 from './0010-ledger-console';
import * as m0011 from './0011-planning-templates';
import * as m0012 from './0012-dashboard';
import * as m0013 from './0013-file-refs-follow-records';
import * as m0014 from './0014-spot-check-follow-up';
import * as m0015 from './0015-sync-verified-own';

/**
 * Every migration, in order, registered in code rather than discovered on disk so the same list
 * runs under tsx, vitest and a bundled build. Names sort lexically; never rename or edit one that
 * has shipped — add a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-sync': m0002,
  '0003-attachments': m0003,
  '0004-sync-access': m0004,
  '0005-visit-data': m0005,
  '0006-unit-move-access': m0006,
  '0007-sync-own-records': m0007,
  '0008-ledger-talk-commitments': m0008,
  '0009-review-projections': m0009,
  '0010-ledger-console': m0010,
  '0011-planning-templates': m0011,
  '0012-dashboard': m0012,
  '0013-file-refs-follow-records': m0013,
  '0014-spot-check-follow-up': m0014,
  '0015-sync-verified-own': m0015,
};
