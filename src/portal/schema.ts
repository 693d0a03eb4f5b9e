import { pgSchema } from 'drizzle-orm/pg-core';

export const portalSchema = pgSchema('portal');
