import type { Credentials, Me } from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

export interface AuthService {
  me(): Promise<Me | null>;
  login(credentials: Credentials): Promise<Me>;
  logout(): Promise<void>;
}

export function createAuthService(api: ApiClient): AuthService {
  return {
    me: () => api.auth.me.query(),
    login: async (credentials) => (await api.auth.login.mutate(credentials)).user,
    logout: async () => {
      await api.auth.logout.mutate();
    },
  };
}
