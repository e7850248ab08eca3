import { z } from 'zod';
import { messageKey } from '../i18n/message-key';

/*
 * Building blocks shared by every domain schema. Custom error messages are message keys of
 * ../i18n/messages.ts (never prose), so that `localizeZodIssues` can render them in either locale.
 */

/**
 * Record ids are UUIDs. `z.guid()` (any 8-4-4-4-12 hex) rather than `z.uuid()` (RFC 9562 version
 * and variant bits) because PostgreSQL's `uuid` type accepts any such value, and a record the
 * database holds must never fail validation on its way out.
 */
export const Id = z.guid();
export type Id = z.infer<typeof Id>;

/** An instant: ISO 8601 with `Z` or an explicit offset (devices send local offsets). */
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/**
 * A calendar day `YYYY-MM-DD` (plan windows, rectification deadlines). Days are reckoned in
 * China Standard Time (UTC+8, no daylight saving), see `endOfDayUtc` in ../ledger.
 */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/** Attachments are addressed by the SHA-256 of their bytes, lowercase hex. */
export const Sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: messageKey('validation.sha256') });
export type Sha256Hex = z.infer<typeof Sha256Hex>;

/**
 * Money in yuan (元) with at most 2 decimals (fen). Seeds quote 万元 but that is a display unit;
 * yuan keeps the value exact in PostgreSQL `numeric(16,2)` and unambiguous on the wire, and every
 * yuan amount below 10^13 is exactly representable to the fen after rounding in a JS number.
 */
export const MoneyYuan = z.number().nonnegative().max(1e13).multipleOf(0.01);
export type MoneyYuan = z.infer<typeof MoneyYuan>;

/** Where something happened, as reported by the device (accuracy in metres). */
export const GeoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy: z.number().nonnegative().max(100_000),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

/** Names, titles: one line, trimmed, non-empty. */
export const ShortText = z.string().trim().min(1).max(200);
/** Descriptions, notes, guidance: free text, possibly long. */
export const LongText = z.string().max(20_000);
/** Free text that must say something. */
export const RequiredLongText = z.string().trim().min(1).max(20_000);

/** Stable codes (unit codes, template item codes): ASCII, no spaces. */
export const Code = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: messageKey('validation.code') });

/** `{ id }` input of get/delete style procedures. */
export const ByIdInput = z.object({ id: Id });
export type ByIdInput = z.infer<typeof ByIdInput>;

/** A reference with a display name, as embedded in list rows. */
export const NamedRef = z.object({ id: Id, name: z.string() });
export type NamedRef = z.infer<typeof NamedRef>;
