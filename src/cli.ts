#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Connection, connect } from './cli/connect';
import { CliError, explain } from './cli/errors';
import { createProgress, type Progress } from './cli/progress';
import { databaseStatus, formatStatus, formatTables, tableCounts } from './cli/status';
import type { Database } from './db';
import { migrate, preparePush } from './migrate';
import { seed } from './seed';
import { migrationSets, type SystemName } from './systems';

const COMMON = `Options:
  --url <postgres-url>   a PostgreSQL server (default: $DATABASE_URL, else the embedded PGlite in --data-dir)
  --data-dir <dir>       embedded PGlite directory (default: ./.data)
  --verbose              show stack traces on errors
  -h, --help             help (also: org-schema <command> --help)`;

const HELP: Record<string, string> = {
  '': `org-schema — provision and inspect @org/schema databases

Usage: org-schema [command] [options]

Commands:
  provision   apply migrations, load reference data, print a summary (the default; what \`npm start\` runs)
  migrate     apply pending migrations only
  seed        load reference data only (idempotent)
  status      tables and row counts per schema, applied/pending migrations, extensions; exit 3 if migrations are pending
  push-setup  before and after \`drizzle-kit push\`: what push cannot create (extensions, functions, triggers, grants)
  serve       expose the embedded PGlite over the Postgres wire protocol (psql, drizzle-kit studio/push)

${COMMON}

Exit codes: 0 ok, 1 error, 2 bad usage, 3 (status) migrations pending.
`,
  provision: `org-schema provision — apply every pending migration, load the reference data, print a summary.
Idempotent: a second run reports "Already up to date: nothing changed".

Usage: org-schema provision [options]

${COMMON}
`,
  migrate: `org-schema migrate — apply the pending migrations (foundation first, then each system).

Usage: org-schema migrate [options]

${COMMON}
`,
  seed: `org-schema seed — load the documented reference data (upserts; rows added by users are kept).
Needs the migrations applied.

Usage: org-schema seed [options]

${COMMON}
`,
  status: `org-schema status — per Postgres schema: tables and row counts; applied and pending migrations per
system; extensions present. Changes nothing. Exit code 3 when migrations are pending.

Usage: org-schema status [options]

  --all                  list every table with its row count, not only the non-empty ones
  --json                 print the status as JSON on stdout
${COMMON}
`,
  'push-setup': `org-schema push-setup — run it before AND after \`drizzle-kit push\` (config: pushConfig() from
'@org/schema/push'). Before: the foundation (extensions, Supabase roles and auth.users, the updated_at
function), each system's Postgres schemas, and the sequences and functions its column defaults call.
After: takes the pushed tables into migration tracking — checks them against this version, adds the
triggers, functions, grants and RLS policy expressions push cannot create, records every migration —
so that later upgrades go through \`org-schema migrate\` (never push twice: see README).
Idempotent; systems already migrated are left alone.

Usage: org-schema push-setup [options]

${COMMON}
`,
  serve: `org-schema serve — serve the embedded PGlite database (vector, citext, pgcrypto loaded) on a local port
over the Postgres wire protocol, until Ctrl-C. Prints the connection URL on stdout.

Usage: org-schema serve [options]

  --port <n>             port (default: 5432 is often taken, so 54320; 0 = any free port)
  --host <addr>          interface (default: 127.0.0.1)
  --max-connections <n>  concurrent client connections, multiplexed onto PGlite's one (default: 10)
  --data-dir <dir>       embedded PGlite directory (default: ./.data)
  --verbose              show stack traces on errors
  -h, --help             this help

PGlite allows one process per data directory: stop \`serve\` before running other commands on
--data-dir, or point them at the served database with --url.
`,
};

const COMMANDS = ['provision', 'migrate', 'seed', 'status', 'push-setup', 'serve'] as const;
type Command = (typeof COMMANDS)[number];

