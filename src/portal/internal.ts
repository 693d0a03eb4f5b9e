// Pieces the portal's validators and functions share but the package does not export.
import { z } from 'zod';
import { unstorableReason } from '../input';

/** Documented: before_value is null for create, after_value is null for delete. */
export const dnsChangeValuesRefinement = <
  T extends { action?: string | null; beforeValue?: unknown; afterValue?: unknown },
>(
  c: T,
  ctx: z.core.$RefinementCtx<T>,
) => {
  if (c.action === 'create' && c.beforeValue != null)
    ctx.addIssue({ code: 'custom', message: 'before_value is null for create', path: ['beforeValue'] });
  if (c.action === 'delete' && c.afterValue != null)
    ctx.addIssue({ code: 'custom', message: 'after_value is null for delete', path: ['afterValue'] });
};

/** Documented: current_value is null for create. */
export const dnsApprovalValuesRefinement = <T extends { action?: string | null; currentValue?: unknown }>(
  a: T,
  ctx: z.core.$RefinementCtx<T>,
) => {
  if (a.action === 'create' && a.currentValue != null)
    ctx.addIssue({ code: 'custom', message: 'current_value is null for create', path: ['currentValue'] });
};

/**
 * A JSONB value of a documented shape, also checked as JSON as a whole: the loose objects keep
 * extra keys, and those must be JSON too (no functions, class instances or undefined array items
 * that JSON.stringify would silently drop or rewrite).
 */
export const storedJson = <T extends z.ZodType>(schema: T) =>
  schema.refine((v) => unstorableReason(v, { json: true }) === undefined, {
    error: 'a JSON value (finite numbers, storable strings, plain objects and arrays, no cycles)',
  });

/** The input of a function that takes none: nothing, or an empty object. */
export const noInput = () => z.strictObject({}).optional();
