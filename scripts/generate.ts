// `npm run db:generate`: drizzle-kit generate for every migration set (one folder per system).
// `npm run db:check`:    fails when src/ and drizzle/ disagree, i.e. when generate would write a migration.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationSets } from '../src/systems';

const check = process.argv.includes('--check');
const only = process.argv.find((a) => a.startsWith('--set='))?.slice(6);
const name = process.argv.find((a) => a.startsWith('--name='))?.slice(7);
const files = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
    : [];

let stale = 0;
for (const set of migrationSets) {
  if (only && set.name !== only) continue;
  const folder = join('drizzle', set.name);
  const out = check ? join(mkdtempSync(join(tmpdir(), 'db-check-')), set.name) : folder;
  if (check && existsSync(folder)) cpSync(folder, out, { recursive: true });
  const args = ['drizzle-kit', 'generate', ...(name && !check ? [`--name=${name}`] : [])];
  const output = execFileSync('npx', args, {
    env: { ...process.env, DRIZZLE_SET: set.name, DRIZZLE_OUT: out },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const added = files(out).filter((f) => !files(folder).includes(f) || !check);
  if (check) {
    const extra = files(out).filter((f) => !files(folder).includes(f));
    if (extra.length > 0) {
      stale++;
      console.error(
        `✗ ${set.name}: src/ has changes with no migration (generate would write ${extra.join(', ')})`,
      );
    } else console.log(`✓ ${set.name}: migrations match the schema`);
    rmSync(join(out, '..'), { recursive: true, force: true });
  } else {
    const made = /migration file ➜ (\S+)/.exec(output)?.[1];
    console.log(made ? `+ ${set.name}: ${made}` : `= ${set.name}: no changes (${added.length} migrations)`);
  }
}
if (stale > 0) {
  console.error('Run `npm run db:generate` and commit drizzle/.');
  process.exit(1);
}
