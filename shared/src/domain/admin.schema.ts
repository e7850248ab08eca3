import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { NewPassword } from '../auth/credentials.schema';
import { Code, Id, ShortText } from './common.schema';
import { UnitKind } from './enums';

/*
 * Administration beyond what user.schema and team.schema hold: the unit tree, password resets,
 * renaming a team and choosing its leader.
 */

export const UnitAdminCreateInput = z.object({
  parentId: Id.nullable(),
  name: ShortText,
  kind: UnitKind,
  code: Code,
});
export type UnitAdminCreateInput = z.infer<typeof UnitAdminCreateInput>;

/** Rename (name, kind, code); omitted fields stay. */
export const UnitAdminUpdateInput = z.object({
  id: Id,
  name: ShortText.optional(),
  kind: UnitKind.optional(),
  code: Code.optional(),
});
export type UnitAdminUpdateInput = z.infer<typeof UnitAdminUpdateInput>;

/** Moves a unit (and its subtree) under another parent; null makes it a root. */
export const UnitMoveInput = z
  .object({ id: Id, parentId: Id.nullable() })
  .refine((m) => m.parentId !== m.id, {
    error: messageKey('unit.move_cycle'),
    path: ['parentId'],
  });
export type UnitMoveInput = z.infer<typeof UnitMoveInput>;

export const UserResetPasswordInput = z.object({ id: Id, password: NewPassword });
export type UserResetPasswordInput = z.infer<typeof UserResetPasswordInput>;

export const TeamRenameInput = z.object({
  teamId: Id,
  name: ShortText,
  unitId: Id.nullable().optional(),
});
export type TeamRenameInput = z.infer<typeof TeamRenameInput>;
