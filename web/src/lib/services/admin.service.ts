import type {
  TeamCreateInput,
  TeamRenameInput,
  Unit,
  UnitAdminCreateInput,
  UnitAdminUpdateInput,
  UnitMoveInput,
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
  renameTeam(input: TeamRenameInput): Promise<void>;
  resetPassword(id: string, password: string): Promise<void>;
  createUnit(input: UnitAdminCreateInput): Promise<Unit>;
  updateUnit(input: UnitAdminUpdateInput): Promise<Unit>;
  moveUnit(input: UnitMoveInput): Promise<Unit>;
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
    renameTeam: async (input) => {
      await api.team.rename.mutate(input);
    },
    resetPassword: async (id, password) => {
      await api.user.resetPassword.mutate({ id, password });
    },
    createUnit: (input) => api.unit.create.mutate(input),
    updateUnit: (input) => api.unit.update.mutate(input),
    moveUnit: (input) => api.unit.move.mutate(input),
  };
}
