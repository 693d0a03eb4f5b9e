// The declared types of the per-table validators. Each validator is annotated with one of these
// (`insertCouponSchema: InsertSchemaOf<typeof coupons>`), so the published declarations name the
// table instead of spelling every column's zod type out again (issue 17 §5: declaration size and
// the type-check cost of apps). Refinements that keep each column's schema type (bounds, formats)
// do not change the type; a validator whose refinement replaces a column's type is not annotated.
import type { Table } from 'drizzle-orm';
import type { BuildSchema } from 'drizzle-zod';

/** `createInsertSchema(table)`'s type. */
export type InsertSchemaOf<T extends Table> = BuildSchema<'insert', T['_']['columns'], undefined, undefined>;
/** `createUpdateSchema(table)`'s type. */
export type UpdateSchemaOf<T extends Table> = BuildSchema<'update', T['_']['columns'], undefined, undefined>;
/** `createSelectSchema(table)`'s type. */
export type SelectSchemaOf<T extends Table> = BuildSchema<'select', T['_']['columns'], undefined, undefined>;
