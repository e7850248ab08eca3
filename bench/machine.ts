import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';

export interface Machine {
  cores: number;
  ramGiB: number;
  cpu: string;
  node: string;
  postgres: string | null;
  /** 1-minute load average when measured: other work on a small machine skews the tails. */
  load: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export async function describeMachine(pgUrl: string | null): Promise<Machine> {
  let postgres: string | null = null;
  if (pgUrl) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    const { rows } = await client.query<{ v: string }>(
      "select current_setting('server_version') v",
    );
    postgres = `PostgreSQL ${rows[0]!.v.split(' ')[0]}`;
    await client.end();
  }
  return {
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpu: cpuModel(),
    node: process.version,
    postgres,
    load: Math.round(os.loadavg()[0]! * 10) / 10,
  };
}

/** One line for the results table; `database` defaults to the PostgreSQL that was measured. */
export function machineLabel(m: Machine, database = m.postgres ?? 'no database'): string {
  return `${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.cpu}, Node ${m.node}, ${database}; load avg ${m.load}`;
}
