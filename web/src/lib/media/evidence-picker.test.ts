import { describe, expect, it } from 'vitest';
import type { FileState } from '$lib/sync/attachment-files';
import type { EvidenceResult, EvidenceStage, EvidenceTarget } from './evidence.service';
import { EvidencePickerState } from './evidence-picker.svelte';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

/** A service whose results and file states the test decides. */
function fakeService(results: EvidenceResult[]) {
  const states = new Map<string, FileState['status']>();
  const stages: EvidenceStage[] = [];
  const service = {
    async addEvidence(
      _file: Blob,
      _target: EvidenceTarget,
      onStage?: (stage: EvidenceStage) => void,
    ): Promise<EvidenceResult> {
      onStage?.('checking');
      onStage?.('saving');
      stages.push('saving');
      const next = results.shift();
      if (!next) throw new Error('unreadable');
      return next;
    },
    async states(hashes: readonly string[]): Promise<Map<string, FileState>> {
      return new Map(
        hashes.map((sha256) => [
          sha256,
          {
            sha256,
            status: states.get(sha256) ?? 'queued-upload',
            local: true,
            size: 10,
            mimeType: 'image/jpeg',
            uploadOffset: null,
            error: null,
          },
        ]),
      );
    },
  };
  return { service, states, stages };
}

const file = (name: string) => Object.assign(new Blob(['x']), { name });
const ok = (sha256: string): EvidenceResult => ({
  ok: true,
  sha256,
  recordId: `r-${sha256.slice(0, 1)}`,
  mimeType: 'image/jpeg',
  size: 10,
});
const target = { inspectionId: 'i' };

describe('evidence picker state', () => {
  it('lists each chosen file, newest first, saved or refused, and reports the stored ones', async () => {
    const { service } = fakeService([ok(A), { ok: false, reason: 'too_large' }, ok(B)]);
    const picker = new EvidencePickerState(service);
    const added: string[] = [];
    await picker.add([file('1.jpg'), file('2.jpg')], target, (a) => added.push(a.sha256));
    await picker.add([file('3.jpg')], target, (a) => added.push(a.sha256));
    expect(picker.files.map((f) => [f.name, f.stage, f.reason])).toEqual([
      ['3.jpg', 'saved', null],
      ['1.jpg', 'saved', null],
      ['2.jpg', 'refused', 'too_large'],
    ]);
    expect(added).toEqual([A, B]);
  });

  it('a file the service cannot read is refused as unreadable, and the next still goes', async () => {
    const { service } = fakeService([]);
    const picker = new EvidencePickerState(service);
    await picker.add([file('broken.heic')], target);
    expect(picker.files[0]).toMatchObject({ stage: 'refused', reason: 'unreadable' });
  });

  it('follows the upload: progress, back to waiting when an attempt fails, then synced', async () => {
    const { service, states } = fakeService([ok(A)]);
    const picker = new EvidencePickerState(service);
    await picker.add([file('p.jpg')], target);

    await picker.refresh({ [A]: 0.4 });
    expect(picker.files[0]).toMatchObject({ stage: 'uploading', percent: 40 });
    // No network: the attempt ends with the file still only on the phone.
    await picker.refresh({});
    expect(picker.files[0]).toMatchObject({ stage: 'saved', percent: 0 });
    // Nothing going on: still waiting, not "uploading 0%".
    await picker.refresh({});
    expect(picker.files[0]?.stage).toBe('saved');

    states.set(A, 'uploaded');
    await picker.refresh({});
    expect(picker.files[0]).toMatchObject({ stage: 'synced', percent: 100 });
    picker.dismiss(picker.files[0]!.key);
    expect(picker.files).toEqual([]);
  });

  it('shows a file the server will never take as refused by the server', async () => {
    const { service, states } = fakeService([ok(A)]);
    const picker = new EvidencePickerState(service);
    await picker.add([file('p.jpg')], target);
    states.set(A, 'refused');
    await picker.refresh({});
    expect(picker.files[0]?.stage).toBe('server-refused');
  });
});
