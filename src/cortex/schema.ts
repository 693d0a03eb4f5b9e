import { pgSchema } from 'drizzle-orm/pg-core';

export const cortexSchema = pgSchema('cortex');
