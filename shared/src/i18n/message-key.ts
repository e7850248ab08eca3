import type { MessageKey } from './messages';

/**
 * Marks a string as a catalogue key so the compiler checks it exists. Schemas use it for custom
 * error messages; it only imports a type, which keeps the schema → i18n graph free of cycles.
 */
export function messageKey<K extends MessageKey>(key: K): K {
  return key;
}
