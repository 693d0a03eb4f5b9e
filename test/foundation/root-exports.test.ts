import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTableRelationsHelpers,
  type ExtractTablesWithRelations,
  extractTablesRelationalConfig,
  is,
  sql,
  Table,
  View,
} from 'drizzle-orm';
import { getTableConfig, getViewConfig, type PgTable, type PgView } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as root from '../../src';
import { useTestDb } from '../support';

// The root's flat table exports and combined schema (README "Root imports").
const order = ['portal', 'quorum', 'cortex', 'bottleneck', 'ownpilot', 'messaging', 'research'] as const;
const systems = {
  portal: root.portal,
  quorum: root.quorum,
  cortex: root.cortex,
  bottleneck: root.bottleneck,
  ownpilot: root.ownpilot,
  messaging: root.messaging,
  research: root.research,
};
const systemTables = (s: (typeof order)[number]) =>
  systems[s].tables as unknown as Record<string, Table | View>;
const cap = (k: string) => `${k[0]!.toUpperCase()}${k.slice(1)}`;
const sqlName = (v: Table | View) =>
  is(v, View)
    ? `${getViewConfig(v as PgView).schema}.${getViewConfig(v as PgView).name}`
    : `${getTableConfig(v as PgTable).schema}.${getTableConfig(v as PgTable).name}`;
const exported = root as unknown as Record<string, unknown>;

/** The names several systems share, the system that owns the bare name, and the prefixed names. */
const shared = {
  tasks: ['portal', ['portalTasks', 'ownpilotTasks']],
  leads: ['portal', ['portalLeads', 'bottleneckLeads']],
  sessions: ['quorum', ['quorumSessions', 'bottleneckSessions']],
  userPreferences: ['quorum', ['quorumUserPreferences', 'bottleneckUserPreferences']],
  users: ['bottleneck', ['bottleneckUsers', 'researchUsers']],
  contacts: ['ownpilot', ['ownpilotContacts', 'messagingContacts']],
  conversations: ['ownpilot', ['ownpilotConversations', 'messagingConversations']],
  messages: ['ownpilot', ['ownpilotMessages', 'messagingMessages']],
} as const;

describe('root exports: every table under one rule', () => {
  it('a name only one system uses is exported bare; a shared one bare from the first system and prefixed for each', () => {
    const owners = new Map<string, string[]>();
    for (const s of order)
      for (const k of Object.keys(systemTables(s))) owners.set(k, [...(owners.get(k) ?? []), s]);
    const sharedNames = [...owners].filter(([, o]) => o.length > 1).map(([k]) => k);
    expect(sharedNames.sort()).toEqual(Object.keys(shared).sort());
    let checked = 0;
    for (const s of order) {
      for (const [key, table] of Object.entries(systemTables(s))) {
        const entry = shared[key as keyof typeof shared];
        if (!entry) expect(exported[key], `${s}.${key}`).toBe(table);
        else {
          if (entry[0] === s) expect(exported[key], `${key} is ${s}'s`).toBe(table);
          expect(exported[`${s}${cap(key)}`], `${s}${cap(key)}`).toBe(table);
        }
        checked++;
      }
    }
    expect(checked).toBe(202);
    for (const [name, [, prefixed]] of Object.entries(shared)) {
      for (const p of prefixed) expect(exported[p], p).toBeDefined();
      expect(exported[name]).toBe(exported[prefixed[0]]);
    }
  });

  it("each export's doc comment names its system and its SQL table", () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'root-tables.ts'), 'utf8');
    const titles = {
      portal: 'Owner Portal',
      quorum: 'AI Quorum',
      cortex: 'Om Cortex',
      bottleneck: 'Bottleneck Bots',
      ownpilot: 'OwnPilot',
      messaging: 'Messaging',
      research: 'Research',
    };
    const docs = new Map(
      [...text.matchAll(/\/\*\* (.+?) \*\/\nexport const (\w+): typeof (\w+)\.(\w+) =\s+\3\.\4;/g)].map(
        (m) => [m[2]!, m],
      ),
    );
    let n = 0;
    for (const s of order) {
      for (const [key, table] of Object.entries(systemTables(s))) {
        const names = shared[key as keyof typeof shared]
          ? [...(shared[key as keyof typeof shared][0] === s ? [key] : []), `${s}${cap(key)}`]
          : [key];
        for (const name of names) {
          const m = docs.get(name);
          expect(m?.[1], name).toContain(
            `${titles[s]} ${is(table, View) ? 'view' : 'table'} \`${sqlName(table)}\``,
          );
          expect([m?.[3], m?.[4]]).toEqual([s, key]);
          n++;
        }
      }
    }
    expect(n).toBe(docs.size);
  });
});

