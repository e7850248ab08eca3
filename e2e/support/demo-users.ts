// Demo accounts the API seeds into an empty database (see the README).
export const DEMO_PASSWORD = 'Ducha@2026';

export const demoUsers = {
  inspector: { username: 'inspector', password: DEMO_PASSWORD },
  leader: { username: 'leader', password: DEMO_PASSWORD },
  supervisor: { username: 'supervisor', password: DEMO_PASSWORD },
  admin: { username: 'admin', password: DEMO_PASSWORD },
} as const;

export type DemoUser = (typeof demoUsers)[keyof typeof demoUsers];
