// The generated ER diagram pages (scripts/erd.ts) and the render check of `npm run docs:check`
// (scripts/erd-render.ts): hubs, stubs and listed tables on a small schema; every reference-page table
// linked to its neighbourhood diagram; and the render check refusing a diagram that does not parse,
// draws too many entities or is too wide, in the same headless Chromium as CI.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AnyPgColumn,
  getTableConfig,
  integer,
  type PgTable,
  pgTable,
  serial,
  text,
} from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { diagramsOf, erdPages, FULL_COLUMNS_LIMIT, MAX_ENTITIES, MAX_WIDTH } from '../../scripts/erd';
import { CHROMIUM, renderDiagrams, renderProblems } from '../../scripts/erd-render';
import { backend } from '../support';

const root = join(import.meta.dirname, '..', '..');

// ---------- a small schema: a hub referenced by 9 tables, a line, tables without references ----------
const users = pgTable('users', { id: serial('id').primaryKey() });
const settings = pgTable('settings', { key: text('key').primaryKey() });
const parents = pgTable('parents', {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
});
const children = pgTable('children', {
  id: serial('id').primaryKey(),
  parentId: integer('parent_id')
    .notNull()
    .references(() => parents.id),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
});
const owned = Array.from({ length: 7 }, (_, i) =>
  pgTable(`owned_${i + 1}`, {
    id: serial('id').primaryKey(),
    userId: integer('user_id').references(() => users.id),
  }),
);
const notes = pgTable('notes', { id: serial('id').primaryKey() });
const tags = pgTable('tags', { id: serial('id').primaryKey() });
const files = pgTable('files', { id: serial('id').primaryKey() });
const logs = pgTable('logs', { id: serial('id').primaryKey() });

const demo = erdPages({
  name: 'demo',
  tables: (
    [
      [users, 'core'],
      [settings, 'core'],
      [parents, 'things'],
      [children, 'things'],
      ...owned.map((t) => [t, 'things'] as const),
      [notes, 'lonely'],
      [tags, 'spare'],
      [files, 'archive'],
      [logs, 'audit'],
    ] as [PgTable, string][]
  ).map(([table, module]) => ({ table, config: getTableConfig(table), module })),
});
const page = (rel: string) => {
  const text = demo.pages.get(rel);
  if (text === undefined) throw new Error(`no page ${rel}: ${[...demo.pages.keys()].join(', ')}`);
  return text;
};
/** The diagram under a heading (`(top)` = before the first one below the title). */
const diagramUnder = (rel: string, heading: string) =>
  diagramsOf(page(rel)).find((d) => d.heading === heading)?.text;

