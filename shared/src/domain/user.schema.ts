import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { NewPassword, Username } from '../auth/credentials.schema';
import { Id, IsoDateTime, ShortText } from './common.schema';
import { Locale, Role } from './enums';

/**
 * An account. `unitId` is the unit the person belongs to; `scopeUnitId` is the root of the
 * subtree a supervisor oversees (null for other roles: their reach comes from team membership).
 */
export const User = z.object({
  id: Id,
  username: Username,
  displayName: ShortText,
  role: Role,
  locale: Locale,
  unitId: Id.nullable(),
  scopeUnitId: Id.nullable(),
  disabled: z.boolean(),
  createdAt: IsoDateTime,
});
export type User = z.infer<typeof User>;

/** The caller as `auth.me` / `auth.login` return it. */
export const Me = z.object({
  id: Id,
  username: Username,
  displayName: ShortText,
  role: Role,
  locale: Locale,
  unitId: Id.nullable(),
  teamIds: z.array(Id),
});
export type Me = z.infer<typeof Me>;

const requireSupervisorScope = (
  u: { role?: Role | undefined; scopeUnitId?: string | null | undefined },
  ctx: z.core.$RefinementCtx,
) => {
  if (u.role === 'supervisor' && !u.scopeUnitId) {
    ctx.addIssue({
      code: 'custom',
      path: ['scopeUnitId'],
      message: messageKey('validation.scope_required'),
    });
  }
};

export const UserCreateInput = z
  .object({
    username: Username,
    displayName: ShortText,
    password: NewPassword,
    role: Role,
    locale: Locale.default('zh-CN'),
    unitId: Id.nullable().default(null),
    scopeUnitId: Id.nullable().default(null),
  })
  .superRefine(requireSupervisorScope);
export type UserCreateInput = z.infer<typeof UserCreateInput>;

/** Fields an administrator may change; omitted fields stay as they are. */
export const UserUpdateInput = z.object({
  id: Id,
  role: Role.optional(),
  displayName: ShortText.optional(),
  unitId: Id.nullable().optional(),
  scopeUnitId: Id.nullable().optional(),
});
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

export const UserSetDisabledInput = z.object({ id: Id, disabled: z.boolean() });
export type UserSetDisabledInput = z.infer<typeof UserSetDisabledInput>;
