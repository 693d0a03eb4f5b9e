# usage: mkdb.sh name [migrate|foundation]
set -e
psql -q postgres://postgres@127.0.0.1:54329/postgres -c "drop database if exists $1 with (force)" -c "create database $1"
cd /work/main && npx tsx -e "
import { drizzle } from 'drizzle-orm/postgres-js'; import postgres from 'postgres'; import { migrate } from './src/migrate';
const c = postgres('postgres://postgres@127.0.0.1:54329/$1', { max: 1, onnotice: () => {} });
await migrate(drizzle(c) as any, '$2' === 'foundation' ? { systems: [] } : {}); await c.end();"
