import { z } from 'zod';
import { messageKey } from '../i18n/message-key';
import { Id, ShortText } from './common.schema';
import { Role } from './enums';

/** An inspection team (检查组). The leader is one of the members. */
export const Team = z.object({
  id: Id,
  name: ShortText,
  unitId: Id.nullable(),
  leaderId: Id.nullable(),
  memberIds: z.array(Id),
});
export type Team = z.infer<typeof Team>;

export const TeamMember = z.object({ id: Id, displayName: z.string(), role: Role });
export type TeamMember = z.infer<typeof TeamMember>;

/** A row of `team.list`. */
export const TeamListItem = Team.extend({ members: z.array(TeamMember) });
export type TeamListItem = z.infer<typeof TeamListItem>;

const leaderIsMember = (
  t: { leaderId: string | null; memberIds: string[] },
  ctx: z.core.$RefinementCtx,
) => {
  if (t.leaderId !== null && !t.memberIds.includes(t.leaderId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['leaderId'],
      message: messageKey('validation.leader_not_member'),
    });
  }
  if (new Set(t.memberIds).size !== t.memberIds.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['memberIds'],
      message: messageKey('validation.duplicate_ids'),
    });
  }
};

const Members = z.array(Id).max(200);

export const TeamCreateInput = z
  .object({
    name: ShortText,
    unitId: Id.nullable().default(null),
    leaderId: Id.nullable().default(null),
    memberIds: Members.default([]),
  })
  .superRefine(leaderIsMember);
export type TeamCreateInput = z.infer<typeof TeamCreateInput>;

/** Replaces the member list (and leader) of a team in one go. */
export const TeamSetMembersInput = z
  .object({ teamId: Id, memberIds: Members, leaderId: Id.nullable() })
  .superRefine(leaderIsMember);
export type TeamSetMembersInput = z.infer<typeof TeamSetMembersInput>;
