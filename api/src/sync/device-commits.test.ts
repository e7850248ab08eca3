import { describe, expect, it } from 'vitest';
import { DeviceCommits } from './device-commits';

describe('DeviceCommits', () => {
  it('wakes a wait when that device commits', async () => {
    const commits = new DeviceCommits();
    const wait = commits.next('d1').wait(10_000);
    commits.committed('d1');
    expect(await wait).toBe(true);
    expect(commits.size).toBe(0);
  });

  it('counts a commit that came between arming and waiting', async () => {
    const commits = new DeviceCommits();
    const armed = commits.next('d1');
    commits.committed('d1');
    expect(await armed.wait(10_000)).toBe(true);
  });

  it('is not woken by another device, and gives up after its time', async () => {
    const commits = new DeviceCommits();
    const wait = commits.next('d1').wait(20);
    commits.committed('d2');
    expect(await wait).toBe(false);
    expect(commits.size).toBe(0);
  });

  it('forgets a cancelled wait', () => {
    const commits = new DeviceCommits();
    const a = commits.next('d1');
    const b = commits.next('d1');
    a.cancel();
    expect(commits.size).toBe(1);
    b.cancel();
    expect(commits.size).toBe(0);
  });
});
