import { z } from 'zod';
import { messageKey } from '../i18n/message-key';

export const Username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: messageKey('validation.username_chars') });
export type Username = z.infer<typeof Username>;

/**
 * What a login accepts. Deliberately looser than `NewPassword`: old or seeded passwords must
 * still log in, and the length cap keeps a hostile 1 MB "password" away from argon2.
 */
export const LoginPassword = z.string().min(8).max(128);

export const Credentials = z.object({ username: Username, password: LoginPassword });
export type Credentials = z.infer<typeof Credentials>;

/** A password being set: at least 10 characters with both letters and digits. */
export const NewPassword = z
  .string()
  .min(10)
  .max(128)
  .refine((p) => /\p{L}/u.test(p) && /\p{Nd}/u.test(p), {
    error: messageKey('validation.password_weak'),
  });
export type NewPassword = z.infer<typeof NewPassword>;
