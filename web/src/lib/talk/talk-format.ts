import { TALK_PARTICIPANT_ROLES, type Locale, type TalkParticipantRole } from '@ducha/shared';
import type { ParticipantView } from './talk-records';
import { dateTimeFormat } from '$lib/format/intl-cache';

/*
 * How the talk screens write times, days and people (pure). A talk's time is an instant shown in
 * the phone's time zone; a 表态's deadline is a calendar day (China Standard Time, like every
 * ledger deadline), shown as it is.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of `<input type="datetime-local">`, in the device's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

/** The value of a datetime-local input (device time zone) as an ISO instant; null if empty. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "2026年3月2日 09:30" / "Mar 2, 2026, 09:30". */
export function formatHeldAt(iso: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return dateTimeFormat(locale, {
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** A calendar day `YYYY-MM-DD`: "2026年4月2日" / "Apr 2, 2026". */
export function formatDay(day: string, locale: Locale): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return dateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
  }).format(d);
}

/** "陈国栋（区委书记）", or the name alone. */
export function personLine(p: Pick<ParticipantView, 'name' | 'position'>, locale: Locale): string {
  const position = p.position.trim();
  if (!position) return p.name;
  return locale === 'en' ? `${p.name} (${position})` : `${p.name}（${position}）`;
}

/** The people present, by role in the memo's order (谈话人, 谈话对象, 记录人, 列席), roles held only. */
export function byRole(
  participants: readonly ParticipantView[],
): { role: TalkParticipantRole; people: ParticipantView[] }[] {
  return TALK_PARTICIPANT_ROLES.map((role) => ({
    role,
    people: participants.filter((p) => p.role === role),
  })).filter((g) => g.people.length > 0);
}
