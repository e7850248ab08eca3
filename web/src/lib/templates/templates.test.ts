import type { Template, TemplateFile } from '@ducha/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/trpc-client';
import { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import { createTemplateService } from '$lib/services/template.service';
import { FakeTrpcError, fakeTrpcServer } from '$lib/testing/fake-trpc-server';
import { base64ToBytes } from './file-bytes';
import { TemplateEditor } from './template-editor.svelte';
import { TemplatesManager } from './templates.svelte';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const stored: Template = {
  id: ID(1),
  version: 2,
  title: '专项检查表',
  description: '',
  planKinds: [],
  gradeThresholds: { excellent: 90, good: 80, pass: 60 },
  createdAt: '2026-03-01T00:00:00.000Z',
  sections: [
    {
      id: ID(2),
      title: '作风建设',
      weight: 10,
      items: [
        {
          id: ID(3),
          title: '公务接待',
          guidance: '',
          checkMethods: [],
          answerKind: 'conformity',
          maxScore: 10,
          weight: 1,
          veto: false,
          evidenceRequired: false,
          required: true,
        },
      ],
    },
  ],
};

function setup(handlers: Record<string, (input: unknown) => unknown> = {}) {
  const server = fakeTrpcServer({ 'template.list': () => [], ...handlers });
  const api = createApiClient({ getLocale: () => 'zh-CN', fetch: server.fetch });
  const saved: TemplateFile[] = [];
  const deps = {
    templates: createTemplateService(api),
    connectivity: new ConnectivityManager(true),
    locale: () => 'zh-CN' as const,
  };
  const manager = new TemplatesManager({ ...deps, save: (f) => saved.push(f) });
  let n = 100;
  const editor = new TemplateEditor({ ...deps, newId: () => ID(n++) });
  return { server, manager, editor, saved };
}

const file = (name: string, bytes: Uint8Array) => ({
  name,
  size: bytes.length,
  arrayBuffer: async () => bytes.slice().buffer,
});

describe('TemplatesManager', () => {
  it('hands an exported file to the browser', async () => {
    const out = { filename: 'a-v2.xlsx', mime: 'application/x', base64: 'UEsD' };
    const { server, manager, saved } = setup({ 'template.export': () => out });
    expect(await manager.exportFile(ID(1), 'xlsx')).toBeNull();
    expect(saved).toEqual([out]);
    expect(server.calls.at(-1)?.input).toEqual({ id: ID(1), format: 'xlsx' });
  });

  it('imports a file as base64 in its format, then reloads the list', async () => {
    const { server, manager } = setup({
      'template.import': () => ({ template: stored, newVersion: true }),
    });
    const bytes = new TextEncoder().encode('{"format":"ducha-template"}');
    const outcome = await manager.importFile(file('模板.JSON', bytes));
    expect(outcome.ok).toBe(true);
    const call = server.calls.find((c) => c.procedure === 'template.import')!;
    const input = call.input as { format: string; base64: string; intoId: null };
    expect(input.format).toBe('json');
    expect(new TextDecoder().decode(base64ToBytes(input.base64))).toBe(
      '{"format":"ducha-template"}',
    );
    expect(server.calls.at(-1)?.procedure).toBe('template.list');
  });

  it('refuses another kind of file, or one too large, before sending anything', async () => {
    const { server, manager } = setup();
    const wrong = await manager.importFile(file('notes.docx', new Uint8Array(3)));
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const big = await manager.importFile({
      ...file('big.xlsx', new Uint8Array(1)),
      size: 600 * 1024,
    });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.message).toBe('文件过大（上限 512 KB）');
    expect(server.calls).toEqual([]);
  });

  it('lists every problem the server found in a file', async () => {
    const { manager } = setup({
      'template.import': () => {
        throw new FakeTrpcError('BAD_REQUEST', 400, {
          messageKey: 'template.import_invalid',
          issues: [{ path: '“检查项”第 2 行“满分”', message: '须为数字' }],
        });
      },
    });
    const outcome = await manager.importFile(file('a.xlsx', new Uint8Array([80, 75])));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.message).toBe('模板文件有误，未导入任何内容。请修改以下位置后重试');
      expect(outcome.error.issues).toEqual([
        { path: '“检查项”第 2 行“满分”', message: '须为数字' },
      ]);
    }
  });

  it('passes a draft to the editor once', () => {
    const { manager } = setup();
    manager.offerDraft(stored);
    expect(manager.takeDraft()).toBe(stored);
    expect(manager.takeDraft()).toBeNull();
  });
});

describe('TemplateEditor', () => {
  it('saves an edit of the latest version and reports a new version', async () => {
    const { server, editor } = setup({
      'template.get': () => stored,
      'template.update': () => ({ template: { ...stored, version: 3 }, newVersion: true }),
    });
    expect(await editor.open(ID(1))).toBeNull();
    editor.draft.title = '修订后的检查表';
    editor.addItem(0);
    editor.draft.sections[0]!.items[1]!.title = '新增检查项';
    expect(editor.preview[0]).toMatchObject({ itemCount: 2, max: 20 });
    const outcome = await editor.save();
    expect(outcome).toEqual({ ok: true, id: ID(1), version: 3, newVersion: true });
    const sent = server.calls.find((c) => c.procedure === 'template.update')!.input as {
      baseVersion: number;
      content: { title: string };
    };
    expect(sent.baseVersion).toBe(2);
    expect(sent.content.title).toBe('修订后的检查表');
    expect(editor.baseVersion).toBe(3);
  });

  it('does not send a draft the schema refuses, and shows why after the attempt', async () => {
    const { server, editor } = setup();
    editor.openNew();
    expect(editor.showIssues).toBe(false);
    const outcome = await editor.save();
    expect(outcome).toEqual({ ok: false, error: null });
    expect(editor.showIssues).toBe(true);
    expect(editor.issues.length).toBeGreaterThan(0);
    expect(server.calls).toEqual([]);
  });
});
