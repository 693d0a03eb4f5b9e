import { pgSchema } from 'drizzle-orm/pg-core';

export const bottleneckSchema = pgSchema('bottleneck');
