import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ and only Secure with the __Host- name over HTTPS', () => {
    expect(sessionCookie('tok', false, 60)).toBe(
      'ducha_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    expect(sessionCookie('tok', true, 60.9)).toBe(
      '__Host-ducha_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
    );
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });

  it('is read under the name that fits the connection only', () => {
    const header = 'a=1; ducha_session=plain; __Host-ducha_session=secure';
    expect(readSessionToken(header, false)).toBe('plain');
    expect(readSessionToken(header, true)).toBe('secure');
    expect(readSessionToken('ducha_session=plain', true)).toBeNull();
    expect(readSessionToken('ducha_session=', false)).toBeNull();
    expect(readSessionToken(undefined, false)).toBeNull();
    expect(readSessionToken('garbage', false)).toBeNull();
  });
});
