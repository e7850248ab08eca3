import type { Role } from '@ducha/shared';

export type AppPath =
  | '/plans'
  | '/search'
  | '/review'
  | '/ledger'
  | '/dashboard'
  | '/planning'
  | '/templates'
  | '/units'
  | '/admin';

export interface NavItem {
  path: AppPath;
  /** Key of the Paraglide message that names the item. */
  label:
    | 'nav_plans'
    | 'search_nav'
    | 'nav_review'
    | 'nav_ledger'
    | 'nav_dashboard'
    | 'nav_planning'
    | 'nav_templates'
    | 'nav_units'
    | 'nav_admin';
}

const ITEMS: readonly (NavItem & { roles: readonly Role[] })[] = [
  {
    path: '/plans',
    label: 'nav_plans',
    roles: ['inspector', 'team_leader', 'supervisor', 'admin'],
  },
  // Searches only what this device holds, so every role may open it.
  {
    path: '/search',
    label: 'search_nav',
    roles: ['inspector', 'team_leader', 'supervisor', 'admin'],
  },
  // The supervisor's console: the same app, laid out for a wide screen.
  { path: '/review', label: 'nav_review', roles: ['team_leader', 'supervisor'] },
  { path: '/ledger', label: 'nav_ledger', roles: ['inspector', 'team_leader', 'supervisor'] },
  { path: '/dashboard', label: 'nav_dashboard', roles: ['team_leader', 'supervisor'] },
  { path: '/planning', label: 'nav_planning', roles: ['team_leader', 'supervisor'] },
  { path: '/templates', label: 'nav_templates', roles: ['supervisor', 'admin'] },
  { path: '/units', label: 'nav_units', roles: ['supervisor', 'admin'] },
  { path: '/admin', label: 'nav_admin', roles: ['admin'] },
];

/** What the main navigation offers a role. The server still checks every request. */
export function navItemsFor(role: Role): NavItem[] {
  return ITEMS.filter((item) => item.roles.includes(role)).map(({ path, label }) => ({
    path,
    label,
  }));
}

/** Whether a role's navigation includes the section `pathname` belongs to. */
export function canOpen(role: Role, pathname: string): boolean {
  const item = ITEMS.find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`));
  return item ? item.roles.includes(role) : true;
}

/**
 * Where the app should send the visitor instead of `pathname`, or null to stay. Signed-out
 * visitors go to /login; signed-in ones skip /login and / for 我的计划.
 */
export function redirectFor(pathname: string, signedIn: boolean): '/login' | '/plans' | null {
  if (!signedIn) return pathname === '/login' ? null : '/login';
  return pathname === '/login' || pathname === '/' ? '/plans' : null;
}

const CONSOLE_SECTIONS: readonly AppPath[] = [
  '/review',
  '/ledger',
  '/dashboard',
  '/planning',
  '/templates',
  '/units',
  '/admin',
];

/** Console sections are tables and charts for a desktop browser: they get the wide layout. */
export function isConsolePath(pathname: string): boolean {
  return CONSOLE_SECTIONS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
