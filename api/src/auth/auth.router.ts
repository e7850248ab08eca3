import { Credentials, type Me } from '@ducha/shared';
import { clearedSessionCookie, sessionCookie } from '../http/session-cookie';
import { publicProcedure, router } from '../trpc/init';
import { login, logout, toMe } from './auth.service';

export const authRouter = router({
  login: publicProcedure.input(Credentials).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.deps, ctx.req, ctx.session?.id ?? null, input);
    const maxAge = (result.expiresAt.getTime() - ctx.deps.clock.now().getTime()) / 1000;
    ctx.req.resHeaders.append('set-cookie', sessionCookie(result.token, ctx.req.secure, maxAge));
    return { user: result.user };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.deps, ctx.req, ctx.session);
    ctx.req.resHeaders.append('set-cookie', clearedSessionCookie(ctx.req.secure));
    return { ok: true as const };
  }),

  me: publicProcedure.query(({ ctx }): Me | null => (ctx.session ? toMe(ctx.session.user) : null)),
});
