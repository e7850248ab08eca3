import type {
  TeamCreateInput,
  TeamListItem,
  TeamSetMembersInput,
  User,
  UserCreateInput,
  UserUpdateInput,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** Inputs as the form sends them: defaults (locale, nulls) are filled by the server schema. */
export type NewUser = Omit<UserCreateInput, 'locale'> & Partial<Pick<UserCreateInput, 'locale'>>;
export type NewTeam = Pick<TeamCreateInput, 'name'> & Partial<TeamCreateInput>;

export interface AdminService {
  listUsers(): Promise<User[]>;
  createUser(input: NewUser): Promise<User>;
  updateUser(input: UserUpdateInput): Promise<User>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  listTeams(): Promise<TeamListItem[]>;
  createTeam(input: NewTeam): Promise<void>;
  setTeamMembers(input: TeamSetMembersInput): Promise<void>;
}

export function createAdminService(api: ApiClient): AdminService {
  return {
    listUsers: () => api.user.list.query(),
    createUser: (input) => api.user.create.mutate(input),
    updateUser: (input) => api.user.update.mutate(input),
    setDisabled: async (id, disabled) => {
      await api.user.setDisabled.mutate({ id, disabled });
    },
    listTeams: () => api.team.list.query(),
    createTeam: async (input) => {
      await api.team.create.mutate(input);
    },
    setTeamMembers: async (input) => {
      await api.team.setMembers.mutate(input);
    },
  };
}