async function runMigrations(db: Database, progress: Progress): Promise<number> {
  let total = 0;
  // One step per migration set, so a first run (the slow one) shows where it is.
  for (const set of migrationSets) {
    const systems = set.name === 'foundation' ? [] : [set.name as SystemName];
    const result = await progress.step(
      `migrations ${set.name}`,
      () => migrate(db, { systems }),
      (r) => `${r.applied[set.name] ?? 0} applied`,
    );
    total += result.applied[set.name] ?? 0;
  }
  return total;
}

async function runSeed(db: Database, progress: Progress): Promise<number> {
  const report = await progress.step(
    'reference data',
    () => seed(db),
    (r) => {
      const changed = Object.entries(r).filter(([, n]) => n > 0);
      const sum = changed.reduce((s, [, n]) => s + n, 0);
      return `${sum} rows inserted or updated${changed.length ? ` (${changed.map(([t, n]) => `${t} ${n}`).join(', ')})` : ''}`;
    },
  );
  return Object.values(report).reduce((s, n) => s + n, 0);
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${name} must be a non-negative integer, got "${value}".`, undefined, 2);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`org-schema: ${(error as Error).message}\n\n${HELP['']}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = (positionals[0] ?? 'provision') as Command;
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`org-schema: unknown command "${command}".\n\n${HELP['']}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(positionals[0] ? HELP[command]! : HELP['']!);
    return 0;
  }
  const url = values.url ?? process.env.DATABASE_URL;
  const dataDir = resolve(values['data-dir']!);
  const progress = createProgress(process.stderr, Boolean(values.json));
  const started = performance.now();
  let conn: Connection | undefined;
  try {
    if (command === 'serve') {
      if (values.url)
        throw new CliError('`serve` serves the embedded database; --url makes no sense here.', undefined, 2);
      return await serveCommand(values, dataDir, progress);
    }
    conn = await connect(url, dataDir, progress, { mustExist: command === 'status' || command === 'seed' });
    progress.info(`org-schema ${command}: ${conn.label}`);
    if (command === 'status') {
      const status = await progress.step('reading catalog', () => databaseStatus(conn!.db));
      process.stdout.write(
        values.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status, values.all)}\n`,
      );
      if (status.pendingTotal > 0) {
        progress.info(
          `${status.pendingTotal} migration(s) pending: run \`org-schema migrate\` (or provision).`,
        );
        return 3;
      }
      return 0;
    }
    if (command === 'push-setup') {
      const r = await progress.step('push setup', () => preparePush(conn!.db));
      process.stdout.write(
        `${[
          r.prepared.length ? `ready for drizzle-kit push: ${r.prepared.join(', ')}` : '',
          r.adopted.length ? `pushed tables adopted into migration tracking: ${r.adopted.join(', ')}` : '',
          r.tracked.length ? `already tracked by migrate (left alone): ${r.tracked.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('\n')}\n`,
      );
      return 0;
    }
    let changed = 0;
    if (command !== 'seed') changed += await runMigrations(conn.db, progress);
    if (command !== 'migrate') changed += await runSeed(conn.db, progress);
    if (command === 'provision') process.stdout.write(`${formatTables(await tableCounts(conn.db))}\n`);
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      changed === 0 ? `Already up to date: nothing changed (${ms} ms).\n` : `Done in ${ms} ms.\n`,
    );
    return 0;
  } catch (error) {
    const { message, hint } = explain(error);
    process.stderr.write(`org-schema ${command} failed: ${message}\n`);
    if (hint) process.stderr.write(`  what to do: ${hint}\n`);
    if (values.verbose && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else if (!(error instanceof CliError))
      process.stderr.write('  (run with --verbose for the stack trace)\n');
    return error instanceof CliError ? error.exitCode : 1;
  } finally {
    await conn?.close().catch(() => {});
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string', default: './.data' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'max-connections': { type: 'string' },
    },
  });
}

async function serveCommand(
  values: ReturnType<typeof parse>['values'],
  dataDir: string,
  progress: Progress,
): Promise<number> {
  const { serve } = await import('./cli/serve');
  return serve({
    dataDir,
    host: values.host!,
    port: intOption(values.port, 'port', 54320),
    maxConnections: intOption(values['max-connections'], 'max-connections', 10),
    progress,
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
