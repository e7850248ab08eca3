import { describe, expect, it } from 'vitest';
import { canOpen, isConsolePath, navItemsFor, redirectFor } from './nav-items';

describe('navItemsFor', () => {
  it('offers each role its sections', () => {
    const paths = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((i) => i.path);
    expect(paths('inspector')).toEqual(['/plans', '/search', '/ledger']);
    expect(paths('team_leader')).toEqual([
      '/plans',
      '/search',
      '/review',
      '/ledger',
      '/dashboard',
      '/planning',
    ]);
    expect(paths('supervisor')).toEqual([
      '/plans',
      '/search',
      '/review',
      '/ledger',
      '/dashboard',
      '/planning',
      '/templates',
      '/units',
    ]);
    expect(paths('admin')).toEqual(['/plans', '/search', '/templates', '/units', '/admin']);
  });
});

describe('canOpen', () => {
  it('keeps administration to administrators', () => {
    expect(canOpen('inspector', '/admin')).toBe(false);
    expect(canOpen('supervisor', '/admin/users')).toBe(false);
    expect(canOpen('admin', '/admin')).toBe(true);
    expect(canOpen('inspector', '/units')).toBe(false);
    expect(canOpen('supervisor', '/units')).toBe(true);
    expect(canOpen('inspector', '/review')).toBe(false);
    expect(canOpen('inspector', '/dashboard')).toBe(false);
    expect(canOpen('admin', '/ledger')).toBe(false);
    expect(canOpen('team_leader', '/ledger/some-item')).toBe(true);
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

describe('isConsolePath', () => {
  it('lays out the console sections wide and the phone screens narrow', () => {
    expect(isConsolePath('/ledger')).toBe(true);
    expect(isConsolePath('/review/abc')).toBe(true);
    expect(isConsolePath('/dashboard')).toBe(true);
    expect(isConsolePath('/plans')).toBe(false);
    expect(isConsolePath('/visits/abc')).toBe(false);
    expect(isConsolePath('/ledgerish')).toBe(false);
  });
});
