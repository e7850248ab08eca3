import type {
  Locale,
  TeamListItem,
  TeamSetMembersInput,
  UnitAdminCreateInput,
  UnitAdminUpdateInput,
  UnitMoveInput,
  User,
  UserUpdateInput,
} from '@ducha/shared';
import type { UserError } from '$lib/api/user-error';
import type { AdminService, NewTeam, NewUser } from '$lib/services/admin.service';
import type { ConnectivityManager } from './connectivity.svelte';
import { RemoteActivity } from './remote-activity.svelte';

/**
 * 用户管理: users, teams and the unit tree for administrators. Every action reloads what it
 * changed from the server; `onUnitsChanged` lets the shared unit list follow the tree.
 */
export class AdminManager {
  #users = $state<User[]>([]);
  #teams = $state<TeamListItem[]>([]);
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  readonly #service: AdminService;
  readonly #connectivity: ConnectivityManager;
  readonly #locale: () => Locale;

  readonly #onUnitsChanged: () => Promise<void>;

  constructor(
    service: AdminService,
    connectivity: ConnectivityManager,
    locale: () => Locale,
    onUnitsChanged: () => Promise<void> = async () => undefined,
  ) {
    this.#service = service;
    this.#connectivity = connectivity;
    this.#locale = locale;
    this.#onUnitsChanged = onUnitsChanged;
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
    return this.#remote.busy;
  }

  /** The last failed load or action. */
  get error(): UserError | null {
    return this.#remote.error;
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

  updateUser(input: UserUpdateInput): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.updateUser(input);
      this.#users = await this.#service.listUsers();
    });
  }

  resetPassword(id: string, password: string): Promise<UserError | null> {
    return this.#run(() => this.#service.resetPassword(id, password));
  }

  renameTeam(teamId: string, name: string): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.renameTeam({ teamId, name });
      this.#teams = await this.#service.listTeams();
    });
  }

  setTeamMembers(input: TeamSetMembersInput): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.setTeamMembers(input);
      this.#teams = await this.#service.listTeams();
    });
  }

  createUnit(input: UnitAdminCreateInput): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.createUnit(input);
      await this.#onUnitsChanged();
    });
  }

  updateUnit(input: UnitAdminUpdateInput): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.updateUnit(input);
      await this.#onUnitsChanged();
    });
  }

  moveUnit(input: UnitMoveInput): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#service.moveUnit(input);
      await this.#onUnitsChanged();
    });
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run({ connectivity: this.#connectivity, locale: this.#locale }, action);
  }
}
