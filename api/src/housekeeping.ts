import type { AppDeps } from './deps';
import { pruneLoginAttempts } from './auth/login-limit.service';

/** Deletes sessions past either expiry and login attempts too old to matter. */
export async function housekeeping(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  const idleCutoff = new Date(now.getTime() - deps.config.session.idleMs);
  await deps.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .execute();
  await pruneLoginAttempts(deps.db, deps.config.loginLimit, now);
}
