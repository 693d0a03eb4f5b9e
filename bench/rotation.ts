// Key rotation in batches on real PostgreSQL: 5,000 rows re-encrypted to a new key version, batch
// size 500, for a versioned table (messaging's tenant credentials, key_version column) and a
// column-triple one (Bottleneck credentials, no version). The library (one UPDATE per batch,
// the resealed values as arrays through `unnest`) against the form it replaced (one UPDATE per
// row, kept below only for the side by side), interleaved in one process, median of runs. Each
// sample rotates every row once: the keyring gains a version per sample.
//   TEST_DATABASE_URL=… npx tsx bench/rotation.ts
//   BENCH_ROTATION_ROWS=5000 BENCH_ROTATION_BATCH=500 BENCH_RUNS=5 …
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { and, count, eq, gt, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { credentials, rotateCredentials, users } from '../src/bottleneck';
import {
  Keyring,
  openColumns,
  openFernet,
  parseJsonSecret,
  type RotationReport,
  rotateInBatches,
  rotateUnversioned,
  sealColumns,
  sealFernet,
} from '../src/crypto';
import { type Database, rowsOf } from '../src/db';
import { rotateTenantCredentials, tenantCredentials, tenants } from '../src/messaging';
import { createBenchDb, fmt, load, median, runs as runCount } from './util';

// ─── The per-row form before issue 20 (bench only) ───────────────────────────────────────────

function legacyTenantCredentials(db: Database, ring: Keyring, batchSize: number): Promise<RotationReport> {
  const current = ring.currentVersion;
  const stale = (skip: string[]) =>
    and(
      ne(tenantCredentials.keyVersion, current),
      skip.length ? notInArray(tenantCredentials.credentialId, skip) : undefined,
    );
  return rotateInBatches(db, {
    batchSize,
    pick: (tx, skip, limit) =>
      tx
        .select({
          id: tenantCredentials.credentialId,
          token: tenantCredentials.credentials,
          version: tenantCredentials.keyVersion,
        })
        .from(tenantCredentials)
        .where(stale(skip))
        .orderBy(tenantCredentials.credentialId)
        .limit(limit)
        .for('update', { skipLocked: true }),
    pending: async (d, skip) => {
      const [row] = await d.select({ n: count() }).from(tenantCredentials).where(stale(skip));
      return row!.n;
    },
    rewrite: async (tx, row) => {
      const text = openFernet(ring, row.version, row.token);
      const plain = text === undefined ? undefined : parseJsonSecret(text)?.value;
      if (!plain) return false;
      const { token } = sealFernet(ring, JSON.stringify(plain));
      await tx
        .update(tenantCredentials)
        .set({ credentials: token, keyVersion: current })
        .where(eq(tenantCredentials.credentialId, row.id));
      return true;
    },
  });
}

function legacyCredentials(db: Database, ring: Keyring, batchSize: number): Promise<RotationReport> {
  const cols = {
    id: credentials.id,
    data: credentials.encryptedData,
    iv: credentials.iv,
    tag: credentials.authTag,
  };
  type Row = { id: number; data: string | null; iv: string | null; tag: string | null };
  return rotateUnversioned<Row>(db, {
    batchSize,
    scan: (tx, after, limit) =>
      tx.select(cols).from(credentials).where(gt(credentials.id, after)).orderBy(credentials.id).limit(limit),
    lock: (tx, ids) =>
      tx
        .select(cols)
        .from(credentials)
        .where(inArray(credentials.id, ids))
        .orderBy(credentials.id)
        .for('update', { skipLocked: true }),
    isCurrent: (r) => openColumns(ring, r, ring.currentVersion) !== undefined,
    rewrite: async (tx, r) => {
      const opened = openColumns(ring, r);
      if (!opened) return false;
      const c = sealColumns(ring, opened.plaintext);
      await tx
        .update(credentials)
        .set({ encryptedData: c.data, iv: c.iv, authTag: c.tag })
        .where(eq(credentials.id, r.id));
      return true;
    },
  });
}

// ─── The benchmark ───────────────────────────────────────────────────────────────────────────

export interface RotationPoint {
  table: string;
  rows: number;
  batchSize: number;
  /** ms per full rotation, median of runs. */
  library: number;
  legacy: number;
  /** legacy ÷ library (medians). */
  speedup: number;
  /** UPDATE statements per batch. */
  updatesPerBatch: { library: number; legacy: number };
}

export async function benchRotation(
  options: { rows?: number; batchSize?: number; runs?: number } = {},
): Promise<RotationPoint[]> {
  const ROWS = options.rows ?? 5_000;
  const BATCH = options.batchSize ?? 500;
  const RUNS = options.runs ?? runCount();
  const bdb = await createBenchDb('rotation', ['messaging', 'bottleneck']);
  const { db } = bdb.open(1);
  // Key versions 1, 2, …: each rotation writes with the next one and still reads every older one.
  const keys: [number, Buffer][] = [[1, randomBytes(32)]];
  const nextRing = () => {
    keys.push([keys.length + 1, randomBytes(32)]);
    return new Keyring([...keys]);
  };
  try {
    const ring1 = new Keyring([...keys]);
    const [tenant] = await db.insert(tenants).values({ tenantSlug: 'bench', name: 'bench' }).returning();
    const [user] = await db.insert(users).values({ email: 'bench@example.com' }).returning({ id: users.id });
    for (let i = 0; i < ROWS; i += 1000) {
      const n = Math.min(1000, ROWS - i);
      await db.insert(tenantCredentials).values(
        Array.from({ length: n }, (_, k) => ({
          tenantId: tenant!.tenantId,
          provider: `p${i + k}`,
          credentials: sealFernet(ring1, JSON.stringify({ apiKey: `sk-${i + k}` })).token,
          keyVersion: 1,
        })),
      );
      await db.insert(credentials).values(
        Array.from({ length: n }, (_, k) => {
          const c = sealColumns(ring1, JSON.stringify({ password: `pw-${i + k}` }));
          return {
            userId: user!.id,
            name: `c${i + k}`,
            service: 's',
            type: 'password',
            encryptedData: c.data,
            iv: c.iv,
            authTag: c.tag,
          };
        }),
      );
    }
    const cases = {
      'messaging.tenant_credentials (versioned)': {
        library: async (ring: Keyring) => {
          const r = await rotateTenantCredentials(db, { batchSize: BATCH }, ring);
          if (!r.success) throw new Error(r.error);
          return r;
        },
        legacy: (ring: Keyring) => legacyTenantCredentials(db, ring, BATCH),
      },
      'bottleneck.credentials (column triple)': {
        library: async (ring: Keyring) => {
          const r = await rotateCredentials(db, { batchSize: BATCH }, ring);
          if (!r.success) throw new Error(r.error);
          return r;
        },
        legacy: (ring: Keyring) => legacyCredentials(db, ring, BATCH),
      },
    };
    const out: RotationPoint[] = [];
    for (const [table, fns] of Object.entries(cases)) {
      const ms = { library: [] as number[], legacy: [] as number[] };
      // One warm-up rotation per side, then RUNS, alternating which side goes first.
      for (let r = -1; r < RUNS; r++) {
        const order = r % 2 === 0 ? (['library', 'legacy'] as const) : (['legacy', 'library'] as const);
        for (const side of order) {
          const ring = nextRing();
          const t0 = performance.now();
          const report = await fns[side](ring);
          const elapsed = performance.now() - t0;
          if (report.rotated !== ROWS || report.failed.length !== 0 || report.remaining !== 0)
            throw new Error(`${table} ${side}: ${JSON.stringify(report)}`);
          if (r >= 0) ms[side].push(elapsed);
        }
      }
      if (table.startsWith('messaging')) {
        // Every row on the last sample's version.
        const [left] = rowsOf<{ n: number }>(
          await db.execute(
            sql`select count(*)::int as n from core.tenant_credentials where key_version <> ${keys.length}`,
          ),
        );
        if (left!.n !== 0) throw new Error(`${left!.n} rows left on an old version`);
      }
      const library = median(ms.library);
      const legacy = median(ms.legacy);
      out.push({
        table,
        rows: ROWS,
        batchSize: BATCH,
        library,
        legacy,
        speedup: legacy / library,
        updatesPerBatch: { library: 1, legacy: BATCH },
      });
    }
    return out;
  } finally {
    await bdb.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.env.BENCH_ROTATION_ROWS ?? 5000);
  const batchSize = Number(process.env.BENCH_ROTATION_BATCH ?? 500);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  console.log(
    `key rotation, ${fmt(rows)} rows, batch ${batchSize}, ${runs} runs per figure (median), load ${load()}`,
  );
  for (const p of await benchRotation({ rows, batchSize, runs })) {
    console.log(
      `${p.table}: library ${fmt(p.library, 1)} ms (${fmt((p.rows / p.library) * 1000)} rows/s), legacy ${fmt(p.legacy, 1)} ms (${fmt((p.rows / p.legacy) * 1000)} rows/s): ${p.speedup.toFixed(2)}×`,
    );
  }
  console.log(`load ${load()}`);
}
