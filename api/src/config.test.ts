import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ROOT, loadConfig } from './config';

describe('loadConfig', () => {
  it('has sensible defaults anchored at the repository', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe(path.resolve(API_ROOT, '..', 'data'));
    expect(c.webDir).toBe(path.resolve(API_ROOT, '..', 'web', 'build'));
    expect(c.session).toEqual({ idleMs: 12 * 3_600_000, absoluteMs: 7 * 24 * 3_600_000 });
    expect(c.trustProxy).toBe(false);
    expect(c.seedDemo).toBe(true);
    expect(c.databasePoolMax).toBe(10);
  });

  it('reads the environment', () => {
    const c = loadConfig({
      PORT: '8080',
      DATA_DIR: 'rel/data',
      DATABASE_URL: 'postgres://x@y/z',
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_AGE_HOURS: '24',
      TRUST_PROXY: '1',
      SEED_DEMO: '0',
    });
    expect(c).toMatchObject({
      port: 8080,
      dataDir: path.resolve('rel/data'),
      databaseUrl: 'postgres://x@y/z',
      session: { idleMs: 30 * 60_000, absoluteMs: 24 * 3_600_000 },
      trustProxy: true,
      seedDemo: false,
    });
  });

  it('refuses nonsense with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it('reads the PostgreSQL pool size within 1–200', () => {
    expect(loadConfig({ DATABASE_POOL_MAX: '1' }).databasePoolMax).toBe(1);
    expect(loadConfig({ DATABASE_POOL_MAX: '30' }).databasePoolMax).toBe(30);
    expect(loadConfig({ DATABASE_POOL_MAX: '200' }).databasePoolMax).toBe(200);
  });

  it.each(['0', '201', '-5', '2.5', 'ten', ''])('refuses DATABASE_POOL_MAX=%j clearly', (value) => {
    expect(() => loadConfig({ DATABASE_POOL_MAX: value })).toThrow(
      'DATABASE_POOL_MAX: must be a whole number from 1 to 200',
    );
  });
});
