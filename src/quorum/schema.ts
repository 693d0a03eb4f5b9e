import { pgSchema } from 'drizzle-orm/pg-core';

export const quorumSchema = pgSchema('quorum');
