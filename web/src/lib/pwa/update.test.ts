import { describe, expect, it } from 'vitest';
import { UpdateManager } from './update.svelte';

describe('UpdateManager', () => {
  it('offers a new version until accepted, then applies it once', () => {
    const update = new UpdateManager();
    let applied = 0;
    expect(update.available).toBe(false);
    update.offer(() => applied++);
    expect(update.available).toBe(true);
    expect(applied).toBe(0);
    update.apply();
    expect(update.available).toBe(false);
    expect(applied).toBe(1);
  });

  it('dismissed, hides the offer without applying; a later offer replaces the earlier one', () => {
    const update = new UpdateManager();
    const calls: string[] = [];
    update.offer(() => calls.push('first'));
    update.dismiss();
    expect(update.available).toBe(false);
    expect(calls).toEqual([]);
    update.offer(() => calls.push('second'));
    expect(update.available).toBe(true);
    update.apply();
    expect(calls).toEqual(['second']);
  });

  it('accepting with nothing offered does nothing', () => {
    const update = new UpdateManager();
    expect(() => update.apply()).not.toThrow();
    expect(update.available).toBe(false);
  });
});
