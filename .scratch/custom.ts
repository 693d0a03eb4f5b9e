import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrationSets } from '../src/systems';
const canonical = (v: unknown): string => Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}` : JSON.stringify(v);
for (const set of migrationSets) {
  const dir = join('drizzle', set.name);
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8'));
  const snaps = readdirSync(join(dir, 'meta')).filter((f) => f.endsWith('_snapshot.json'));
  const shape = (idx: number) => { const f = snaps.find((x) => x.startsWith(`${String(idx).padStart(4, '0')}_`)); if (!f) return undefined; const { id, prevId, ...rest } = JSON.parse(readFileSync(join(dir, 'meta', f), 'utf8')); return canonical(rest); };
  for (const e of journal.entries) {
    const custom = set.name === 'foundation' || (e.idx > 0 && shape(e.idx) === shape(e.idx - 1));
    const text = readFileSync(join(dir, `${e.tag}.sql`), 'utf8');
    const kinds = new Map<string, number>();
    for (const s of text.split('--> statement-breakpoint')) { const t = s.replace(/--.*$/gm, '').trim(); if (!t) continue; const k = t.split(/\s+/).slice(0, 3).join(' ').replace(/"[^"]*"|\S+\.\S+/g, 'X'); kinds.set(k, (kinds.get(k) ?? 0) + 1); }
    console.log(set.name, e.tag, custom ? 'CUSTOM' : 'gen', [...kinds].map(([k, n]) => `${k}×${n}`).join('; ').slice(0, 300));
  }
}
