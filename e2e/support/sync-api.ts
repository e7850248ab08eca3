import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';

/*
 * The sync protocol spoken directly (shared/src/sync/README.md), with the session cookie a
 * request context carries: to ask the server what it holds, or to play a second phone without
 * a browser.
 */

/** A live record as the server holds it for the signed-in user. */
export interface ServerRecord {
  type: string;
  id: string;
  planId: string | null;
  fields: Record<string, unknown>;
}

type Change =
  | {
      op: 'upsert';
      type: string;
      id: string;
      planId: string | null;
      fields: Record<string, unknown>;
    }
  | { op: 'delete' | 'revoked'; type: string; id: string };

interface PullPage {
  changes: Change[];
  cursor: string;
  hasMore: boolean;
}

/** A tRPC mutation (POST), with the session cookie the request context carries. */
export async function apiMutation<T>(
  request: APIRequestContext,
  procedure: string,
  input: unknown,
): Promise<T> {
  return call<T>(request, procedure, input);
}

async function call<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.post(`/trpc/${procedure}`, { data: input });
  expect(response.status(), `${procedure}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** A tRPC query (GET), with the session cookie the request context carries. */
export async function apiQuery<T>(
  request: APIRequestContext,
  procedure: string,
  input: unknown,
): Promise<T> {
  const query = encodeURIComponent(JSON.stringify(input));
  const response = await request.get(`/trpc/${procedure}?input=${query}`);
  expect(response.status(), `${procedure}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** Signs a request context in (its cookie jar keeps the session). */
export async function apiLogIn(
  request: APIRequestContext,
  user: { username: string; password: string },
): Promise<string> {
  const out = await call<{ user: { id: string } }>(request, 'auth.login', user);
  return out.user.id;
}

/**
 * What the server holds of one record type for the signed-in user: a full pull from a device id
 * never used before, so nothing stored on any phone can colour the answer.
 */
export async function serverRecords(
  request: APIRequestContext,
  type: string,
): Promise<ServerRecord[]> {
  const deviceId = randomUUID();
  const live = new Map<string, ServerRecord>();
  let cursor: string | null = null;
  for (;;) {
    const page: PullPage = await call<PullPage>(request, 'sync.pull', {
      deviceId,
      cursor,
      limit: 1000,
      schemaVersion: 2,
    });
    for (const c of page.changes) {
      if (c.type !== type) continue;
      if (c.op === 'upsert') {
        live.set(c.id, { type: c.type, id: c.id, planId: c.planId, fields: c.fields });
      } else {
        live.delete(c.id);
      }
    }
    if (!page.hasMore) return [...live.values()];
    cursor = page.cursor;
  }
}

/** A phone without a browser: its own device id and mutation numbers. */
export class ApiDevice {
  readonly deviceId = randomUUID();
  #next = 1;

  constructor(readonly request: APIRequestContext) {}

  /** Pushes one mutation and expects the server to apply it. */
  async push(name: string, args: unknown): Promise<void> {
    const out = await call<{ results: { id: number; status: string; reason?: string }[] }>(
      this.request,
      'sync.push',
      {
        deviceId: this.deviceId,
        mutations: [
          { id: this.#next++, name, args, schemaVersion: 2, clientTime: new Date().toISOString() },
        ],
      },
    );
    expect(
      out.results.map((r) => r.status),
      JSON.stringify(out.results),
    ).toEqual(['applied']);
  }
}

interface TemplateItemFields {
  id: string;
  answerKind: string;
  maxScore: number;
  required?: boolean;
  evidenceRequired?: boolean;
  choices?: { value: string }[];
}

/** An answer of the item's own kind. */
function answerFor(item: TemplateItemFields): Record<string, unknown> {
  switch (item.answerKind) {
    case 'conformity':
      return { kind: 'conformity', value: 'conforms' };
    case 'score':
      return { kind: 'score', value: item.maxScore };
    case 'number':
      return { kind: 'number', value: 0 };
    case 'choice':
      return { kind: 'choice', value: item.choices?.[0]?.value };
    default:
      return { kind: 'text', value: '已核实' };
  }
}

/**
 * Submits a visit from a phone without a browser, as a phone would: first answering every
 * required item still without an answer of its kind, and giving `evidence` (a SHA-256) to each
 * answered item that needs evidence and has none — the server refuses an incomplete visit.
 */
export async function submitComplete(
  phone: ApiDevice,
  inspectionId: string,
  evidence = '0'.repeat(64),
): Promise<void> {
  const request = phone.request;
  const inspection = (await serverRecords(request, 'inspection')).find(
    (r) => r.id === inspectionId,
  );
  expect(inspection, `visit ${inspectionId} on the server`).toBeDefined();
  const templateId = `${String(inspection!.fields.templateId)}@${String(inspection!.fields.templateVersion)}`;
  const template = (await serverRecords(request, 'template')).find((r) => r.id === templateId);
  expect(template, `template ${templateId}`).toBeDefined();
  const answers = new Map(
    (await serverRecords(request, 'answer'))
      .filter((r) => r.fields.inspectionId === inspectionId)
      .map((r) => [String(r.fields.itemId), r.fields]),
  );
  const sections = template!.fields.sections as { items: TemplateItemFields[] }[];
  for (const item of sections.flatMap((s) => s.items)) {
    const stored = answers.get(item.id);
    const value = stored?.answer as { kind?: string; value?: unknown } | null | undefined;
    const usable =
      value?.kind === item.answerKind &&
      !(value.kind === 'text' && String(value.value ?? '').trim() === '');
    const set: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    const answer = usable ? value : answerFor(item);
    if (!usable && item.required !== false) {
      set.answer = answer;
      base.answer = stored?.answer ?? null;
    }
    const answered = usable || 'answer' in set;
    const shown = Array.isArray(stored?.evidence) ? (stored.evidence as string[]) : [];
    const na = answer?.kind === 'conformity' && answer.value === 'not_applicable';
    if (answered && item.evidenceRequired === true && !na && shown.length === 0) {
      set.evidence = [evidence];
      base.evidence = stored?.evidence ?? null;
    }
    if (Object.keys(set).length > 0) {
      await phone.push('inspection.answer', { inspectionId, itemId: item.id, set, base });
    }
  }
  await phone.push('inspection.submit', {
    id: inspectionId,
    submittedAt: new Date().toISOString(),
  });
}
