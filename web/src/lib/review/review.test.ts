import type { ReviewQueueRow, ReviewVisit } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createReviewService } from '$lib/services/review.service';
import { FakeTrpcError, fakeTrpcServer, type Handler } from '$lib/testing/fake-trpc-server';
import { REVIEW_PAGE_SIZE, ReviewQueueManager } from './review-queue.svelte';
import { ReviewVisitManager } from './review-visit.svelte';
import { ReviewLiveService, type EventSourceLike } from './review-live';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function row(n: number, over: Partial<ReviewQueueRow> = {}): ReviewQueueRow {
  return {
    inspectionId: ID(n),
    planId: ID(100),
    planTitle: `计划 ${n}`,
    planKind: 'midyear',
    unit: { id: ID(200), name: '江南省交通运输厅' },
    team: { id: ID(300), name: '第一检查组' },
    inspectors: ['张明'],
    status: 'submitted',
    submittedAt: '2026-03-02T01:00:00.000Z',
    returnedAt: null,
    approvedAt: null,
    score: 86.5,
    grade: 'good',
    findingsCount: 1,
    ...over,
  };
}

function visit(over: Partial<ReviewVisit> = {}): ReviewVisit {
  return {
    inspectionId: ID(1),
    status: 'submitted',
    plan: { id: ID(100), title: '年中督责', kind: 'midyear', team: { id: ID(300), name: '一组' } },
    unit: { id: ID(200), name: '江南省交通运输厅' },
    inspectors: ['张明'],
    startedAt: null,
    submittedAt: '2026-03-02T01:00:00.000Z',
    returnedAt: null,
    approvedAt: null,
    template: { sections: [] } as unknown as ReviewVisit['template'],
    answers: [],
    sheet: { sections: [], overall: 80, grade: 'good' } as unknown as ReviewVisit['sheet'],
    notes: [],
    attachments: [],
    findings: [],
    reviewComments: [],
    canDecide: true,
    ownVisit: false,
    ...over,
  };
}

function setup(handlers: Record<string, Handler> = {}) {
  const server = fakeTrpcServer({
    'review.queue': (input) => {
      const { page, status } = input as { page: number; status: ReviewQueueRow['status'] };
      return { rows: [row(page, { status })], total: 45, page, pageSize: REVIEW_PAGE_SIZE };
    },
    'review.get': () => visit(),
    ...handlers,
  });
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  const connectivity = new ConnectivityManager(true);
  const deps = { review: createReviewService(api), connectivity, locale: () => 'zh-CN' as const };
  return {
    server,
    connectivity,
    queue: new ReviewQueueManager(deps),
    visit: new ReviewVisitManager(deps),
  };
}

describe('ReviewQueueManager', () => {
  it('loads the waiting visits first, then a tab, a filter and a page', async () => {
    const { server, queue } = setup();
    expect(await queue.load()).toBeNull();
    expect(queue.rows.map((r) => r.inspectionId)).toEqual([ID(1)]);
    expect(queue.pageCount).toBe(3);
    await queue.goTo(2);
    await queue.setStatus('approved');
    expect(queue.page).toBe(1);
    await queue.setFilter({ kind: 'unannounced' });
    const inputs = server.calls.filter((c) => c.procedure === 'review.queue').map((c) => c.input);
    expect(inputs).toEqual([
      { status: 'submitted', page: 1, pageSize: REVIEW_PAGE_SIZE },
      { status: 'submitted', page: 2, pageSize: REVIEW_PAGE_SIZE },
      { status: 'approved', page: 1, pageSize: REVIEW_PAGE_SIZE },
      { kind: 'unannounced', status: 'approved', page: 1, pageSize: REVIEW_PAGE_SIZE },
    ]);
    expect(queue.rows[0]!.status).toBe('approved');
  });

  it('shows the server’s message when the queue is refused, and refreshes quietly', async () => {
    const { server, queue } = setup({
      'review.queue': () => {
        throw new FakeTrpcError('FORBIDDEN', 403, {}, '无权执行此操作');
      },
    });
    const error = await queue.load();
    expect(error?.message).toBe('无权执行此操作');
    expect(queue.loaded).toBe(false);
    server.handlers.set('review.queue', () => ({
      rows: [row(7)],
      total: 1,
      page: 1,
      pageSize: 20,
    }));
    await queue.refresh();
    expect(queue.rows.map((r) => r.inspectionId)).toEqual([ID(7)]);
    expect(queue.busy).toBe(false);
  });
});

