// Shared helpers for the real-PostgreSQL benchmarks: a scratch database per benchmark (dropped
// afterwards), medians, load average.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database } from '../src/db';
import { migrate } from '../src/migrate';
import type { SystemName } from '../src/systems';

export const benchUrl = () => process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface BenchDb {
  url: string;
  name: string;
  /** A drizzle database over a postgres.js pool of `max` connections; closed by drop(). */
  open(max: number): { db: Database; sql: postgres.Sql; close(): Promise<void> };
  drop(): Promise<void>;
}

/** Creates a database on the server (migrated for `systems`, or empty when `systems` is []). */
export async function createBenchDb(prefix: string, systems?: SystemName[]): Promise<BenchDb> {
  const server = benchUrl();
  if (!server) throw new Error('set TEST_DATABASE_URL (or BENCH_DATABASE_URL) to a PostgreSQL server');
  // BENCH_DB_PREFIX: whose scratch databases these are, on a shared server.
  const name = `${process.env.BENCH_DB_PREFIX ?? 'bench'}_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(server, name);
  const clients: postgres.Sql[] = [];
  const open = (max: number) => {
    const sql = postgres(url, { max, onnotice: () => {} });
    clients.push(sql);
    return { db: drizzle(sql) as unknown as Database, sql, close: () => sql.end() };
  };
  if (!systems || systems.length > 0) {
    const m = open(1);
    await migrate(m.db, systems ? { systems } : {});
    await m.close();
  }
  return {
    url,
    name,
    open,
    drop: async () => {
      await Promise.all(clients.map((c) => c.end({ timeout: 1 }).catch(() => {})));
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const runs = () => Number(process.env.BENCH_RUNS ?? 3);
