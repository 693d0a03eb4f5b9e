import { pgSchema } from 'drizzle-orm/pg-core';

/** Holds what every system shares in the database: the `set_updated_at()` trigger function. */
export const orgSchema = pgSchema('org_schema');
