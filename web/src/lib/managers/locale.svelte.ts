import type { Locale } from '@ducha/shared';
import {
  baseLocale,
  isLocale,
  localStorageKey,
  overwriteGetLocale,
  overwriteSetLocale,
} from '$lib/paraglide/runtime.js';
import type { KeyValueStore } from './key-value-store';

/**
 * The UI language. Paraglide's `getLocale` is pointed at this `$state`, so every `m.*()` call
 * in a template re-renders when the language changes, without a page reload. The choice is
 * kept under Paraglide's own localStorage key, so both agree on a cold start.
 */
export class LocaleManager {
  #current = $state<Locale>(baseLocale);
  readonly #storage: KeyValueStore;

  constructor(storage: KeyValueStore) {
    this.#storage = storage;
    const saved = storage.getItem(localStorageKey);
    this.#current = saved !== null && isLocale(saved) ? saved : baseLocale;
  }

  get current(): Locale {
    return this.#current;
  }

  /** The language the switch button offers. */
  get other(): Locale {
    return this.#current === 'zh-CN' ? 'en' : 'zh-CN';
  }

  set(locale: Locale): void {
    this.#current = locale;
    this.#storage.setItem(localStorageKey, locale);
  }

  toggle(): void {
    this.set(this.other);
  }

  /** Makes Paraglide's runtime read and write through this manager. */
  install(): void {
    overwriteGetLocale(() => this.#current);
    overwriteSetLocale((locale) => this.set(locale));
  }
}
