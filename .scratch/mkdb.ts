import { drizzle } from 'drizzle-orm/postgres-js'; import postgres from 'postgres'; import { migrate } from '../src/migrate';
const [name, mode] = process.argv.slice(2);
const a = postgres('postgres://postgres@127.0.0.1:54329/postgres', { max: 1, onnotice: () => {} });
await a.unsafe(`drop database if exists ${name} with (force)`); await a.unsafe(`create database ${name}`); await a.end();
const c = postgres(`postgres://postgres@127.0.0.1:54329/${name}`, { max: 1, onnotice: () => {} });
if (mode !== 'none') await migrate(drizzle(c) as any, mode === 'foundation' ? { systems: [] } : {}); await c.end();
