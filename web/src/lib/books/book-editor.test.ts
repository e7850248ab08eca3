import type { ResponsibilityBook } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createBookService } from '$lib/services/book.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { BookEditor } from './book-editor.svelte';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function setup(handlers: Record<string, (input: unknown) => unknown>) {
  const server = fakeTrpcServer(handlers);
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  let n = 100;
  const editor = new BookEditor({
    books: createBookService(api),
    connectivity: new ConnectivityManager(true),
    locale: () => 'zh-CN',
    newId: () => ID(n++),
  });
  return { server, editor };
}

const saved = (input: unknown, version: number): ResponsibilityBook => {
  const i = input as Omit<ResponsibilityBook, 'id' | 'version' | 'updatedAt' | 'updatedByName'>;
  return {
    ...i,
    id: ID(1),
    version,
    updatedAt: '2026-03-01T00:00:00.000Z',
    updatedByName: '王芳',
  } as ResponsibilityBook;
};

describe('BookEditor', () => {
  it('starts a new book when the unit has none for the year, then saves it', async () => {
    const { server, editor } = setup({
      'book.get': () => {
        throw new FakeTrpcError('NOT_FOUND', 404, { messageKey: 'common.not_found' });
      },
      'book.save': (input) => saved(input, 1),
    });
    expect(await editor.open(ID(9), 2026, '2026年度责任书')).toBeNull();
    expect(editor.title).toBe('2026年度责任书');
    expect(editor.version).toBeNull();
    editor.addPoint('responsibility');
    Object.assign(editor.points[0]!, { category: '政治建设', content: '  专题研究  ' });
    editor.addPoint('risk');
    Object.assign(editor.points[1]!, { category: '财务', content: '违规发放', riskLevel: 'high' });
    expect(await editor.save()).toBeNull();
    const sent = server.calls.find((c) => c.procedure === 'book.save')!.input as {
      baseVersion: number | null;
      points: { content: string; riskLevel: string | null }[];
    };
    expect(sent.baseVersion).toBeNull();
    expect(sent.points.map((p) => [p.content, p.riskLevel])).toEqual([
      ['专题研究', null],
      ['违规发放', 'high'],
    ]);
    expect(editor.version).toBe(1);
  });

  it('sends the version it edited, and says so when someone saved since', async () => {
    const { editor } = setup({
      'book.get': () =>
        saved({ unitId: ID(9), year: 2026, title: '责任书', commitments: '', points: [] }, 4),
      'book.save': () => {
        throw new FakeTrpcError('CONFLICT', 409, { messageKey: 'book.stale' });
      },
    });
    await editor.open(ID(9), 2026, '');
    expect(editor.version).toBe(4);
    const error = await editor.save();
    expect(error?.kind).toBe('conflict');
    expect(error?.message).toBe('责任书已被他人修改，请刷新后重试');
  });

  it('drafts the 年中督责 checklist from the points', async () => {
    const { editor } = setup({
      'book.get': () => {
        throw new FakeTrpcError('NOT_FOUND', 404, { messageKey: 'common.not_found' });
      },
    });
    await editor.open(ID(9), 2027, '');
    expect(editor.checklist('临江市')).toBeNull();
    editor.addPoint('risk');
    Object.assign(editor.points[0]!, { category: '工程建设', content: '围标串标' });
    const draft = editor.checklist('临江市')!;
    expect(draft.title).toBe('2027年“年中督责”检查表（临江市）');
    expect(draft.sections[0]!.items[0]).toMatchObject({
      title: '围标串标',
      evidenceRequired: true,
    });
  });
});
