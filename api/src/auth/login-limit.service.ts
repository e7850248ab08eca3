import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { LoginLimitConfig } from '../config';
import type { Database } from '../db/database';

export type LoginLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The key attempts are counted under: a hash, so a mistyped password is never stored. */
export function accountKey(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase(), 'utf8').digest('hex');
}

interface FailureStats {
  count: number;
  last: Date | null;
}

/**
 * Lock length after `failures` failures: none below the threshold, then the base doubling with
 * each further failure, capped. Refused attempts are not counted, so an attacker cannot keep a
 * victim's account locked for longer than the cap by hammering it.
 */
export function lockMs(failures: number, threshold: number, cfg: LoginLimitConfig): number {
  if (failures < threshold) return 0;
  const exponent = Math.min(failures - threshold, 20);
  return Math.min(cfg.maxLockMs, cfg.baseLockMs * 2 ** exponent);
}

function retryAfter(stats: FailureStats, threshold: number, cfg: LoginLimitConfig, now: Date) {
  if (!stats.last) return 0;
  const until = stats.last.getTime() + lockMs(stats.count, threshold, cfg);
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

async function accountFailures(db: Database, key: string, since: Date): Promise<FailureStats> {
  // Counting only failures after the last success is what "a success resets the counter" means.
  const row = await db
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`max(at)`.as('last')])
    .where('account_key', '=', key)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where(({ eb, selectFrom }) =>
      eb(
        'at',
        '>',
        selectFrom('login_attempts as s')
          .select(sql<Date>`coalesce(max(s.at), '-infinity'::timestamptz)`.as('t'))
          .where('s.account_key', '=', key)
          .where('s.succeeded', '=', true),
      ),
    )
    .executeTakeFirstOrThrow();
  return { count: row.count, last: row.last };
}

async function addressFailures(db: Database, ip: string, since: Date): Promise<FailureStats> {
  const row = await db
    .selectFrom('login_attempts')
    .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`max(at)`.as('last')])
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: row.count, last: row.last };
}

/** Whether a login for `username` from `ip` may be tried now (by account and by address). */
export async function checkLoginAllowed(
  db: Database,
  cfg: LoginLimitConfig,
  now: Date,
  username: string,
  ip: string,
): Promise<LoginLimitVerdict> {
  const since = new Date(now.getTime() - cfg.windowMs);
  const [account, address] = await Promise.all([
    accountFailures(db, accountKey(username), since),
    addressFailures(db, ip, since),
  ]);
  const wait = Math.max(
    retryAfter(account, cfg.accountThreshold, cfg, now),
    retryAfter(address, cfg.addressThreshold, cfg, now),
  );
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

export async function recordLoginAttempt(
  db: Database,
  attempt: { at: Date; username: string; ip: string; succeeded: boolean },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      at: attempt.at,
      account_key: accountKey(attempt.username),
      ip: attempt.ip.slice(0, 64),
      succeeded: attempt.succeeded,
    })
    .execute();
}

/** Attempts older than the window no longer matter. */
export async function pruneLoginAttempts(db: Database, cfg: LoginLimitConfig, now: Date) {
  const before = new Date(now.getTime() - Math.max(cfg.windowMs, cfg.maxLockMs) - 86_400_000);
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}
