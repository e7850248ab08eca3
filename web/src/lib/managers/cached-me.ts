import { LOCALES, ROLES, type Me } from '@ducha/shared';

/*
 * The signed-in user as this device last saw them (localStorage), for an offline start. Checked
 * by hand rather than with the `Me` schema: the first screen loads no zod (see
 * @ducha/shared/sync-schemas). It is the app's own copy of a server answer, and the server checks
 * every request anyway: a copy that does not look like one is ignored.
 */

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function parseCachedMe(value: unknown): Me | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isString(v.id) || !isString(v.username) || !isString(v.displayName)) return null;
  if (!ROLES.includes(v.role as Me['role']) || !LOCALES.includes(v.locale as Me['locale'])) {
    return null;
  }
  if (v.unitId !== null && !isString(v.unitId)) return null;
  if (!Array.isArray(v.teamIds) || !v.teamIds.every(isString)) return null;
  return {
    id: v.id,
    username: v.username,
    displayName: v.displayName,
    role: v.role as Me['role'],
    locale: v.locale as Me['locale'],
    unitId: v.unitId as string | null,
    teamIds: [...v.teamIds],
  };
}
