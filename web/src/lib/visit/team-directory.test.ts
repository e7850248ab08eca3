import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalDb, planCacheFor, type CachedPlan } from '$lib/db/local-db';
import { planItem } from '$lib/testing/fixtures';
import { cachedPlanRow } from './team-directory';

let dbCount = 0;

describe('cachedPlanRow', () => {
  it('follows the device’s copy of one plan: absent, cached, then refreshed', async () => {
    const db = new LocalDb(`team-directory-${++dbCount}-${Date.now()}`);
    const plan = planItem({
      title: '食堂经费专项检查',
      teamMembers: [{ id: '00000000-0000-4000-8000-0000000000a1', name: '张明' }],
    });
    const seen: (CachedPlan | undefined)[] = [];
    const sub = cachedPlanRow(db, plan.id).subscribe((row) => seen.push(row));
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toBeUndefined();

    await planCacheFor(db).replace([plan], '2026-03-03T00:00:00Z');
    await expect.poll(() => seen.at(-1)?.teamMembers).toEqual(plan.teamMembers);
    expect(seen.at(-1)).toMatchObject({
      title: '食堂经费专项检查',
      cachedAt: '2026-03-03T00:00:00Z',
    });

    const more = [
      ...plan.teamMembers!,
      { id: '00000000-0000-4000-8000-0000000000a2', name: '李华' },
    ];
    await planCacheFor(db).replace([{ ...plan, teamMembers: more }], '2026-03-04T00:00:00Z');
    await expect.poll(() => seen.at(-1)?.teamMembers?.map((m) => m.name)).toEqual(['张明', '李华']);
    sub.unsubscribe();
    db.close();
  });
});
