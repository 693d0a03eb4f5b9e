import { pgSchema } from 'drizzle-orm/pg-core';

export const researchSchema = pgSchema('research');