describe('ER diagram pages', () => {
  it('writes an overview, one page per module and one per hub, and nothing else', () => {
    expect([...demo.pages.keys()].sort()).toEqual([
      'erd/demo.md',
      'erd/demo/archive.md',
      'erd/demo/audit.md',
      'erd/demo/core.md',
      'erd/demo/hub-users.md',
      'erd/demo/lonely.md',
      'erd/demo/spare.md',
      'erd/demo/things.md',
    ]);
  });

  it('draws a hub of another module as "→ users" in the column, not as a line or a box', () => {
    const d = diagramUnder('erd/demo/things.md', 'demo · things')!;
    expect(d.split('\n')).toEqual([
      'erDiagram',
      '    parents {',
      '        serial id PK',
      '        integer user_id FK "→ users"',
      '    }',
      '    children {',
      '        serial id PK',
      '        integer parent_id FK',
      '        integer user_id FK "→ users"',
      '    }',
      '    parents ||--o{ children : "parent_id"',
    ]);
  });

  it('lists the tables without a drawn reference under the module diagram, not in it', () => {
    const text = page('erd/demo/things.md');
    for (let i = 1; i <= 7; i++) {
      expect(text).toContain(`- [owned_${i}](#owned_${i}): user_id → [users](hub-users.md)\n`);
      expect(diagramUnder('erd/demo/things.md', 'demo · things')).not.toContain(`owned_${i}`);
    }
    expect(page('erd/demo/core.md')).toContain('No module diagram');
    expect(diagramUnder('erd/demo/core.md', 'demo · core')).toBeUndefined();
  });

  it("gives the hub its own page listing every referencing column, and the hub's section links it", () => {
    const hub = page('erd/demo/hub-users.md');
    expect(hub).toContain('is referenced by 9 tables in 1 module');
    expect(hub).toContain(
      `- [things](things.md): [parents](things.md#parents).user_id, [children](things.md#children).user_id, ${owned
        .map((_, i) => `[owned_${i + 1}](things.md#owned_${i + 1}).user_id`)
        .join(', ')}\n`,
    );
    expect(page('erd/demo/core.md')).toContain(
      'is a hub: referenced by 9 tables, listed on [its page](hub-users.md)',
    );
    // The hub's neighbourhood does not draw its 9 referrers.
    expect(diagramUnder('erd/demo/core.md', 'users')).toBe(
      'erDiagram\n    users {\n        serial id PK\n    }',
    );
  });

  it("draws each table's neighbourhood: itself with columns, its neighbours as name-only stubs", () => {
    expect(diagramUnder('erd/demo/things.md', 'parents')!.split('\n')).toEqual([
      'erDiagram',
      '    parents {',
      '        serial id PK',
      '        integer user_id FK',
      '    }',
      '    users["users (core)"] {',
      '    }',
      '    children["children (things)"] {',
      '    }',
      '    users ||--o{ parents : "user_id"',
      '    parents ||--o{ children : "parent_id"',
    ]);
    expect(demo.neighbourhoodOf({ table: parents, config: getTableConfig(parents), module: 'things' })).toBe(
      'erd/demo/things.md#parents',
    );
  });

  it('overview: modules and the references between them; 4 modules without any share one box', () => {
    expect(diagramUnder('erd/demo.md', 'demo: entity-relationship diagrams')!.split('\n')).toEqual([
      'flowchart TB',
      '    g_1["4 modules without references to other modules:<br/>archive (1) · audit (1) · lonely (1) · spare (1)"]',
      '    m_core["core · 2 tables · hub users"]',
      '    m_things["things · 9 tables"]',
      '    m_things -->|"9"| m_core',
    ]);
  });
});

describe('a module diagram with more than FULL_COLUMNS_LIMIT tables', () => {
  const link = (i: number, prev?: { id: AnyPgColumn }) =>
    pgTable(`link_${i}`, {
      id: serial('id').primaryKey(),
      prevId: prev ? integer('prev_id').references(() => prev.id) : integer('prev_id'),
      note: text('note'),
    });
  const chain = [link(0)];
  for (let i = 1; i <= FULL_COLUMNS_LIMIT; i++) chain.push(link(i, chain[i - 1]));
  const pages = erdPages({
    name: 'chain',
    tables: chain.map((table) => ({ table, config: getTableConfig(table), module: 'links' })),
  });
  const linksPage = pages.pages.get('erd/chain/links.md')!;
  const diagrams = diagramsOf(linksPage);

  it("shows key columns only; each table's neighbourhood keeps all its columns", () => {
    const moduleDiagram = diagrams.find((d) => d.heading === 'chain · links')!.text;
    expect(moduleDiagram).toContain(
      '    link_1 {\n        serial id PK\n        integer prev_id FK "null"\n    }',
    );
    expect(moduleDiagram).not.toContain('note');
    expect(linksPage).toContain(`key columns only (more than ${FULL_COLUMNS_LIMIT} tables)`);
    expect(diagrams.find((d) => d.heading === 'link_1')!.text).toContain('        text note "null"\n');
  });
});

describe('a neighbourhood with three or more neighbours on one side', () => {
  const hubless = pgTable('orders', { id: serial('id').primaryKey() });
  const lines = [1, 2, 3].map((i) =>
    pgTable(`line_${i}`, {
      id: serial('id').primaryKey(),
      orderId: integer('order_id').references(() => hubless.id),
    }),
  );
  const pages = erdPages({
    name: 'shop',
    tables: [hubless, ...lines].map((table) => ({ table, config: getTableConfig(table), module: 'sales' })),
  });
  const diagrams = diagramsOf(pages.pages.get('erd/shop/sales.md')!);

  it('is drawn left to right, so the neighbours stack instead of standing in a row', () => {
    expect(diagrams.find((d) => d.heading === 'orders')!.text).toMatch(/^erDiagram\n {4}direction LR\n/);
    expect(diagrams.find((d) => d.heading === 'line_1')!.text).not.toContain('direction');
  });
});

// ---------- the committed pages (kept fresh by docs:check) ----------
const systems = readdirSync(join(root, 'docs', 'reference'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));

describe('reference pages', () => {
  it.each(systems)('%s: every table section links to its neighbourhood diagram, which exists', (system) => {
    const lines = readFileSync(join(root, 'docs', 'reference', `${system}.md`), 'utf8').split('\n');
    const tables = lines.flatMap((l, i) => (/^### `[^`]+\.[^`]+`$/.test(l) ? [i] : []));
    expect(tables.length).toBeGreaterThan(0);
    for (const i of tables) {
      const link = /^Diagram: \[neighbourhood\]\(\.\.\/(erd\/[^#)]+)#([^)]+)\)\.$/.exec(lines[i + 2] ?? '');
      expect(link, `${system}: ${lines[i]}`).not.toBeNull();
      const target = join(root, 'docs', link![1]!);
      expect(existsSync(target)).toBe(true);
      const headings = readFileSync(target, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('### '))
        .map((l) => l.slice(4).toLowerCase());
      expect(headings).toContain(link![2]);
    }
  });
});

// ---------- the render check (headless Chromium, as docs:check runs it) ----------
/** n entities in a chain (t0 → t1 → …), so that they stack, or unlinked (one row). */
const entities = (n: number, linked = true) =>
  [
    'erDiagram',
    ...Array.from({ length: n }, (_, i) => `    t${i} {\n        int id PK\n    }`),
    ...(linked ? Array.from({ length: n - 1 }, (_, i) => `    t${i} ||--o{ t${i + 1} : "id"`) : []),
  ].join('\n');

describe.runIf(backend === 'pglite')('render check', () => {
  it('refuses a diagram that does not parse, has more than 15 entities or is wider than 2,400 px', async () => {
    const wide = `erDiagram\n    a {\n        text ${'x'.repeat(400)}\n    }\n    b {\n        int id PK\n    }\n    a ||--o{ b : "id"`;
    const results = await renderDiagrams([
      { id: 'ok', text: entities(2) },
      { id: 'broken', text: 'erDiagram\n    a ||--o{' },
      { id: 'limit', text: entities(MAX_ENTITIES) },
      { id: 'crowded', text: entities(MAX_ENTITIES + 1) },
      { id: 'wide', text: wide },
      { id: 'row', text: entities(MAX_ENTITIES, false) },
      { id: 'flowchart', text: 'flowchart TB\n    a["one<br/>two"]\n    b["three"]\n    c\n    a --> b' },
    ]);
    expect(results.map((r) => [r.id, r.entities])).toEqual([
      ['ok', 2],
      ['broken', 0],
      ['limit', MAX_ENTITIES],
      ['crowded', MAX_ENTITIES + 1],
      ['wide', 2],
      ['row', MAX_ENTITIES],
      ['flowchart', 3],
    ]);
    expect(results.find((r) => r.id === 'wide')!.width).toBeGreaterThan(MAX_WIDTH);
    const problems = renderProblems(results, { maxEntities: MAX_ENTITIES, maxWidth: MAX_WIDTH });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['broken', 'crowded', 'wide', 'row']);
    expect(problems[1]).toBe(`crowded: ${MAX_ENTITIES + 1} entities (limit ${MAX_ENTITIES})`);
    expect(problems[0]).toMatch(/^broken: does not render: /);
    expect(problems[2]).toMatch(/^wide: \d+ px wide \(limit 2400\)$/);
    expect(problems[3]).toMatch(/^row: \d+ px wide \(limit 2400\)$/);
  });

  it('says so and fails when there is no browser, instead of skipping', async () => {
    await expect(renderDiagrams([{ id: 'ok', text: entities(1) }], '/nonexistent/chromium')).rejects.toThrow(
      'no browser at /nonexistent/chromium: the diagram render check needs Chromium',
    );
    expect(existsSync(CHROMIUM)).toBe(true);
  });
});
