import type { Locale, Me, Role } from '@ducha/shared';
import { parseCachedMe } from './cached-me';
import { isNetworkFailure, toUserError, type UserError } from '$lib/api/user-error';
import type { AuthService } from '$lib/services/auth.service';
import type { ConnectivityManager } from './connectivity.svelte';
import type { KeyValueStore } from './key-value-store';

/** Last signed-in user, so the shell can open offline instead of bouncing to the login page. */
const ME_KEY = 'ducha.session.me';
/** Set when 退出登录 happened offline: the server session must still be ended once reachable. */
const LOGOUT_PENDING_KEY = 'ducha.session.logout-pending';

export interface SessionDeps {
  auth: AuthService;
  storage: KeyValueStore;
  connectivity: ConnectivityManager;
  locale: () => Locale;
}

export class SessionManager {
  #user = $state<Me | null>(null);
  #ready = $state(false);
  #fromDevice = $state(false);
  readonly #deps: SessionDeps;

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  get user(): Me | null {
    return this.#user;
  }

  get role(): Role | null {
    return this.#user?.role ?? null;
  }

  /** False until the first `restore()` has settled: guards wait for it before redirecting. */
  get ready(): boolean {
    return this.#ready;
  }

  /** The user was restored from this device because the server could not be asked. */
  get fromDevice(): boolean {
    return this.#fromDevice;
  }

  async restore(): Promise<void> {
    const { auth, storage } = this.#deps;
    try {
      if (storage.getItem(LOGOUT_PENDING_KEY)) {
        await auth.logout();
        storage.removeItem(LOGOUT_PENDING_KEY);
        this.#remember(null);
      } else {
        this.#remember(await auth.me());
      }
      this.#fromDevice = false;
      this.#deps.connectivity.reportReachable(true);
    } catch (error) {
      const failure = this.#describe(error);
      if (isNetworkFailure(failure)) {
        this.#deps.connectivity.reportReachable(false);
        this.#user = storage.getItem(LOGOUT_PENDING_KEY) ? null : this.#cachedUser();
        this.#fromDevice = this.#user !== null;
      } else {
        this.#remember(null);
      }
    } finally {
      this.#ready = true;
    }
  }

  /** Returns null on success, otherwise what to tell the user. */
  async login(username: string, password: string): Promise<UserError | null> {
    try {
      const user = await this.#deps.auth.login({ username: username.trim(), password });
      this.#deps.storage.removeItem(LOGOUT_PENDING_KEY);
      this.#remember(user);
      this.#fromDevice = false;
      this.#deps.connectivity.reportReachable(true);
      return null;
    } catch (error) {
      const failure = this.#describe(error);
      if (isNetworkFailure(failure)) this.#deps.connectivity.reportReachable(false);
      return failure;
    }
  }

  async logout(): Promise<void> {
    try {
      await this.#deps.auth.logout();
    } catch (error) {
      if (isNetworkFailure(this.#describe(error))) {
        this.#deps.storage.setItem(LOGOUT_PENDING_KEY, '1');
      }
    }
    this.#remember(null);
    this.#fromDevice = false;
  }

  /** The server said the session is gone (expired, disabled): forget the user here too. */
  expire(): void {
    this.#remember(null);
    this.#fromDevice = false;
  }

  #remember(user: Me | null): void {
    this.#user = user;
    if (user) this.#deps.storage.setItem(ME_KEY, JSON.stringify(user));
    else this.#deps.storage.removeItem(ME_KEY);
  }

  #cachedUser(): Me | null {
    const raw = this.#deps.storage.getItem(ME_KEY);
    if (!raw) return null;
    try {
      return parseCachedMe(JSON.parse(raw));
    } catch {
      return null;
    }
  }

  #describe(error: unknown): UserError {
    return toUserError(error, this.#deps.locale(), this.#deps.connectivity.browserOnline);
  }
}
