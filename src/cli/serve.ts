import { openEmbedded } from './connect';
import { CliError } from './errors';
import type { Progress } from './progress';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  maxConnections: number;
  progress: Progress;
}

/**
 * Serves the embedded PGlite (vector, citext, pgcrypto loaded) over the Postgres wire protocol until
 * SIGINT/SIGTERM, then closes PGlite so its data directory is flushed.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket').catch(() => {
    throw new CliError(
      '@electric-sql/pglite-socket is not installed; `serve` needs it.',
      'npm install @electric-sql/pglite-socket@0.2.17',
    );
  });
  const pg = await options.progress.step(`opening embedded PGlite in ${options.dataDir}`, () =>
    openEmbedded(options.dataDir),
  );
  const server = new PGLiteSocketServer({
    db: pg,
    host: options.host,
    port: options.port,
    maxConnections: options.maxConnections,
  });
  try {
    await server.start();
  } catch (error) {
    await pg.close().catch(() => {});
    throw error;
  }
  const [host, port] = server.getServerConn().split(/:(?=\d+$)/);
  const url = `postgres://postgres@${host}:${port}/postgres`;
  const migrated = (
    await pg.query<{ t: string | null }>(
      "select to_regclass('drizzle.__drizzle_migrations_foundation')::text as t",
    )
  ).rows[0]?.t;
  // stdout: the URL first, on its own line, so scripts (and the tests) can read it.
  process.stdout.write(`${url}\n`);
  options.progress.info(
    [
      `Serving ${options.dataDir} on ${host}:${port} (max ${options.maxConnections} connections; Ctrl-C to stop).`,
      migrated
        ? ''
        : '  Note: this database has no migrations applied yet: run `org-schema provision` first\n' +
          '  (or provision it with push: org-schema push-setup, drizzle-kit push, org-schema push-setup).',
      `  psql "${url}?sslmode=disable"`,
      `  DATABASE_URL="${url}" npx drizzle-kit studio`,
      // Never push to a migrated database: push is not a no-op there (README, "drizzle-kit push").
      `  DATABASE_URL="${url}" npx org-schema status`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  options.progress.info('Stopping: closing connections and flushing the data directory …');
  await server.stop();
  await pg.close();
  return 0;
}
