import { createHash, randomBytes } from 'node:crypto';

/** 128 bits from the CSPRNG, base64url (22 characters). */
export function newSessionToken(): string {
  return randomBytes(16).toString('base64url');
}

/** What the database stores instead of the token: a leaked table opens no session. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/;

export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
