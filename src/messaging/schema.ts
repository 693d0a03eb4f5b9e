import { pgSchema } from 'drizzle-orm/pg-core';

/** The messaging system uses the two Postgres schemas its document names. */
export const core = pgSchema('core');
export const bot = pgSchema('bot');
