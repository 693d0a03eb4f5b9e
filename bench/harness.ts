// Cost of a fresh migrated PGlite database: migrating from scratch (the baseline), loading the
// dumped template (what each test file does), and clone() of an in-memory template.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { openPGlite, pgliteExtensions } from '../src/embedded';
import { migrate } from '../src/migrate';
import { writePGliteTemplate } from '../src/testing';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(runs: number, fn: () => Promise<void>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

export async function benchHarness(runs = 3): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-harness-'));
  const file = join(dir, 'template.tar');
  const fresh = await time(runs, async () => {
    const pg = await openPGlite();
    await migrate(drizzle(pg));
    await pg.close();
  });
  await writePGliteTemplate(file);
  const bytes = await readFile(file);
  const extensions = await pgliteExtensions();
  const load = await time(runs, async () => {
    const pg = await PGlite.create({ loadDataDir: new Blob([bytes]), extensions });
    await pg.query('select 1');
    await pg.close();
  });
  const template = await PGlite.create({ loadDataDir: new Blob([bytes]), extensions });
  const clone = await time(runs, async () => {
    const pg = await template.clone();
    await pg.query('select 1');
    await pg.close();
  });
  await template.close();
  await rm(dir, { recursive: true, force: true });
  return { freshMigrateMs: fresh, loadTemplateMs: load, cloneMs: clone, templateBytes: bytes.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchHarness();
  console.log(r);
  console.log(
    `load/fresh ratio ${(r.loadTemplateMs! / r.freshMigrateMs!).toFixed(3)}, clone/fresh ${(r.cloneMs! / r.freshMigrateMs!).toFixed(3)}`,
  );
}
