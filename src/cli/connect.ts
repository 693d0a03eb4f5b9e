import { existsSync } from 'node:fs';
import type { Database } from '../db';
import { CliError } from './errors';
import type { Progress } from './progress';

export interface Connection {
  db: Database;
  label: string;
  close(): Promise<void>;
}

/** Opens --url (postgres.js) or the embedded PGlite in `dataDir`, with a progress line while PGlite boots. */
export async function connect(
  url: string | undefined,
  dataDir: string,
  progress: Progress,
  options: { mustExist?: boolean } = {},
): Promise<Connection> {
  if (url) {
    const { default: postgres } = await import('postgres').catch(() => {
      throw new CliError('The postgres package is not installed.', 'npm install postgres');
    });
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    const label = redact(url);
    try {
      await client`select 1`;
    } catch (error) {
      await client.end({ timeout: 1 }).catch(() => {});
      const code = (error as { code?: string }).code;
      throw new CliError(
        `Cannot connect to ${label} (${code ?? (error as Error).message}).`,
        'Is the server running and reachable? Check DATABASE_URL / --url (user, password, host, port, database).',
      );
    }
    return { db: drizzle(client), label, close: () => client.end() };
  }
  if (options.mustExist && !existsSync(dataDir)) {
    throw new CliError(
      `No embedded database in ${dataDir}.`,
      'Create it with `org-schema provision` (or `npm start`), or point --data-dir / --url elsewhere.',
    );
  }
  const pg = await progress.step(`opening embedded PGlite in ${dataDir}`, () => openEmbedded(dataDir));
  const { drizzle } = await import('drizzle-orm/pglite');
  return { db: drizzle(pg), label: `embedded PGlite in ${dataDir}`, close: () => pg.close() };
}

export async function openEmbedded(dataDir: string) {
  const { openPGlite } = await import('../embedded');
  try {
    return await openPGlite(dataDir);
  } catch (error) {
    const message = (error as Error).message;
    if (/is not installed/.test(message)) throw new CliError(message);
    throw new CliError(
      `Cannot open the embedded database in ${dataDir} (${message}).`,
      'Is another org-schema process (e.g. `serve`) using it? PGlite allows one process per data directory. ' +
        'If the directory is from an incompatible PGlite version, move it away and run `org-schema provision`.',
    );
  }
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}
