import { sql, type RawBuilder } from 'kysely';

/**
 * A value for a jsonb column. Serialised here because node-postgres would turn a JS array into a
 * PostgreSQL array literal, while PGlite would not: a JSON string cast to jsonb means the same on
 * both.
 */
export function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`${JSON.stringify(value)}::jsonb`;
}
