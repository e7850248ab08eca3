import { describe, expect, it } from 'vitest';
import { canOpen, navItemsFor, redirectFor } from './nav-items';

describe('navItemsFor', () => {
  it('offers each role its sections', () => {
    const paths = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((i) => i.path);
    expect(paths('inspector')).toEqual(['/plans', '/search']);
    expect(paths('team_leader')).toEqual(['/plans', '/search']);
    expect(paths('supervisor')).toEqual(['/plans', '/search', '/units']);
    expect(paths('admin')).toEqual(['/plans', '/search', '/units', '/admin']);
  });
});

describe('canOpen', () => {
  it('keeps administration to administrators', () => {
    expect(canOpen('inspector', '/admin')).toBe(false);
    expect(canOpen('supervisor', '/admin/users')).toBe(false);
    expect(canOpen('admin', '/admin')).toBe(true);
    expect(canOpen('inspector', '/units')).toBe(false);
    expect(canOpen('supervisor', '/units')).toBe(true);
  });

  it('does not confuse a path that merely starts with a section name', () => {
    expect(canOpen('inspector', '/administrivia')).toBe(true);
  });
});

describe('redirectFor', () => {
  it('sends signed-out visitors to the login page', () => {
    expect(redirectFor('/plans', false)).toBe('/login');
    expect(redirectFor('/', false)).toBe('/login');
    expect(redirectFor('/login', false)).toBeNull();
  });

  it('sends signed-in users from / and /login to 我的计划', () => {
    expect(redirectFor('/', true)).toBe('/plans');
    expect(redirectFor('/login', true)).toBe('/plans');
    expect(redirectFor('/plans', true)).toBeNull();
    expect(redirectFor('/nowhere', true)).toBeNull();
  });
});
