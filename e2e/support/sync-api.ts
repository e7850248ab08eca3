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
