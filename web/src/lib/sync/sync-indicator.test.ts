import { MUTATION_NAMES } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages.js';
import { indicatorState, mutationLabelKey } from './sync-indicator';

const base = {
  running: false,
  pending: 0,
  error: null,
  lastSuccessAt: '2026-03-02T08:00:00.000Z',
  online: true,
};

describe('indicatorState', () => {
  it('says synced only when nothing waits and the last run succeeded', () => {
    expect(indicatorState(base)).toBe('synced');
    expect(indicatorState({ ...base, lastSuccessAt: null })).toBe('never');
    expect(indicatorState({ ...base, pending: 2 })).toBe('pending');
    expect(indicatorState({ ...base, error: 'sync.server_outdated' })).toBe('error');
  });

  it('shows a run in progress, and offline rather than a network error', () => {
    expect(indicatorState({ ...base, running: true, online: false })).toBe('running');
    expect(indicatorState({ ...base, online: false, error: 'sync.network_failed' })).toBe(
      'offline',
    );
    expect(indicatorState({ ...base, online: false, pending: 3 })).toBe('offline');
  });
});

describe('mutationLabelKey', () => {
  it('names every mutation in both languages, and falls back for unknown ones', () => {
    for (const name of MUTATION_NAMES) {
      const key = mutationLabelKey(name);
      expect(key).not.toBe('mutation_change');
      expect(m[key]({}, { locale: 'zh-CN' })).toMatch(/\p{Script=Han}/u);
      expect(m[key]({}, { locale: 'en' })).toMatch(/^[A-Z][a-z ]+$/);
    }
    expect(mutationLabelKey('toString')).toBe('mutation_change');
    expect(mutationLabelKey('future.thing')).toBe('mutation_change');
  });
});
