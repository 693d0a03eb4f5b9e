import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPostgresTemplate, preparePostgresTemplate, writePGliteTemplate } from '../src/testing';
import { provisionWithPush } from './fixtures/push';

// Migrate once per run; every test file clones from these templates.
export default async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'org-schema-test-'));
  const file = join(dir, 'pglite-template.tar');
  const t0 = performance.now();
  await writePGliteTemplate(file);
  process.env.ORG_SCHEMA_PGLITE_TEMPLATE = file;
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
  console.log(`[org-schema] PGlite template migrated in ${Math.round(t1 - t0)} ms${pgNote}`);
  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (url) await dropPostgresTemplate(url);
  };
}
