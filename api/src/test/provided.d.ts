import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    backend: 'pglite' | 'postgres';
    /** Server to create the per-run test database on (postgres project only). */
    pgAdminUrl: string;
    /** The per-run database created by postgres.global-setup.ts. */
    pgTestUrl: string;
  }
}
