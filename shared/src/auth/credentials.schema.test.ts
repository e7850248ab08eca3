import { describe, expect, it } from 'vitest';
import { Credentials, NewPassword, Username } from './credentials.schema';

describe('Credentials', () => {
  it('accepts the demo login', () => {
    expect(Credentials.parse({ username: 'inspector', password: 'Ducha@2026' })).toEqual({
      username: 'inspector',
      password: 'Ducha@2026',
    });
  });

  it.each(['ab', 'a'.repeat(33), 'zhang san', '张明', 'a/b', ''])('refuses username %j', (u) => {
    expect(Username.safeParse(u).success).toBe(false);
  });

  it.each(['abc', 'a'.repeat(32), 'zhang.san', 'li_hua-2'])('accepts username %j', (u) => {
    expect(Username.safeParse(u).success).toBe(true);
  });

  it('bounds the password length both ways', () => {
    expect(Credentials.safeParse({ username: 'abc', password: '1234567' }).success).toBe(false);
    expect(Credentials.safeParse({ username: 'abc', password: '12345678' }).success).toBe(true);
    expect(Credentials.safeParse({ username: 'abc', password: 'x'.repeat(129) }).success).toBe(
      false,
    );
  });
});

describe('NewPassword', () => {
  it.each(['abcdefghij', '1234567890', 'Ab1', 'abc123'])('refuses %j', (p) => {
    expect(NewPassword.safeParse(p).success).toBe(false);
  });

  it.each(['abcdefghi1', 'Ducha@2026x', '检查督查工作2026年度'])('accepts %j', (p) => {
    expect(NewPassword.safeParse(p).success).toBe(true);
  });

  it('says why a weak password fails with a message key', () => {
    const r = NewPassword.safeParse('abcdefghijkl');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('validation.password_weak');
  });
});
