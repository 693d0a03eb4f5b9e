import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { uuidInput } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { orchConfigVersions } from './tables/models';
import type { OrchConfigVersion } from './validators';

export const activateConfigVersionErrors = [
  'INVALID_INPUT',
  'VERSION_NOT_FOUND',
  'VERSION_ARCHIVED',
] as const;
export const activateConfigVersionInput = z.object({ id: uuidInput() });

/**
 * Makes a version `active` and deprecates the previously active one, in one transaction. A
 * transaction-level advisory lock serialises activations: without it, two concurrent calls would
 * each deprecate the old version and then collide on the one-active unique index.
 */
export async function activateConfigVersion(
  db: AnyDb,
  input: z.input<typeof activateConfigVersionInput>,
): Promise<
  Result<
    { version: OrchConfigVersion; deprecated: OrchConfigVersion[] },
    (typeof activateConfigVersionErrors)[number]
  >
> {
  narrowDb(db);
  const parsed = parseInput(activateConfigVersionInput, input);
  if (!parsed.success) return parsed;
  const { id } = parsed.data;
  return transactionResult(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('quorum.orch_config_versions.activate'))`);
    const [target] = await tx
      .select({ status: orchConfigVersions.status })
      .from(orchConfigVersions)
      .where(eq(orchConfigVersions.id, id))
      .for('update');
    if (!target) return fail('VERSION_NOT_FOUND', 'no config version has this id');
    if (target.status === 'archived')
      return fail('VERSION_ARCHIVED', 'archived versions cannot be activated');
    const deprecated = await tx
      .update(orchConfigVersions)
      .set({ status: 'deprecated', deprecatedAt: sql`now()` })
      .where(and(eq(orchConfigVersions.status, 'active'), ne(orchConfigVersions.id, id)))
      .returning();
    const [version] = await tx
      .update(orchConfigVersions)
      .set({
        status: 'active',
        activatedAt: target.status === 'active' ? undefined : sql`now()`,
        deprecatedAt: null,
      })
      .where(eq(orchConfigVersions.id, id))
      .returning();
    return ok({ version: version!, deprecated });
  });
}
