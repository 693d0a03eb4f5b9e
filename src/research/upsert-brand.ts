import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, insertOrExisting, narrowDb } from '../db';
import { INDEX_ENTRY_BUDGET, utf8Bytes, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { domainFromUrl, normalizeBrandName } from './brand-names';
import { brands } from './tables/ads';
import type { Brand } from './validators';

export const upsertBrandInput = z
  .object({
    orgId: uuidInput(),
    canonicalName: z.string().trim().min(1).max(500),
    primaryWebsiteUrl: z.string().trim().min(1).max(2048).nullish(),
  })
  .refine((v) => normalizeBrandName(v.canonicalName).length > 0, {
    path: ['canonicalName'],
    message: 'empty name',
  })
  // NFKC can expand a character to up to 18 (U+FDFA): bound the stored, indexed value itself.
  .refine((v) => utf8Bytes(normalizeBrandName(v.canonicalName)) <= INDEX_ENTRY_BUDGET, {
    path: ['canonicalName'],
    message: `normalized, at most ${INDEX_ENTRY_BUDGET} bytes (UTF-8): uq_brands_org_normalized_name indexes it`,
  })
  .refine((v) => v.primaryWebsiteUrl == null || domainFromUrl(v.primaryWebsiteUrl) !== null, {
    path: ['primaryWebsiteUrl'],
    message: 'not a website URL with a domain',
  })
  .refine((v) => v.primaryWebsiteUrl == null || utf8Bytes(domainFromUrl(v.primaryWebsiteUrl) ?? '') <= 253, {
    path: ['primaryWebsiteUrl'],
    message: 'the domain is longer than 253 characters',
  });
export const upsertBrandErrors = ['INVALID_INPUT', 'ORG_NOT_FOUND'] as const;
export type UpsertBrandError = (typeof upsertBrandErrors)[number];

/**
 * Finds or creates an org's brand. With a website the brand is keyed by its domain
 * (uq_brands_org_domain), without one by its normalized name among domain-less brands
 * (uq_brands_org_normalized_name). INSERT … ON CONFLICT DO NOTHING then a read of the winner,
 * so concurrent upserts of one brand give one row. An existing brand is returned unchanged.
 * Both keys include org_id: another org's brand of the same name or domain is never matched.
 */
export async function upsertBrand(
  db: AnyDb,
  input: z.input<typeof upsertBrandInput>,
): Promise<Result<{ brand: Brand; created: boolean }, UpsertBrandError>> {
  narrowDb(db);
  const parsed = parseInput(upsertBrandInput, input);
  if (!parsed.success) return parsed;
  const { orgId, canonicalName, primaryWebsiteUrl } = parsed.data;
  const normalizedName = normalizeBrandName(canonicalName);
  const primaryDomain = primaryWebsiteUrl ? domainFromUrl(primaryWebsiteUrl) : null;

  const base = () =>
    db.insert(brands).values({
      orgId,
      canonicalName,
      normalizedName,
      primaryWebsiteUrl: primaryWebsiteUrl ?? null,
      primaryDomain,
    });
  try {
    const { row, created } = await insertOrExisting(
      'upsertBrand',
      () =>
        (primaryDomain
          ? base().onConflictDoNothing({
              target: [brands.orgId, brands.primaryDomain],
              where: sql`primary_domain IS NOT NULL`,
            })
          : base().onConflictDoNothing({
              target: [brands.orgId, brands.normalizedName],
              where: sql`primary_domain IS NULL`,
            })
        ).returning(),
      () =>
        db
          .select()
          .from(brands)
          .where(
            primaryDomain
              ? and(eq(brands.orgId, orgId), eq(brands.primaryDomain, primaryDomain))
              : and(
                  eq(brands.orgId, orgId),
                  eq(brands.normalizedName, normalizedName),
                  isNull(brands.primaryDomain),
                ),
          ),
    );
    return ok({ brand: row, created });
  } catch (error) {
    if (isConstraintViolation(error, '23503', 'brands_org_id_fkey'))
      return fail('ORG_NOT_FOUND', 'no org with this id');
    throw error;
  }
}
