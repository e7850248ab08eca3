import { sql, type RawBuilder } from 'kysely';

/**
 * A value for a jsonb column. Serialised here because node-postgres would turn a JS array into a
 * PostgreSQL array literal, while PGlite would not: a JSON string cast to jsonb means the same on
 * both.
 */
export function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`${JSON.stringify(value)}::jsonb`;
}

/**
 * A large value for a jsonb parameter, sent as UTF-8 bytes (a binary `text` parameter) rather
 * than a JS string: PGlite's wire serializer measures a string's UTF-8 length one character at a
 * time in JavaScript, on the thread that serves requests (~2 ms of a push of 500 Chinese notes).
 * node-postgres sends a Buffer as it is; PGlite needs its text serializer to let bytes through
 * (`createPglite`).
 */
export function jsonbFromBytes(value: unknown): RawBuilder<string> {
  return sql<string>`${Buffer.from(JSON.stringify(value), 'utf8')}::text::jsonb`;
}
