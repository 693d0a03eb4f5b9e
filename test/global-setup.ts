import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPostgresTemplate, preparePostgresTemplate, writePGliteTemplate } from '../src/testing';

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
    process.env.ORG_SCHEMA_PG_TEMPLATE = `org_schema_template_${randomBytes(4).toString('hex')}`;
    await preparePostgresTemplate(url);
    pgNote = `, postgres template ${Math.round(performance.now() - t1)} ms`;
  }
  console.log(`[org-schema] PGlite template migrated in ${Math.round(t1 - t0)} ms${pgNote}`);
  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (url) await dropPostgresTemplate(url);
  };
}