describe('ReviewVisitManager', () => {
  it('returns with the reason and the item remarks, not the blank ones, then reads again', async () => {
    let status = 'submitted';
    const { server, visit: manager } = setup({
      'review.get': () => visit({ status, canDecide: status === 'submitted' }),
      'review.return': () => {
        status = 'returned';
        return { inspectionId: ID(1), status: 'returned' };
      },
    });
    await manager.load(ID(1));
    expect(manager.canReturn).toBe(false);
    manager.setComment(ID(11), '  请补充会议记录照片 ');
    manager.setComment(ID(12), '   ');
    manager.setReason('佐证材料不全');
    expect(manager.canReturn).toBe(true);
    expect(await manager.returnVisit()).toBeNull();
    expect(server.calls.find((c) => c.procedure === 'review.return')?.input).toEqual({
      id: ID(1),
      reason: '佐证材料不全',
      comments: [{ itemId: ID(11), text: '请补充会议记录照片' }],
    });
    expect(manager.visit?.status).toBe('returned');
    expect(manager.comment(ID(11))).toBe('');
    expect(manager.canReturn).toBe(false);
    expect(manager.canApprove).toBe(false);
  });

  it('approves, keeps the ledger items it created, and never offers approval of one’s own visit', async () => {
    const item = { id: ID(50), title: '公务接待超标准', status: 'open' };
    const { visit: manager } = setup({
      'review.approve': () => ({ inspectionId: ID(1), status: 'approved', ledgerItems: [item] }),
    });
    await manager.load(ID(1));
    expect(manager.canApprove).toBe(true);
    expect(await manager.approve()).toBeNull();
    expect(manager.createdItems?.map((i) => i.id)).toEqual([ID(50)]);

    const own = setup({ 'review.get': () => visit({ ownVisit: true }) });
    await own.visit.load(ID(1));
    expect(own.visit.canApprove).toBe(false);
  });

  it('shows a refused decision’s message and keeps the remarks being written', async () => {
    const { visit: manager } = setup({
      'review.approve': () => {
        throw new FakeTrpcError('CONFLICT', 409, {}, '只有已提交待审核的检查才能退回或审核通过');
      },
    });
    await manager.load(ID(1));
    manager.setComment(ID(11), '请补充');
    const error = await manager.approve();
    expect(error?.message).toBe('只有已提交待审核的检查才能退回或审核通过');
    expect(manager.comment(ID(11))).toBe('请补充');
    expect(manager.createdItems).toBeNull();
  });
});

class FakeSource implements EventSourceLike {
  listeners = new Map<string, (() => void)[]>();
  closed = false;
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string) {
    for (const l of this.listeners.get(type) ?? []) l();
  }
}

describe('ReviewLiveService', () => {
  it('refetches on each hint, reconnects with growing delays, and counts a reconnect as a change', () => {
    const sources: FakeSource[] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    let changes = 0;
    const live = new ReviewLiveService({
      open: (url) => {
        expect(url).toBe('/events/review');
        const s = new FakeSource();
        sources.push(s);
        return s;
      },
      onChange: () => changes++,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
      random: () => 0.5,
    });
    live.start();
    sources[0]!.emit('ready');
    expect(changes).toBe(0);
    sources[0]!.emit('changed');
    sources[0]!.emit('changed');
    expect(changes).toBe(2);

    sources[0]!.emit('error');
    expect(sources[0]!.closed).toBe(true);
    sources[0]!.emit('changed'); // a closed stream's late event is ignored
    expect(changes).toBe(2);
    expect(timers.map((t) => t.ms)).toEqual([500]);
    timers[0]!.fn();
    sources[1]!.emit('error');
    expect(timers.map((t) => t.ms)).toEqual([500, 1000]);
    timers[1]!.fn();
    sources[2]!.emit('ready');
    expect(changes).toBe(3);
    sources[2]!.emit('error');
    expect(timers.at(-1)!.ms).toBe(500); // a stream that opened resets the delay

    live.stop();
    timers.at(-1)!.fn();
    expect(sources).toHaveLength(3);
  });
});
