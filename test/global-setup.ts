import { cachedPGliteTemplate, dropPostgresTemplate, preparePostgresTemplate } from '../src/testing';
import { provisionWithPush } from './fixtures/push';

// Migrate once per run (PGlite: once per set of migrations, cached in the OS temp directory); every
// test file's database is started from these templates.
export default async function setup() {
  const t0 = performance.now();
  process.env.ORG_SCHEMA_PGLITE_TEMPLATE = await cachedPGliteTemplate();
  const t1 = performance.now();
  let pgNote = '';
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    // ORG_SCHEMA_PG_PROVISION=push: the template is built the README's push way (push-setup, drizzle-kit push,
    // push-setup) instead of migrate(), so the real-Postgres tests run on a pushed database (.ci/run does it).
    const viaPush = process.env.ORG_SCHEMA_PG_PROVISION === 'push';
    // Named uniquely per run; the name reaches the test workers through ORG_SCHEMA_PG_TEMPLATE.
    await preparePostgresTemplate(url, undefined, viaPush ? provisionWithPush : undefined);
    pgNote = `, postgres template ${viaPush ? 'pushed' : 'migrated'} in ${Math.round(performance.now() - t1)} ms`;
  }
  console.log(`[org-schema] PGlite template ready in ${Math.round(t1 - t0)} ms${pgNote}`);
  return async () => {
    if (url) await dropPostgresTemplate(url);
  };
}