describe('root schema: every system in one drizzle(client, { schema })', () => {
  const t = useTestDb();
  const config = extractTablesRelationalConfig(root.schema, createTableRelationsHelpers);

  it('holds each table once, and every relation each system defines', () => {
    const all = order.flatMap((s) => Object.values(systemTables(s)));
    const inSchema = Object.values(root.schema).filter((v) => all.includes(v as Table));
    expect(inSchema.length).toBe(all.length);
    expect(new Set(inSchema).size).toBe(all.length);
    for (const s of order) {
      const own = extractTablesRelationalConfig(systems[s].schema, createTableRelationsHelpers);
      for (const [key, tableConfig] of Object.entries(own.tables)) {
        const table = (systems[s].schema as Record<string, unknown>)[key];
        const rootKey = Object.entries(root.schema).find(([, v]) => v === table)?.[0];
        expect(rootKey, `${s}.${key}`).toBeDefined();
        const combined = config.tables[rootKey!]!;
        expect(Object.keys(combined.relations).sort(), `${s}.${key} relations`).toEqual(
          Object.keys(tableConfig.relations).sort(),
        );
        for (const [name, rel] of Object.entries(tableConfig.relations)) {
          expect(combined.relations[name]!.referencedTable, `${s}.${key}.${name}`).toBe(rel.referencedTable);
        }
      }
    }
  });

  it('db.query reaches tables of different systems, shared names included, and follows relations', async () => {
    const make = () => {
      if (t().pglite) return { db: drizzlePglite(t().pglite!, { schema: root.schema }), end: async () => {} };
      const client = postgres(t().url!, { max: 1, onnotice: () => {} });
      return { db: drizzlePostgres(client, { schema: root.schema }), end: () => client.end() };
    };
    const { db, end } = make();
    try {
      await db.insert(root.tasks).values({ id: 'TASK-900', description: 'portal task' });
      const portalTask = await db.query.tasks.findFirst({ where: (x, { eq }) => eq(x.id, 'TASK-900') });
      expect(portalTask?.description).toBe('portal task');
      expect(await db.query.ownpilotTasks.findMany()).toEqual([]);
      expect(await db.query.messagingConversations.findMany({ with: { messages: true } })).toEqual([]);
      const tiers = await db.query.subscriptionTiers.findMany({ with: { userSubscriptions: true } });
      expect(tiers.map((x) => x.userSubscriptions)).toEqual(tiers.map(() => []));
    } finally {
      await db.execute(sql`delete from portal.tasks where id = 'TASK-900'`);
      await end();
    }
  });
});

describe('rootQuery: db.query over the root schema, typed from the written-out RootTablesConfig', () => {
  const t = useTestDb();
  type Drizzle = ExtractTablesWithRelations<root.RootSchema>;

  it("RootTablesConfig has drizzle's tables, names and columns", () => {
    expectTypeOf<keyof root.RootTablesConfig>().toEqualTypeOf<keyof Drizzle>();
    expectTypeOf<root.RootTablesConfig['ownpilotTasks']['dbName']>().toEqualTypeOf<'tasks'>();
    expectTypeOf<root.RootTablesConfig['ownpilotTasks']['columns']>().toEqualTypeOf<
      Drizzle['ownpilotTasks']['columns']
    >();
    expectTypeOf<root.RootTablesConfig['coupons']['relations']>().toEqualTypeOf<
      Drizzle['coupons']['relations']
    >();
    expectTypeOf<keyof root.RootTablesConfig['ownpilotTasks']['relations']>().toEqualTypeOf<
      keyof Drizzle['ownpilotTasks']['relations']
    >();
    // drizzle's runtime config has the same tables: the ones `rootQuery` checks for.
    const config = extractTablesRelationalConfig(root.schema, createTableRelationsHelpers);
    const tableKeys = Object.keys(root.schema).filter((k) =>
      is(root.schema[k as keyof root.RootSchema], Table),
    );
    expect(Object.keys(config.tables).sort()).toEqual(tableKeys.sort());
    expect(tableKeys.length).toBe(201);
  });

  it('returns db.query of a database created with the root schema, and refuses another one', async () => {
    if (!t().pglite) return; // the same code on both tiers; PGlite keeps it to one client
    const db = drizzlePglite(t().pglite!, { schema: root.schema });
    const q = root.rootQuery(db);
    expect(q).toBe(db.query);
    await db.insert(root.ownpilotTasks).values({ id: 'rq-1', userId: 'u', title: 'x' });
    try {
      const rows = await q.ownpilotTasks.findMany({
        where: (x, { eq }) => eq(x.id, 'rq-1'),
        columns: { title: true },
      });
      expectTypeOf(rows).toEqualTypeOf<{ title: string }[]>();
      expect(rows).toEqual([{ title: 'x' }]);
    } finally {
      await db.execute(sql`delete from ownpilot.tasks where id = 'rq-1'`);
    }
    const quorumOnly = drizzlePglite(t().pglite!, { schema: root.quorum.schema });
    expect(() => root.rootQuery(quorumOnly)).toThrow(/db\.query has no "companies"/);
  });
});
