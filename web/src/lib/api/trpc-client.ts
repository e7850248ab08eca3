import type { AppRouter } from '@ducha/api/router';
import type { Locale } from '@ducha/shared';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { compressedFetch } from './compressed-fetch';

export interface ApiClientOptions {
  /** Read on every request, so switching language re-localizes the next server message. */
  getLocale: () => Locale;
  url?: string;
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions) {
  const baseFetch = compressedFetch(
    options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  );
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: options.url ?? '/trpc',
        headers: () => ({ 'x-ducha-locale': options.getLocale() }),
        // The session cookie is HttpOnly + SameSite=Strict and the API shares our origin.
        fetch: (input, init) => baseFetch(input, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
