/*
 * A stand-in for the API at the HTTP level, for unit tests: it answers tRPC's batch wire format
 * (`/trpc/a.b,c.d?batch=1&input=…`) from plain handler functions, so the real tRPC client, the
 * services and the error mapping all run as in the browser. Not for production code.
 */

export class FakeTrpcError {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    readonly data: Record<string, unknown> = {},
    readonly message = code,
  ) {}
}

export type Handler = (input: unknown) => unknown;

export interface RecordedCall {
  procedure: string;
  input: unknown;
  headers: Headers;
  credentials: RequestCredentials | undefined;
}

export interface FakeServer {
  fetch: typeof fetch;
  calls: RecordedCall[];
  handlers: Map<string, Handler>;
  /** While true every request fails as a browser's fetch does without network. */
  offline: boolean;
}

const JSONRPC_CODES: Record<string, number> = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  NOT_FOUND: -32004,
  CONFLICT: -32009,
  PRECONDITION_FAILED: -32012,
  TOO_MANY_REQUESTS: -32029,
  INTERNAL_SERVER_ERROR: -32603,
};

/** A request body as the API reads it: gzipped ones inflated (compressed-fetch.ts). */
async function bodyText(body: BodyInit | null | undefined, headers: Headers): Promise<string> {
  if (body === null || body === undefined) return '{}';
  if (headers.get('content-encoding') !== 'gzip') return String(body);
  const stream = new Response(body).body!.pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export function fakeTrpcServer(handlers: Record<string, Handler> = {}): FakeServer {
  const server: FakeServer = {
    calls: [],
    handlers: new Map(Object.entries(handlers)),
    offline: false,
    fetch: async (input, init) => {
      if (server.offline) throw new TypeError('Failed to fetch');
      const url = new URL(String(input), 'http://app.local');
      const procedures = decodeURIComponent(url.pathname.replace(/^\/trpc\//, '')).split(',');
      const isGet = (init?.method ?? 'GET') === 'GET';
      const headers = new Headers(init?.headers);
      const rawInput = isGet
        ? JSON.parse(url.searchParams.get('input') ?? '{}')
        : JSON.parse(await bodyText(init?.body, headers));
      let status = 200;
      const results = procedures.map((procedure, index) => {
        const procInput = (rawInput as Record<string, unknown>)[String(index)];
        server.calls.push({ procedure, input: procInput, headers, credentials: init?.credentials });
        const handler = server.handlers.get(procedure);
        try {
          if (!handler) throw new FakeTrpcError('NOT_FOUND', 404, {}, `No procedure ${procedure}`);
          return { result: { data: handler(procInput) ?? null } };
        } catch (error) {
          if (!(error instanceof FakeTrpcError)) throw error;
          status = procedures.length > 1 ? 207 : error.httpStatus;
          return {
            error: {
              message: error.message,
              code: JSONRPC_CODES[error.code] ?? -32603,
              data: { code: error.code, httpStatus: error.httpStatus, ...error.data },
            },
          };
        }
      });
      return new Response(JSON.stringify(results), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
  return server;
}
