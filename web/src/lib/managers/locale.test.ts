import { afterEach, describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages.js';
import { localStorageKey } from '$lib/paraglide/runtime.js';
import { memoryStore } from './key-value-store';
import { LocaleManager } from './locale.svelte';

describe('LocaleManager', () => {
  let installed: LocaleManager | null = null;

  afterEach(() => {
    // Leave Paraglide reading Chinese for the other test files.
    installed?.set('zh-CN');
  });

  it('starts in Simplified Chinese', () => {
    expect(new LocaleManager(memoryStore()).current).toBe('zh-CN');
  });

  it('keeps the choice across visits', () => {
    const storage = memoryStore();
    const first = new LocaleManager(storage);
    first.toggle();
    expect(first.current).toBe('en');
    expect(storage.getItem(localStorageKey)).toBe('en');

    expect(new LocaleManager(storage).current).toBe('en');
  });

  it('ignores a stored value that is not a supported language', () => {
    const storage = memoryStore({ [localStorageKey]: 'fr' });
    expect(new LocaleManager(storage).current).toBe('zh-CN');
  });

  it('offers the other language on the switch', () => {
    const manager = new LocaleManager(memoryStore());
    expect(manager.other).toBe('en');
    expect(m.locale_switch({}, { locale: manager.current })).toBe('English');
    manager.set('en');
    expect(manager.other).toBe('zh-CN');
    expect(m.locale_switch({}, { locale: manager.current })).toBe('中文');
  });

  it('drives the Paraglide messages once installed', () => {
    installed = new LocaleManager(memoryStore());
    installed.install();
    expect(m.plans_title()).toBe('我的计划');
    installed.set('en');
    expect(m.plans_title()).toBe('My plans');
  });
});
