import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createEvidenceService } from '$lib/media/evidence.service';
import { FakeCodec } from '$lib/media/media.test-support';
import { PLAN, TEMPLATE, UNIT, USER, hex, until, visitDevice } from '$lib/visit/visit.test-support';
import { TalkList } from './talk-list.svelte';
import { TalkManager } from './talk.svelte';
import { createTalkService } from './talk.service';

let ids = 0;

/** A device with a visit of PLAN open, a talk list and a talk screen over it. */
async function setup() {
  const device = await visitDevice();
  const started = await device.service.startVisit({
    planId: PLAN,
    templateId: TEMPLATE,
    templateVersion: 3,
    place: null,
  });
  if (!started.ok) throw new Error(started.reason);
  const service = createTalkService({
    store: () => device.store,
    newId: () => hex(0xab, ++ids),
    now: device.now,
  });
  const evidence = createEvidenceService({
    store: () => device.store,
    codec: new FakeCodec(),
    now: device.now,
    newId: () => hex(0xac, ++ids),
    download: () => Promise.reject(new Error('offline')),
  });
  const list = new TalkList({
    store: () => device.store,
    service,
    me: () => ({ id: USER, displayName: '张明' }),
  });
  const stopList = list.open(PLAN, started.id);
  const created = await list.create({ planId: PLAN, inspectionId: started.id, unitId: UNIT });
  if (!created.ok) throw new Error(created.reason);
  const talk = new TalkManager({ store: () => device.store, service, signatures: evidence });
  const stop = talk.open(created.id);
  await until(() => expect(talk.editable).toBe(true));
  const outbox = () => device.db.outbox.orderBy('id').toArray();
  return {
    ...device,
    list,
    talk,
    visitId: started.id,
    talkId: created.id,
    outbox,
    stop: () => {
      stop();
      stopList();
    },
  };
}

/** A record that may be signed: 谈话人, 谈话对象, one question. */
async function complete(talk: TalkManager) {
  await talk.addParticipant({ role: 'talker', name: '李华', position: '检查组组长' });
  await talk.addParticipant({ role: 'subject', name: '陈国栋', position: '区委书记' });
  await talk.addExchange({ question: '“一岗双责”如何落实？', answer: '' });
}

const png = () => new Blob(['\x89PNG signature strokes'], { type: 'image/png' });

describe('TalkList', () => {
  it('opens a record in the visit with the signed-in user as 记录人, and lists it', async () => {
    const { list, talk, talkId, stop } = await setup();
    await until(() => expect(list.talks.map((t) => t.id)).toEqual([talkId]));
    expect(list.talks[0]).toMatchObject({ subject: null, signed: false });
    await until(() => expect(list.isUnsynced(talkId)).toBe(true));
    expect(talk.talk?.participants).toEqual([
      { name: '张明', position: '', role: 'recorder', unitId: null, userId: USER },
    ]);
    expect(talk.unitName).toBe('江南市财政局');
    expect(talk.issues).toEqual(['talker', 'subject', 'question']);
    stop();
  });
});

