import type { Locale, TeamListItem, User } from '@ducha/shared';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { AdminService, NewTeam, NewUser } from '$lib/services/admin.service';
import type { ConnectivityManager } from './connectivity.svelte';

/** 用户管理: users and teams for administrators. Every action reloads from the server. */
export class AdminManager {
  #users = $state<User[]>([]);
  #teams = $state<TeamListItem[]>([]);
  #loaded = $state(false);
  #busy = $state(false);
  #error = $state<UserError | null>(null);
  readonly #service: AdminService;
  readonly #connectivity: ConnectivityManager;
  readonly #locale: () => Locale;

  constructor(service: AdminService, connectivity: ConnectivityManager, locale: () => Locale) {
    this.#service = service;
    this.#connectivity = connectivity;
    this.#locale = locale;
  }

  get users(): readonly User[] {
    return this.#users;
  }

  get teams(): readonly TeamListItem[] {
    return this.#teams;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** The last failed load or action. */
  get error(): UserError | null {
    return this.#error;
  }

  async load(): Promise<void> {
    await this.#run(async () => {
      const [users, teams] = await Promise.all([
        this.#service.listUsers(),
        this.#service.listTeams(),
      ]);
      this.#users = users;
      this.#teams = teams;
      this.#loaded = true;
    });
  }

  setDisabled(id: string, disabled: boolean): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.setDisabled(id, disabled);
      this.#users = await this.#service.listUsers();
    });
  }

  createUser(input: NewUser): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.createUser(input);
      this.#users = await this.#service.listUsers();
    });
  }

  createTeam(input: NewTeam): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.createTeam(input);
      this.#teams = await this.#service.listTeams();
    });
  }

  async #run(action: () => Promise<void>): Promise<UserError | null> {
    this.#busy = true;
    try {
      await action();
      this.#error = null;
      return null;
    } catch (error) {
      const failure = toUserError(error, this.#locale(), this.#connectivity.browserOnline);
      this.#error = failure;
      return failure;
    } finally {
      this.#busy = false;
    }
  }
}
