import { and, eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { uuidInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { leads } from './tables/leads';
import { insertLeadSchema, type Lead } from './validators';

export const recordLeadInput = insertLeadSchema.omit({
  id: true,
  createdAt: true,
  hubspotContactId: true,
  hubspotSynced: true,
});
export const recordLeadErrors = ['INVALID_INPUT'] as const;

/** Stores a form submission: email trimmed and lower-cased, form_type `general` and metadata `{}` by default, not yet synced. */
export async function recordLead(
  db: AnyDb,
  input: z.input<typeof recordLeadInput>,
): Promise<Result<{ lead: Lead }, (typeof recordLeadErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordLeadInput, input);
  if (!parsed.success) return parsed;
  const [lead] = await db.insert(leads).values(parsed.data).returning();
  return ok({ lead: lead! });
}

export const markLeadSyncedInput = z.object({
  id: uuidInput(),
  hubspotContactId: z.string().trim().min(1).max(200),
});
export const markLeadSyncedErrors = ['INVALID_INPUT', 'NOT_FOUND', 'ALREADY_SYNCED'] as const;

/**
 * Records a successful HubSpot sync. Repeating it with the same contact id is a no-op success;
 * a lead already synced to another contact is refused (ALREADY_SYNCED). One conditional UPDATE.
 */
export async function markLeadSynced(
  db: AnyDb,
  input: z.input<typeof markLeadSyncedInput>,
): Promise<Result<{ lead: Lead }, (typeof markLeadSyncedErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(markLeadSyncedInput, input);
  if (!parsed.success) return parsed;
  const { id, hubspotContactId } = parsed.data;
  const [lead] = await db
    .update(leads)
    .set({ hubspotSynced: true, hubspotContactId })
    .where(
      and(
        eq(leads.id, id),
        or(
          eq(leads.hubspotSynced, false),
          sql`${leads.hubspotContactId} is not distinct from ${hubspotContactId}`,
        ),
      ),
    )
    .returning();
  if (lead) return ok({ lead });
  const [existing] = await db.select({ contact: leads.hubspotContactId }).from(leads).where(eq(leads.id, id));
  return existing
    ? fail('ALREADY_SYNCED', `lead is already synced to HubSpot contact ${existing.contact}`)
    : fail('NOT_FOUND', `no lead ${id}`);
}