describe('TalkManager', () => {
  it('builds each change on the last one, even before the device has read it back', async () => {
    const { talk, outbox, stop } = await setup();
    // Three changes of one list field, none awaited: each must keep the ones before it.
    const a = talk.addExchange({ question: '问一', answer: '' });
    const b = talk.addExchange({ question: '问二', answer: '' });
    expect(talk.saveExchange(0, 'answer', '答一', '')).toBe('答一');
    await Promise.all([a, b]);
    const expected = [
      { question: '问一', answer: '答一' },
      { question: '问二', answer: '' },
    ];
    expect(talk.talk?.exchanges).toEqual(expected);
    await until(async () => {
      const last = (await outbox()).at(-1);
      expect(last?.args).toMatchObject({ set: { exchanges: expected } });
    });
    // Read back, it stays.
    await until(() => expect(talk.talk?.exchanges).toEqual(expected));
    const patches = (await outbox()).filter((m) => m.name === 'talk.update');
    // Each base is what the previous change left: no false conflict on the server.
    expect(patches.map((p) => (p.args as { base: unknown }).base)).toEqual([
      { exchanges: [] },
      { exchanges: [{ question: '问一', answer: '' }] },
      {
        exchanges: [
          { question: '问一', answer: '' },
          { question: '问二', answer: '' },
        ],
      },
    ]);
    stop();
  });

  it('edits people, questions and 表态 in place, refusing empty names and questions', async () => {
    const { talk, stop } = await setup();
    await complete(talk);
    expect(talk.issues).toEqual([]);
    expect(talk.saveParticipant(1, 'name', '  ', '李华')).toBe(false);
    expect(talk.saveParticipant(1, 'position', ' 组长 ', '检查组组长')).toBe('组长');
    await talk.setParticipantRole(0, 'attendee');
    expect(talk.saveExchange(0, 'question', ' ', '“一岗双责”如何落实？')).toBe(false);
    await talk.addCommitment({ text: '一个月内修订责任清单', deadline: '2026-04-02' });
    await talk.setCommitmentDeadline(0, '');
    expect(await talk.setCommitmentDeadline(0, '2026-02-30')).toMatchObject({
      reason: 'invalid',
      problem: 'deadline',
    });
    expect(talk.savePlace('区纪委谈话室', '')).toBe('区纪委谈话室');
    expect(await talk.setHeldAt('2026-03-02T09:30')).toEqual({ ok: true });
    await until(() =>
      expect(talk.talk).toMatchObject({
        place: '区纪委谈话室',
        heldAt: new Date('2026-03-02T09:30').toISOString(),
        participants: [
          { name: '张明', role: 'attendee' },
          { name: '李华', position: '组长', role: 'talker' },
          { name: '陈国栋', role: 'subject' },
        ],
        commitments: [{ text: '一个月内修订责任清单', deadline: null }],
      }),
    );
    await talk.removeParticipant(0);
    await talk.removeParticipant(0);
    expect(await talk.removeParticipant(0)).toEqual({
      ok: false,
      reason: 'common.validation_failed',
    });
    await until(() => expect(talk.talk?.participants.map((p) => p.name)).toEqual(['陈国栋']));
    stop();
  });

  it('refuses to sign an incomplete record, queuing nothing', async () => {
    const { talk, outbox, db, stop } = await setup();
    const before = (await outbox()).length;
    expect(await talk.sign(png())).toEqual({
      ok: false,
      reason: 'incomplete',
      problems: ['talker', 'subject', 'question'],
    });
    expect(await outbox()).toHaveLength(before);
    expect(await db.attachments.count()).toBe(0);
    stop();
  });

  it('signs with the image stored as an attachment of the visit; the record is final', async () => {
    const { talk, list, outbox, db, visitId, talkId, stop } = await setup();
    await complete(talk);
    await talk.addCommitment({ text: '一个月内修订责任清单', deadline: '2026-04-02' });
    expect(await talk.sign(png())).toEqual({ ok: true });
    const [attach, sign] = (await outbox()).slice(-2);
    expect(attach).toMatchObject({
      name: 'attachment.attach',
      args: { inspectionId: visitId, itemId: null, mimeType: 'image/png' },
    });
    const sha = (attach!.args as { sha256: string }).sha256;
    expect(sign).toMatchObject({ name: 'talk.sign', args: { id: talkId, signatureSha256: sha } });
    expect((await db.attachments.get(sha))?.status).toBe('queued-upload');
    await until(() => expect(talk.signed).toBe(true));
    expect(talk.editable).toBe(false);
    await until(() => expect(list.talks[0]).toMatchObject({ subject: '陈国栋', signed: true }));
    expect(await talk.signatureImage()).not.toBeNull();

    // Final: no change and no second signature.
    const count = (await outbox()).length;
    expect(await talk.addExchange({ question: '还有补充吗？', answer: '' })).toEqual({
      ok: false,
      reason: 'sync.talk_signed',
    });
    expect(talk.saveExchange(0, 'answer', '补充', '')).toBe('补充');
    expect(await talk.sign(png())).toEqual({ ok: false, reason: 'sync.talk_signed' });
    expect(await outbox()).toHaveLength(count);
    stop();
  });
});
