import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/**
 * Opens an embedded PGlite database with the extensions the migrations need (vector, citext,
 * pgcrypto). `dataDir` undefined → in memory. PGlite is an optional peer dependency, loaded here only.
 */
export async function openPGlite(
  dataDir?: string,
  options: Omit<PGliteOptions, 'extensions'> = {},
): Promise<PGlite> {
  const { PGlite } = await importOptional<typeof import('@electric-sql/pglite')>('@electric-sql/pglite');
  const extensions = await pgliteExtensions();
  return PGlite.create({ ...options, dataDir, extensions });
}

export const pgliteExtensions = async () => {
  const [{ vector }, { citext }, { pgcrypto }] = await Promise.all([
    importOptional<typeof import('@electric-sql/pglite-pgvector')>('@electric-sql/pglite-pgvector'),
    importOptional<typeof import('@electric-sql/pglite/contrib/citext')>(
      '@electric-sql/pglite/contrib/citext',
    ),
    importOptional<typeof import('@electric-sql/pglite/contrib/pgcrypto')>(
      '@electric-sql/pglite/contrib/pgcrypto',
    ),
  ]);
  return { vector, citext, pgcrypto };
};

async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new Error(
      `${name} is not installed. The embedded database needs it: npm install @electric-sql/pglite@0.5.14 @electric-sql/pglite-pgvector@0.0.15`,
      { cause: error },
    );
  }
}
